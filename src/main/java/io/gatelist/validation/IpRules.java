package io.gatelist.validation;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.finding.Severity;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an IP address or CIDR range as written in a list: strict IPv4 dotted quads, every RFC 4291 IPv6 text
 * form, CIDR prefixes without host bits, the list's narrowest expected range and the special-purpose registries.
 * Names are never resolved.
 *
 * <p>Three layers, cheapest first. A plain dotted quad (most rows of a real list) is decided by
 * {@link IpLiterals#parseIpv4}, and IPv6 text of hex groups and colons (with "::" at most once) by
 * {@link IpLiterals#parseIpv6}: the lookup module's allocation-free strict parsers, which accept only text that
 * IPAddress in the strict configuration below accepts, with the same result and findings (IpRulesFastPathTest
 * compares both over random and tricky inputs). Whatever they do not settle plainly (a /0, host bits set,
 * IPv4-mapped or embedded dotted quads, any error) goes to IPAddress, configured to accept nothing another parser
 * might read differently: no inet_aton forms, no leading zeros, no zones, no wildcards or ranges. When IPAddress
 * refuses a value, a lexical pass names the precise problem (leading zero, hex, too few parts, "::" twice) so that
 * the report says more than "invalid".
 */
public final class IpRules {

    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefix(true)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .allow_inet_aton(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .setEmptyAsLoopback(false)
            .getIPv4AddressParametersBuilder()
                .allowLeadingZeros(false)
                .allowUnlimitedLeadingZeros(false)
                .allowPrefixLengthLeadingZeros(false)
                .allowPrefixesBeyondAddressSize(false)
                .allowBinary(false)
                .getParentBuilder()
            .getIPv6AddressParametersBuilder()
                .allowZone(false)
                .allowEmptyZone(false)
                .allowBase85(false)
                .allowBinary(false)
                .allowMixed(true)
                .allowUnlimitedLeadingZeros(false)
                .allowPrefixLengthLeadingZeros(false)
                .allowPrefixesBeyondAddressSize(false)
                .getParentBuilder()
            .toParams();

    /**
     * The outcome: the normalised prefix when the value is acceptable, and every finding.
     *
     * @param prefix   the canonical block, or {@code null} when an error rejects the value
     * @param findings errors, warnings and infos, in the order found
     */
    public record Result(IpPrefix prefix, List<Finding> findings) implements Checked {
    }

    private IpRules() {
    }

    /**
     * Judges {@code raw}, an address or CIDR range. White space is an error here: trimming a cell is the caller's
     * business, and a space inside a value is a typing mistake, not padding.
     */
    public static Result check(String column, String raw, ValidationProfile profile) {
        return check(column, raw, profile, true);
    }

    /**
     * {@link #check(String, String, ValidationProfile)}, with the fast paths switched off when {@code fast} is
     * false: the reference the fast paths are tested against.
     */
    static Result check(String column, String raw, ValidationProfile profile, boolean fast) {
        IpPrefix quad = fast ? parseDottedQuad(raw) : null;
        IpPrefix plain6 = fast && quad == null ? parsePlainIpv6(raw) : null;
        List<Finding> findings;
        IpPrefix prefix;
        if (quad != null) {
            findings = new ArrayList<>(0);
            prefix = quad.length() == 0 ? zeroPrefix(column, raw, 4, findings) : quad;
            if (prefix != null && prefix.isHost() && raw.indexOf('/') >= 0) {
                findings.add(Finding.of(Rule.IP_NORMALISED, column, raw, "\"" + raw + "\" is a single address; "
                        + "stored as " + prefix.canonical()));
            }
        } else if (plain6 != null) {
            findings = new ArrayList<>(1);
            prefix = plain6;
            if (!isCanonical6(raw, prefix)) {
                normalised6(column, raw, prefix, findings);
            }
        } else {
            findings = new ArrayList<>(2);
            prefix = parse(column, raw, findings);
        }
        if (prefix != null && judge(column, raw, prefix, profile, findings)) {
            prefix = null; // an error-level judgement (special-purpose in a nomination) rejects the value
        }
        return new Result(prefix, findings.isEmpty() ? List.of() : findings);
    }

    /**
     * Parses an address that must be a single address, not a range (an HELO literal, a nominated MTA): the same
     * rules, and a prefix length is an error.
     */
    public static Result checkAddress(String column, String raw, ValidationProfile profile) {
        if (raw.indexOf('/') >= 0) {
            return new Result(null, List.of(Finding.of(Rule.IP_INVALID, column, raw,
                    "\"" + raw + "\" is a range; a single address is expected here")));
        }
        return check(column, raw, profile);
    }

    /**
     * A strict dotted quad with an optional prefix length of 1-2 digits without a leading zero, as an exact
     * block; {@code null} for anything else, including host bits set (which the slow path explains).
     */
    private static IpPrefix parseDottedQuad(String raw) {
        int slash = raw.indexOf('/');
        int end = slash < 0 ? raw.length() : slash;
        long address = IpLiterals.parseIpv4(raw, 0, end);
        if (address == IpLiterals.INVALID) {
            return null;
        }
        int length = 32;
        if (slash >= 0) {
            length = prefixLength(raw, slash + 1, 32);
            if (length < 0) {
                return null;
            }
        }
        long mask = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        if ((address & mask) != address) {
            return null;
        }
        return new IpPrefix(4, 0, address, length);
    }

    /**
     * IPv6 text of hex groups and colons, with an optional prefix length 1-128, as an exact block; {@code null}
     * for anything else: a dotted quad inside, a /0, host bits set, an IPv4-mapped address (each of which the
     * slow path explains or converts) and every malformed text.
     */
    private static IpPrefix parsePlainIpv6(String raw) {
        int slash = raw.indexOf('/');
        int end = slash < 0 ? raw.length() : slash;
        if (raw.indexOf(':') < 0 || raw.lastIndexOf('.', end - 1) >= 0) {
            return null;
        }
        long[] halves = new long[2];
        if (!IpLiterals.parseIpv6(raw, 0, end, halves)) {
            return null;
        }
        long high = halves[0];
        long low = halves[1];
        int length = 128;
        if (slash >= 0) {
            length = prefixLength(raw, slash + 1, 128);
            if (length <= 0) {
                return null;
            }
        }
        if ((high & maskHigh6(length)) != high || (low & maskLow6(length)) != low
                || IpLiterals.isIpv4Mapped(high, low)) {
            return null;
        }
        return new IpPrefix(6, high, low, length);
    }

    /**
     * True when {@code raw} is exactly {@code prefix.canonical()}, decided without formatting it: a prefix length
     * the fast path accepted has no leading zero, so only the address and a host's needless /128 can differ.
     */
    private static boolean isCanonical6(String raw, IpPrefix prefix) {
        int slash = raw.indexOf('/');
        return (slash < 0) == prefix.isHost() && IpLiterals.isCanonicalIpv6(raw, 0, slash < 0 ? raw.length() : slash,
                prefix.high(), prefix.low());
    }

    /** Notes an IPv6 value that is not written in its canonical form. */
    private static void normalised6(String column, String raw, IpPrefix prefix, List<Finding> findings) {
        if (!prefix.canonical().equals(raw)) {
            findings.add(Finding.of(Rule.IP_NORMALISED, column, raw,
                    "\"" + raw + "\" is stored in RFC 5952 canonical form as " + prefix.canonical()));
        }
    }

    /** A decimal prefix length 0..max without leading zeros in {@code raw[from..]}, or -1. */
    private static int prefixLength(String raw, int from, int max) {
        int digits = raw.length() - from;
        if (digits < 1 || digits > 3 || (digits > 1 && raw.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static IpPrefix parse(String column, String raw, List<Finding> findings) {
        if (raw.isEmpty()) {
            findings.add(Finding.of(Rule.IP_INVALID, column, raw, "the address is empty"));
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isWhitespace(raw.charAt(i))) {
                findings.add(Finding.of(Rule.IP_INVALID, column, raw, "\"" + raw + "\" contains white space at "
                        + "character " + (i + 1) + "; an address is written without spaces"));
                return null;
            }
        }
        if (raw.indexOf('%') >= 0) {
            findings.add(Finding.of(Rule.IPV6_ZONE, column, raw,
                    "\"" + raw + "\" has a zone id; zone ids name a local interface: remove the %… part"));
            return null;
        }
        if (raw.startsWith("[") || raw.endsWith("]") || raw.indexOf(']') >= 0) {
            findings.add(Finding.of(Rule.IPV6_BRACKETS, column, raw,
                    "\"" + raw + "\": write addresses without brackets (brackets belong in URLs and HELO literals)"));
            return null;
        }
        int slash = raw.indexOf('/');
        String address = slash < 0 ? raw : raw.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        // The address first: "<b>/x" is not an address at all, whatever follows its slash.
        Finding lexical = v6 ? ipv6Lexical(column, raw, address) : ipv4Lexical(column, raw, address);
        if (lexical != null) {
            findings.add(lexical);
            return null;
        }
        if (slash >= 0 && prefixLength(raw, slash + 1, v6 ? 128 : 32) < 0) {
            findings.add(Finding.of(Rule.CIDR_PREFIX_INVALID, column, raw, "\"" + raw.substring(slash + 1)
                    + "\" is not a prefix length (0-" + (v6 ? 128 : 32) + ", decimal, no leading zeros)"));
            return null;
        }
        if (slash >= 0 && raw.length() == slash + 2 && raw.charAt(slash + 1) == '0') {
            // Before IPAddress, which reads "::/0" and "8.8.8.8/0" as "every address" and refuses them vaguely.
            return zeroPrefix(column, raw, v6 ? 6 : 4, findings);
        }
        IPAddress parsed;
        try {
            parsed = new IPAddressString(raw, STRICT).toAddress();
        } catch (AddressStringException e) {
            findings.add(Finding.of(v6 ? Rule.IPV6_INVALID : Rule.IP_INVALID, column, raw, "\"" + raw + "\" is not "
                    + (v6 ? "an IPv6 address or prefix" : "an IPv4 or IPv6 address or CIDR range") + " ("
                    + e.getMessage() + ")"));
            return null;
        }
        Integer length = parsed.getNetworkPrefixLength();
        if (parsed.isIPv4()) {
            // Only reached for forms the fast path left (host bits set, a /0).
            int bits = length == null ? 32 : length;
            return block(column, raw, 4, 0, Integer.toUnsignedLong(((IPv4Address) parsed).intValue()), bits, findings);
        }
        IPv6Address ipv6 = (IPv6Address) parsed;
        int bits = length == null ? 128 : length;
        if (address.indexOf('.') >= 0 && ipv6.isIPv4Compatible()) {
            findings.add(Finding.of(Rule.IPV6_IPV4_COMPATIBLE, column, raw, "\"" + raw
                    + "\" is an IPv4-compatible IPv6 address, deprecated by RFC 4291 and never on the wire: write "
                    + "the IPv4 address " + ipv6.getEmbeddedIPv4Address().toCanonicalString()));
            return null;
        }
        long[] halves = ipv6.longValues();
        if (ipv6.isIPv4Mapped() && (length == null || length >= 96)) {
            IPv4Address ipv4 = ipv6.getEmbeddedIPv4Address();
            int v4bits = bits - 96;
            IpPrefix mapped = block(column, raw, 4, 0, Integer.toUnsignedLong(ipv4.intValue()), v4bits, findings);
            if (mapped != null) {
                findings.add(Finding.of(Rule.IPV4_MAPPED, column, raw, "\"" + raw + "\" is IPv4-mapped IPv6; stored as "
                        + "the IPv4 " + (mapped.isHost() ? "address " : "range ") + mapped.canonical()));
            }
            return mapped;
        }
        IpPrefix prefix = block(column, raw, 6, halves[0], halves[1], bits, findings);
        if (prefix != null) {
            normalised6(column, raw, prefix, findings);
        }
        return prefix;
    }

    /** Builds the block, or reports a /0 or host bits set (naming the network the user probably meant). */
    private static IpPrefix block(String column, String raw, int family, long high, long low, int length,
            List<Finding> findings) {
        if (length == 0) {
            return zeroPrefix(column, raw, family, findings);
        }
        IpPrefix network = family == 4 ? new IpPrefix(4, 0, low & maskLow4(length), length)
                : new IpPrefix(6, high & maskHigh6(length), low & maskLow6(length), length);
        if (network.high() != high || network.low() != low) {
            IpPrefix host = family == 4 ? new IpPrefix(4, 0, low, 32) : new IpPrefix(6, high, low, 128);
            findings.add(Finding.of(Rule.CIDR_HOST_BITS, column, raw, "\"" + raw + "\" has host bits set after /"
                    + length + "; did you mean " + network.canonical() + " (the network), or the single address "
                    + host.canonical() + "?"));
            return null;
        }
        return network;
    }

    private static IpPrefix zeroPrefix(String column, String raw, int family, List<Finding> findings) {
        findings.add(Finding.of(Rule.CIDR_ZERO_PREFIX, column, raw,
                "\"" + raw + "\" is /0: it covers every " + (family == 4 ? "IPv4" : "IPv6") + " address"));
        return null;
    }

    /** Adds the list's judgements of a well-formed block; true when one of them is an error. */
    private static boolean judge(String column, String raw, IpPrefix prefix, ValidationProfile profile,
            List<Finding> findings) {
        int min = prefix.family() == 4 ? profile.minPrefixIpv4() : profile.minPrefixIpv6();
        if (min > 0 && prefix.length() < min) {
            findings.add(Finding.of(Rule.CIDR_TOO_WIDE, column, raw, prefix.canonical() + " (" + sizeOf(prefix)
                    + ") is wider than /" + min + ", the narrowest range this list expects; check it is intended"));
        }
        if (profile.specialPurposeSeverity() != null) {
            SpecialPurposeRanges.Block block = SpecialPurposeRanges.find(prefix);
            if (block != null) {
                findings.add(new Finding(Rule.SPECIAL_PURPOSE, profile.specialPurposeSeverity(), column, raw,
                        prefix.canonical() + (block.prefix().contains(prefix) ? " is in " : " overlaps ")
                                + block.prefix().canonical() + ", " + block.name()
                                + "; reputation services act on public MTA addresses only"));
                return profile.specialPurposeSeverity() == Severity.ERROR;
            }
        }
        return false;
    }

    private static String sizeOf(IpPrefix prefix) {
        int hostBits = prefix.width() - prefix.length();
        if (prefix.family() == 4) {
            return String.format(java.util.Locale.ROOT, "%,d addresses", 1L << hostBits);
        }
        return hostBits >= 64 ? "2^" + (hostBits - 64) + " /64 networks" : "2^" + hostBits + " addresses";
    }

    /** Names the precise problem of a malformed IPv4 text, or returns {@code null} to let IPAddress decide. */
    private static Finding ipv4Lexical(String column, String raw, String address) {
        if (address.isEmpty()) {
            return Finding.of(Rule.IP_INVALID, column, raw, "the address before the / is empty");
        }
        String[] parts = address.split("\\.", -1);
        for (String part : parts) {
            if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
                return Finding.of(Rule.IPV4_HEX, column, raw,
                        "\"" + raw + "\" uses hexadecimal (" + part + "); write each octet in decimal");
            }
        }
        boolean numeric = true;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            numeric &= (c >= '0' && c <= '9') || c == '.';
        }
        if (!numeric) {
            return Finding.of(Rule.IP_INVALID, column, raw, "\"" + raw + "\" is not an IP address (IPv4 is four "
                    + "decimal numbers 0-255 separated by dots; IPv6 has colons)");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return Finding.of(Rule.IPV4_EMPTY_PART, column, raw, "\"" + raw + "\" has an empty part");
            }
        }
        if (parts.length < 4) {
            return Finding.of(Rule.IPV4_TOO_FEW_PARTS, column, raw, "\"" + raw + "\" has " + parts.length
                    + " part" + (parts.length == 1 ? "" : "s") + "; an IPv4 address has four (a.b.c.d): short "
                    + "forms such as 127.1 mean different addresses to different parsers");
        }
        if (parts.length > 4) {
            return Finding.of(Rule.IPV4_TOO_MANY_PARTS, column, raw,
                    "\"" + raw + "\" has " + parts.length + " parts; an IPv4 address has four");
        }
        for (String part : parts) {
            if (part.length() > 1 && part.charAt(0) == '0') {
                return Finding.of(Rule.IPV4_LEADING_ZERO, column, raw, "\"" + raw + "\": octet \"" + part
                        + "\" has a leading zero, which some parsers read as octal; write " + stripZeros(address));
            }
        }
        for (String part : parts) {
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                return Finding.of(Rule.IPV4_OCTET_RANGE, column, raw,
                        "\"" + raw + "\": octet " + part + " is larger than 255");
            }
        }
        return null;
    }

    /** Names the two IPv6 mistakes IPAddress's message would leave vague, or returns {@code null}. */
    private static Finding ipv6Lexical(String column, String raw, String address) {
        int first = address.indexOf("::");
        if (first >= 0 && address.indexOf("::", first + 1) >= 0) {
            return Finding.of(Rule.IPV6_MULTIPLE_COMPRESSION, column, raw, "\"" + raw + "\" uses \"::\" more than "
                    + "once, so the number of zero groups each stands for is ambiguous");
        }
        int run = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == ':' || c == '.') {
                run = 0;
            } else if (Character.digit(c, 16) >= 0 && ++run > 4) {
                int start = address.lastIndexOf(':', i) + 1;
                int end = address.indexOf(':', i);
                return Finding.of(Rule.IPV6_GROUP_TOO_LONG, column, raw, "\"" + raw + "\": group \""
                        + address.substring(start, end < 0 ? address.length() : end)
                        + "\" has more than four hexadecimal digits");
            }
        }
        return null;
    }

    private static String stripZeros(String address) {
        StringBuilder sb = new StringBuilder();
        for (String part : address.split("\\.", -1)) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            int i = 0;
            while (i < part.length() - 1 && part.charAt(i) == '0') {
                i++;
            }
            sb.append(part, i, part.length());
        }
        return sb.toString();
    }

    private static long maskLow4(int length) {
        return (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }

    private static long maskHigh6(int length) {
        return length >= 64 ? -1L : -1L << (64 - length);
    }

    private static long maskLow6(int length) {
        if (length <= 64) {
            return 0;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }
}
