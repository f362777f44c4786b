package io.gatelist.validation;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an IP address or CIDR range as written in a list: strict IPv4 dotted quads, every RFC 4291 IPv6 text
 * form, CIDR prefixes without host bits, and the special-purpose registries. Parsing is IPAddress's, configured
 * to accept nothing that another parser might read differently (no inet_aton forms, no leading zeros, no
 * zones, no wildcards or ranges); it never resolves names. Before parsing, a cheap lexical pass names the
 * precise problem (leading zero, hex, too few parts) so that the report says more than "invalid".
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
    public record Result(IpPrefix prefix, List<Finding> findings) {
    }

    private IpRules() {
    }

    /**
     * Judges {@code raw} (already trimmed of surrounding white space by the caller or not: white space is an
     * error here, since a cell's padding is the CSV reader's business).
     */
    public static Result check(String column, String raw, ValidationProfile profile) {
        List<Finding> findings = new ArrayList<>(2);
        IpPrefix prefix = parse(column, raw, findings);
        if (prefix != null) {
            judge(column, raw, prefix, profile, findings);
        }
        return new Result(prefix, findings);
    }

    private static IpPrefix parse(String column, String raw, List<Finding> findings) {
        if (raw.indexOf('%') >= 0) {
            findings.add(Finding.of(Rule.IPV6_ZONE, column, raw,
                    "\"" + raw + "\" has a zone id; zone ids name a local interface: remove the %… part"));
            return null;
        }
        if (raw.startsWith("[") || raw.endsWith("]")) {
            findings.add(Finding.of(Rule.IPV6_BRACKETS, column, raw,
                    "\"" + raw + "\": write IPv6 addresses without brackets"));
            return null;
        }
        int slash = raw.indexOf('/');
        String address = slash < 0 ? raw : raw.substring(0, slash);
        if (slash >= 0 && !validPrefixLength(raw.substring(slash + 1), address.indexOf(':') >= 0 ? 128 : 32)) {
            findings.add(Finding.of(Rule.CIDR_PREFIX_INVALID, column, raw, "\"" + raw.substring(slash + 1)
                    + "\" is not a prefix length (0-" + (address.indexOf(':') >= 0 ? 128 : 32) + ", no leading zeros)"));
            return null;
        }
        if (address.indexOf(':') < 0) {
            Finding lexical = ipv4Lexical(column, raw, address);
            if (lexical != null) {
                findings.add(lexical);
                return null;
            }
        }
        IPAddress parsed;
        try {
            parsed = new IPAddressString(raw, STRICT).toAddress();
        } catch (AddressStringException e) {
            findings.add(Finding.of(Rule.IP_INVALID, column, raw,
                    "\"" + raw + "\" is not an IPv4 or IPv6 address or CIDR range (" + e.getMessage() + ")"));
            return null;
        }
        Integer length = parsed.getNetworkPrefixLength();
        if (parsed.isIPv4()) {
            int bits = length == null ? 32 : length;
            return block(column, raw, 4, 0, Integer.toUnsignedLong(((IPv4Address) parsed).intValue()), bits, findings);
        }
        IPv6Address v6 = (IPv6Address) parsed;
        int bits = length == null ? 128 : length;
        if (v6.isIPv4Compatible() && address.indexOf('.') >= 0 && !v6.isZero()) {
            findings.add(Finding.of(Rule.IPV6_IPV4_COMPATIBLE, column, raw, "\"" + raw
                    + "\" is an IPv4-compatible IPv6 address, deprecated by RFC 4291: write the IPv4 address "
                    + v6.getEmbeddedIPv4Address().toCanonicalString()));
            return null;
        }
        long[] halves = v6.longValues();
        if (v6.isIPv4Mapped() && (length == null || length >= 96)) {
            IPv4Address v4 = v6.getEmbeddedIPv4Address();
            int v4bits = bits - 96;
            String text = v4.toCanonicalString() + (length == null ? "" : "/" + v4bits);
            findings.add(Finding.of(Rule.IPV4_MAPPED, column, raw,
                    "\"" + raw + "\" is IPv4-mapped; stored as " + text));
            return block(column, raw, 4, 0, Integer.toUnsignedLong(v4.intValue()), v4bits, findings);
        }
        return block(column, raw, 6, halves[0], halves[1], bits, findings);
    }

    /** Builds the block, or reports a /0 or host bits set (naming the network the user probably meant). */
    private static IpPrefix block(String column, String raw, int family, long high, long low, int length,
            List<Finding> findings) {
        if (length == 0) {
            findings.add(Finding.of(Rule.CIDR_ZERO_PREFIX, column, raw,
                    "\"" + raw + "\" covers every " + (family == 4 ? "IPv4" : "IPv6") + " address"));
            return null;
        }
        IpPrefix network = family == 4 ? new IpPrefix(4, 0, low & maskLow4(length), length)
                : new IpPrefix(6, high & maskHigh6(length), low & maskLow6(length), length);
        if (network.high() != high || network.low() != low) {
            findings.add(Finding.of(Rule.CIDR_HOST_BITS, column, raw, "\"" + raw + "\" has host bits set; did you mean "
                    + network.canonical() + "?"));
            return null;
        }
        return network;
    }

    private static void judge(String column, String raw, IpPrefix prefix, ValidationProfile profile,
            List<Finding> findings) {
        int min = prefix.family() == 4 ? profile.minPrefixIpv4() : profile.minPrefixIpv6();
        if (min > 0 && prefix.length() < min) {
            findings.add(Finding.of(Rule.CIDR_TOO_WIDE, column, raw, prefix.canonical() + " is wider than /" + min
                    + ", this list's narrowest expected range; check it is intended"));
        }
        if (profile.specialPurposeSeverity() != null) {
            SpecialPurposeRanges.Block block = SpecialPurposeRanges.find(prefix);
            if (block != null) {
                findings.add(new Finding(Rule.SPECIAL_PURPOSE, profile.specialPurposeSeverity(), column, raw,
                        prefix.canonical() + " is in " + block.prefix().canonical() + ", " + block.name()
                                + "; reputation services act on public MTA addresses only"));
            }
        }
    }

    private static boolean validPrefixLength(String text, int width) {
        if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
            return false;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= width;
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
                        "\"" + raw + "\" uses hexadecimal; write each octet in decimal");
            }
        }
        boolean numeric = address.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        if (!numeric) {
            return Finding.of(Rule.IP_INVALID, column, raw,
                    "\"" + raw + "\" is not an IP address (IPv4 is four decimal numbers 0-255 separated by dots)");
        }
        if (parts.length < 4) {
            return Finding.of(Rule.IPV4_TOO_FEW_PARTS, column, raw, "\"" + raw + "\" has " + parts.length
                    + " part" + (parts.length == 1 ? "" : "s") + "; an IPv4 address has four (a.b.c.d)");
        }
        if (parts.length > 4) {
            return Finding.of(Rule.IP_INVALID, column, raw,
                    "\"" + raw + "\" has " + parts.length + " parts; an IPv4 address has four");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return Finding.of(Rule.IP_INVALID, column, raw, "\"" + raw + "\" has an empty part");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return Finding.of(Rule.IPV4_LEADING_ZERO, column, raw, "\"" + raw + "\": octet \"" + part
                        + "\" has a leading zero, which some parsers read as octal; write "
                        + stripZeros(address));
            }
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                return Finding.of(Rule.IPV4_OCTET_RANGE, column, raw,
                        "\"" + raw + "\": octet " + part + " is larger than 255");
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
            String trimmed = part.replaceFirst("^0+(?=\\d)", "");
            sb.append(trimmed);
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
