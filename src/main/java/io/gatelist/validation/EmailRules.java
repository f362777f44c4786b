package io.gatelist.validation;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a contact e-mail address as RFC 5321 defines a mailbox: {@code Local-part "@" Domain}, the local part a
 * dot-string of atoms (4.1.2) at most 64 octets, the whole address at most 254 octets (a path of 256 with its
 * angle brackets, 4.5.3.1). A quoted local part is valid but draws a warning (the RFC says SHOULD NOT); an address
 * literal instead of a domain and a non-ASCII local part (which needs SMTPUTF8) are errors for a contact address.
 * The domain follows {@link DomainRules}, so it is stored in A-label form.
 */
public final class EmailRules {

    /**
     * The outcome.
     *
     * @param address  the address with its domain in lower-case A-label form, or {@code null} when an error
     *                 rejects it
     * @param findings what was found
     */
    public record Result(String address, List<Finding> findings) implements Checked {
    }

    /** Longest local part in octets (RFC 5321 4.5.3.1.1). */
    public static final int MAX_LOCAL_PART = 64;
    /** Longest address in octets: the 256-octet path less its angle brackets (RFC 5321 4.5.3.1.3). */
    public static final int MAX_ADDRESS = 254;

    /** RFC 5322 atext besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
    private static final boolean[] ATEXT = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ATEXT[c] = true;
            ATEXT[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ATEXT[c] = true;
        }
        for (char c : ATEXT_SPECIALS.toCharArray()) {
            ATEXT[c] = true;
        }
    }

    private EmailRules() {
    }

    /** Judges an address (the caller trims surrounding white space; angle brackets are not expected). */
    public static Result check(String column, String raw) {
        int at = raw.lastIndexOf('@');
        if (at <= 0 || at == raw.length() - 1) {
            return rejected(Finding.of(Rule.EMAIL_MISSING_AT, column, raw, "\"" + raw + "\" is not an e-mail address: "
                    + (at < 0 ? "there is no @" : at == 0 ? "nothing before the @" : "nothing after the @")));
        }
        String local = raw.substring(0, at);
        String domainPart = raw.substring(at + 1);
        List<Finding> findings = new ArrayList<>(1);
        if (!checkLocalPart(column, raw, local, findings)) {
            return new Result(null, findings);
        }
        int localOctets = local.getBytes(StandardCharsets.UTF_8).length;
        if (localOctets > MAX_LOCAL_PART) {
            findings.add(Finding.of(Rule.EMAIL_LOCAL_PART_TOO_LONG, column, raw, "the local part is " + localOctets
                    + " octets; at most " + MAX_LOCAL_PART + " are allowed (RFC 5321 4.5.3.1.1)"));
            return new Result(null, findings);
        }
        if (domainPart.startsWith("[")) {
            findings.add(Finding.of(Rule.EMAIL_ADDRESS_LITERAL, column, raw, "\"" + raw + "\" has an address "
                    + "literal for a domain; a contact address needs a domain that accepts mail"));
            return new Result(null, findings);
        }
        DomainRules.Result domain = DomainRules.check(column, domainPart);
        findings.addAll(domain.findings());
        if (domain.name() == null) {
            return new Result(null, findings);
        }
        String address = local + "@" + domain.name();
        int octets = address.getBytes(StandardCharsets.UTF_8).length;
        if (octets > MAX_ADDRESS) {
            findings.add(Finding.of(Rule.EMAIL_TOO_LONG, column, raw, "the address is " + octets + " octets; at most "
                    + MAX_ADDRESS + " are allowed (a 256-octet path, RFC 5321 4.5.3.1.3)"));
            return new Result(null, findings);
        }
        return new Result(address, findings);
    }

    /** A dot-string, or a quoted string with a warning; false after an error. */
    private static boolean checkLocalPart(String column, String raw, String local, List<Finding> findings) {
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c == '\\' && i + 1 < local.length() - 1 && local.charAt(i + 1) >= 32 && local.charAt(i + 1) <= 126) {
                    i++;
                } else if (c < 32 || c > 126 || c == '"' || c == '\\') {
                    findings.add(Finding.of(Rule.EMAIL_LOCAL_PART_INVALID, column, raw, "the quoted local part "
                            + "holds " + describe(c) + " unescaped at character " + (i + 1)));
                    return false;
                }
            }
            findings.add(Finding.of(Rule.EMAIL_QUOTED_LOCAL_PART, column, raw, "the local part " + local + " is "
                    + "quoted; valid, but many systems mishandle quoted addresses"));
            return true;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c >= 128) {
                findings.add(Finding.of(Rule.EMAIL_NON_ASCII_LOCAL_PART, column, raw, "the local part holds \"" + c
                        + "\"; non-ASCII local parts need SMTPUTF8 (RFC 6531), which a contact address cannot "
                        + "count on"));
                return false;
            }
            if (c == '.') {
                String where = i == 0 ? "starts with a dot" : i == local.length() - 1 ? "ends with a dot"
                        : local.charAt(i + 1) == '.' ? "has two dots in a row" : null;
                if (where != null) {
                    findings.add(Finding.of(Rule.EMAIL_LOCAL_PART_INVALID, column, raw, "the local part \"" + local
                            + "\" " + where));
                    return false;
                }
            } else if (!ATEXT[c]) {
                findings.add(Finding.of(Rule.EMAIL_LOCAL_PART_INVALID, column, raw, "the local part holds "
                        + describe(c) + " at character " + (i + 1) + "; only letters, digits, dots and "
                        + ATEXT_SPECIALS + " may appear unquoted"));
                return false;
            }
        }
        return true;
    }

    private static String describe(char c) {
        return c == ' ' ? "a space" : c < 32 || c == 127 ? String.format("control character U+%04X", (int) c)
                : "\"" + c + "\"";
    }

    private static Result rejected(Finding finding) {
        return new Result(null, List.of(finding));
    }
}
