package io.gatelist.validation;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.finding.Severity;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Judges the name an MTA gives in HELO/EHLO (RFC 5321 4.1.1.1): a domain, or an address literal in brackets,
 * {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (4.1.3). General address literals ({@code [tag:content]})
 * name no Internet address and are refused; so are leading zeros inside a literal, because receivers compare
 * the literal with the connecting address as text, and a bare address without brackets, which is not RFC 5321
 * syntax at all. Domains follow {@link DomainRules}; literal addresses follow {@link IpRules} with the profile's
 * special-purpose severity (a private literal is an error in a Global Approved List nomination).
 */
public final class HeloRules {

    /**
     * The outcome.
     *
     * @param helo     the canonical HELO text ({@code mail.example.net}, {@code [192.0.2.1]},
     *                 {@code [IPv6:2001:db8::1]}), or {@code null} when an error rejects the value
     * @param domain   the domain in A-label form when the name is a domain, else {@code null}
     * @param literal  the address when the name is an address literal, else {@code null}
     * @param findings what was found
     */
    public record Result(String helo, String domain, IpPrefix literal, List<Finding> findings) implements Checked {

        /** True for an address literal. */
        public boolean isLiteral() {
            return literal != null;
        }
    }

    private static final String IPV6_TAG = "IPv6:";

    private HeloRules() {
    }

    /** Judges a HELO/EHLO name (the caller trims surrounding white space). */
    public static Result check(String column, String raw, ValidationProfile profile) {
        if (raw.startsWith("[") || raw.endsWith("]")) {
            return literal(column, raw, profile);
        }
        if (looksLikeAddress(raw)) {
            IpRules.Result ip = IpRules.checkAddress(column, raw, profile);
            String suggestion = ip.prefix() == null ? "" : "; write " + bracket(ip.prefix());
            return rejected(Finding.of(Rule.HELO_BARE_ADDRESS, column, raw, "\"" + raw + "\" is an address without "
                    + "brackets, which RFC 5321 does not allow in HELO/EHLO" + suggestion));
        }
        DomainRules.Result domain = DomainRules.check(column, raw);
        return new Result(domain.name(), domain.name(), null, domain.findings());
    }

    /**
     * A warning when {@code helo} is an address literal that is none of the nominated addresses: receivers check
     * that a literal names the connecting address, so a literal for another address fails the review.
     *
     * @return the finding, or {@code null} when the name is a domain or the literal matches
     */
    public static Finding literalNotNominated(String column, Result helo, Collection<IpPrefix> nominated) {
        if (helo.literal() == null || nominated.contains(helo.literal())) {
            return null;
        }
        return Finding.of(Rule.HELO_LITERAL_NOT_NOMINATED, column, helo.helo(), helo.helo() + " names "
                + helo.literal().canonical() + ", which is not a nominated address ("
                + String.join(", ", nominated.stream().map(IpPrefix::canonical).toList()) + ")");
    }

    private static Result literal(String column, String raw, ValidationProfile profile) {
        if (!raw.startsWith("[") || !raw.endsWith("]") || raw.length() < 3
                || raw.indexOf('[', 1) >= 0 || raw.indexOf(']') != raw.length() - 1) {
            return rejected(Finding.of(Rule.HELO_LITERAL_INVALID, column, raw, "\"" + raw + "\" is not an address "
                    + "literal: one address inside one pair of brackets, [192.0.2.1] or [IPv6:2001:db8::1]"));
        }
        String inner = raw.substring(1, raw.length() - 1);
        boolean ipv6 = inner.regionMatches(true, 0, IPV6_TAG, 0, IPV6_TAG.length());
        String address = ipv6 ? inner.substring(IPV6_TAG.length()) : inner;
        int colon = inner.indexOf(':');
        if (!ipv6 && colon >= 0) {
            String tag = inner.substring(0, colon);
            boolean bareIpv6 = tag.isEmpty() || tag.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            return rejected(Finding.of(bareIpv6 ? Rule.HELO_LITERAL_INVALID : Rule.HELO_GENERAL_LITERAL, column, raw,
                    bareIpv6 ? "\"" + raw + "\": an IPv6 literal is tagged, [IPv6:" + inner + "]"
                            : "\"" + raw + "\" is a general address literal (tag \"" + tag + "\"); only IPv4 and "
                            + "IPv6 literals name an Internet address"));
        }
        String zeros = leadingZero(address);
        if (zeros != null) {
            return rejected(Finding.of(Rule.HELO_LITERAL_LEADING_ZERO, column, raw, "\"" + raw + "\": \"" + zeros
                    + "\" has a leading zero; write the literal in canonical form"));
        }
        IpRules.Result ip = IpRules.checkAddress(column, address, profile);
        if (ip.prefix() == null && ip.findings().stream().anyMatch(f -> f.rule() == Rule.SPECIAL_PURPOSE)) {
            return new Result(null, null, null, ip.findings()); // well-formed, but not a public address
        }
        if (ip.prefix() == null) {
            List<Finding> findings = new ArrayList<>(ip.findings());
            findings.add(0, Finding.of(Rule.HELO_LITERAL_INVALID, column, raw,
                    "\"" + raw + "\" does not hold a valid " + (ipv6 ? "IPv6" : "IPv4") + " address"));
            return new Result(null, null, null, findings);
        }
        if (ipv6 != (ip.prefix().family() == 6)) {
            return rejected(Finding.of(Rule.HELO_LITERAL_INVALID, column, raw, ipv6
                    ? "\"" + raw + "\" holds an IPv4(-mapped) address; write it as [" + ip.prefix().canonical() + "]"
                    : "\"" + raw + "\" holds an IPv6 address without the IPv6: tag"));
        }
        String canonical = bracket(ip.prefix());
        List<Finding> findings = new ArrayList<>();
        for (Finding f : ip.findings()) {
            if (f.rule() != Rule.IP_NORMALISED) {
                findings.add(f);
            }
        }
        if (!canonical.equals(raw)) {
            findings.add(Finding.of(Rule.IP_NORMALISED, column, raw, "\"" + raw + "\" is stored as " + canonical));
        }
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        return new Result(errors ? null : canonical, null, errors ? null : ip.prefix(), findings);
    }

    /** The first group or octet written with a leading zero, or {@code null}. */
    private static String leadingZero(String address) {
        for (String part : address.split("[:.]", -1)) {
            if (part.length() > 1 && part.charAt(0) == '0') {
                return part;
            }
        }
        return null;
    }

    /** An unbracketed IPv4 dotted quad or something with colons and hex digits only. */
    private static boolean looksLikeAddress(String raw) {
        boolean digitsAndDots = !raw.isEmpty();
        boolean hexAndColons = raw.indexOf(':') >= 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            digitsAndDots &= (c >= '0' && c <= '9') || c == '.';
            hexAndColons &= Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '/' || c == '%';
        }
        return digitsAndDots || hexAndColons;
    }

    private static String bracket(IpPrefix address) {
        return address.family() == 4 ? "[" + address.canonical() + "]" : "[" + IPV6_TAG + address.canonical() + "]";
    }

    private static Result rejected(Finding finding) {
        return new Result(null, null, null, List.of(finding));
    }
}
