package io.gatelist.validation;

import com.ibm.icu.text.IDNA;
import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.lookup.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges a host name as a mail operator needs it: an FQDN (of an MTA, of a HELO/EHLO name) or the domain of an
 * e-mail address. A name is LDH labels (letters, digits, hyphens; RFC 1035, 1123) of 1-63 octets, at most 253
 * octets in all, at least two labels, a top-level label that is not all digits, no label starting or ending with
 * a hyphen; an internationalised name is converted to its A-labels with IDNA2008 as UTS #46 specifies it
 * (non-transitional, with the bidi and context rules; ICU's implementation, since {@code java.net.IDN} is
 * IDNA2003); special-use names (RFC 6761 and friends) are rejected, since no real mail host has one.
 *
 * <p>The result is the name in lower-case A-label form without a trailing dot: the form DNS, SPF and PTR
 * comparisons use.
 */
public final class DomainRules {

    /**
     * The outcome.
     *
     * @param name     the lower-case A-label form, or {@code null} when an error rejects the value
     * @param findings what was found
     */
    public record Result(String name, List<Finding> findings) implements Checked {
    }

    /** Longest name in octets, without the root's trailing dot (RFC 1035 2.3.4: 255 on the wire). */
    public static final int MAX_NAME = 253;
    /** Longest label in octets. */
    public static final int MAX_LABEL = 63;

    /**
     * Special-use names and their reasons: RFC 6761 (test, example, invalid, localhost), RFC 2606 (example.com,
     * .net, .org), RFC 6762 (local), RFC 7686 (onion), RFC 8375 (home.arpa), RFC 9476 (alt), ICANN (internal).
     * A name is special-use when it or one of its parent domains is in the table.
     */
    private static final java.util.Map<String, String> SPECIAL_USE = java.util.Map.ofEntries(
            java.util.Map.entry("test", ".test is reserved for testing (RFC 6761)"),
            java.util.Map.entry("example", ".example is reserved for documentation (RFC 6761)"),
            java.util.Map.entry("invalid", ".invalid is guaranteed never to exist (RFC 6761)"),
            java.util.Map.entry("localhost", ".localhost always means this host (RFC 6761)"),
            java.util.Map.entry("local", ".local is multicast DNS, link-local only (RFC 6762)"),
            java.util.Map.entry("onion", ".onion names are Tor hidden services, not in DNS (RFC 7686)"),
            java.util.Map.entry("alt", ".alt is for non-DNS name systems (RFC 9476)"),
            java.util.Map.entry("internal", ".internal is reserved for private networks (ICANN, 2024)"),
            java.util.Map.entry("home.arpa", "home.arpa is for residential home networks (RFC 8375)"),
            java.util.Map.entry("example.com", "example.com is reserved for documentation (RFC 2606)"),
            java.util.Map.entry("example.net", "example.net is reserved for documentation (RFC 2606)"),
            java.util.Map.entry("example.org", "example.org is reserved for documentation (RFC 2606)"));

    /** UTS #46 processing for IDNA2008: non-transitional, STD3 (LDH) rules, bidi and context checks. */
    private static final IDNA IDNA2008 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.CHECK_CONTEXTO);

    /** Character classes of ASCII for the LDH scan: 1 letter or digit, 2 hyphen, 3 dot, 0 anything else. */
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = 1;
            ASCII_CLASS[Character.toUpperCase(c)] = 1;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = 1;
        }
        ASCII_CLASS['-'] = 2;
        ASCII_CLASS['.'] = 3;
    }

    private DomainRules() {
    }

    /** Judges a domain name (the caller trims surrounding white space). */
    public static Result check(String column, String raw) {
        List<Finding> findings = new ArrayList<>(1);
        String name = raw;
        if (name.isEmpty()) {
            findings.add(Finding.of(Rule.DOMAIN_LABEL_EMPTY, column, raw, "the name is empty"));
            return new Result(null, findings);
        }
        if (name.length() > 1 && name.endsWith(".") && !name.endsWith("..")) {
            name = name.substring(0, name.length() - 1);
            findings.add(Finding.of(Rule.DOMAIN_TRAILING_DOT, column, raw,
                    "\"" + raw + "\" ends with the root's dot; stored as " + name.toLowerCase(Locale.ROOT)));
        }
        String ascii;
        if (isAscii(name)) {
            ascii = name.toLowerCase(Locale.ROOT);
            if (!checkLdh(column, raw, ascii, findings) || !checkALabels(column, raw, ascii, findings)) {
                return new Result(null, findings);
            }
        } else {
            ascii = toALabels(column, raw, name, findings);
            if (ascii == null || !checkLdh(column, raw, ascii, findings)
                    || !checkALabels(column, raw, ascii, findings)) {
                return new Result(null, findings);
            }
            findings.add(Finding.of(Rule.DOMAIN_IDN_CONVERTED, column, raw,
                    "\"" + raw + "\" is an internationalised name; stored as its A-labels " + ascii));
        }
        if (!checkStructure(column, raw, ascii, findings)) {
            return new Result(null, findings);
        }
        return new Result(ascii, findings);
    }

    /** Label lengths, characters and hyphens of an ASCII name; false after an error. */
    private static boolean checkLdh(String column, String raw, String ascii, List<Finding> findings) {
        if (ascii.length() > MAX_NAME) {
            findings.add(Finding.of(Rule.DOMAIN_TOO_LONG, column, raw, "the name is " + ascii.length()
                    + " characters" + (ascii.equals(raw) ? "" : " in A-label form") + "; at most " + MAX_NAME
                    + " are allowed"));
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= ascii.length(); i++) {
            char c = i < ascii.length() ? ascii.charAt(i) : '.';
            int kind = c < 128 ? ASCII_CLASS[c] : 0;
            if (kind == 0) {
                findings.add(Finding.of(Rule.DOMAIN_INVALID_CHARACTER, column, raw, "\"" + raw + "\" contains "
                        + describe(c) + " at character " + (i + 1) + "; a host name holds letters, digits, hyphens "
                        + "and dots only" + (c == '_' ? " (underscores appear in SRV and DKIM names, never in a host "
                        + "name)" : "")));
                return false;
            }
            if (kind != 3) {
                continue;
            }
            int length = i - labelStart;
            if (length == 0) {
                findings.add(Finding.of(Rule.DOMAIN_LABEL_EMPTY, column, raw, "\"" + raw + "\" has an empty label "
                        + (i == 0 ? "(it starts with a dot)" : i == ascii.length() ? "(it ends with a dot)"
                        : "(two dots in a row)")));
                return false;
            }
            String label = ascii.substring(labelStart, i);
            if (length > MAX_LABEL) {
                findings.add(Finding.of(Rule.DOMAIN_LABEL_TOO_LONG, column, raw, "label \"" + abbreviate(label)
                        + "\" is " + length + " characters; a label has at most " + MAX_LABEL));
                return false;
            }
            if (label.charAt(0) == '-' || label.charAt(length - 1) == '-') {
                findings.add(Finding.of(Rule.DOMAIN_LABEL_HYPHEN, column, raw, "label \"" + label + "\" "
                        + (label.charAt(0) == '-' ? "starts" : "ends") + " with a hyphen"));
                return false;
            }
            labelStart = i + 1;
        }
        return true;
    }

    /** A-labels ({@code xn--}) in an ASCII name must decode to valid IDNA2008 U-labels; false after an error. */
    private static boolean checkALabels(String column, String raw, String ascii, List<Finding> findings) {
        if (!ascii.startsWith("xn--") && !ascii.contains(".xn--")) {
            return true;
        }
        IDNA.Info info = new IDNA.Info();
        StringBuilder unicode = IDNA2008.nameToUnicode(ascii, new StringBuilder(), info);
        if (info.hasErrors()) {
            findings.add(Finding.of(Rule.DOMAIN_IDN_INVALID, column, raw, "\"" + raw + "\" has an A-label (xn--) "
                    + "that is not valid IDNA2008: " + describe(info.getErrors())));
            return false;
        }
        int symbol = notIdna2008(unicode);
        if (symbol >= 0) {
            findings.add(Finding.of(Rule.DOMAIN_IDN_INVALID, column, raw, "\"" + raw + "\" holds "
                    + String.format(Locale.ROOT, "U+%04X", symbol) + " (" + Character.getName(symbol) + "), which "
                    + "IDNA2008 disallows (RFC 5892: letters, digits and marks only; no symbols or emoji)"));
            return false;
        }
        // Round trip: a valid A-label is the canonical encoding of its U-label.
        StringBuilder back = IDNA2008.nameToASCII(unicode, new StringBuilder(), new IDNA.Info());
        if (!back.toString().equals(ascii)) {
            findings.add(Finding.of(Rule.DOMAIN_IDN_INVALID, column, raw, "\"" + raw + "\" has an A-label that is "
                    + "not the canonical encoding of \"" + unicode + "\" (" + back + ")"));
            return false;
        }
        return true;
    }

    /**
     * The first code point of a decoded name that IDNA2008 disallows but UTS #46 lets through (symbols such as
     * U+2603 and emoji are "valid, NV8" in the UTS #46 table), or -1. RFC 5892 derives PVALID from letters, marks
     * and digits; the CONTEXTO characters (which ICU checks in context) and the hyphen pass too.
     */
    private static int notIdna2008(CharSequence unicode) {
        for (int i = 0; i < unicode.length(); ) {
            int cp = Character.codePointAt(unicode, i);
            i += Character.charCount(cp);
            if (cp < 128 || cp == 0x00B7 || cp == 0x0375 || cp == 0x05F3 || cp == 0x05F4 || cp == 0x30FB
                    || cp == 0x200C || cp == 0x200D) {
                continue; // ASCII was checked as LDH; these are CONTEXTO/CONTEXTJ, checked by ICU
            }
            switch (Character.getType(cp)) {
                case Character.LOWERCASE_LETTER, Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                        Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER -> {
                }
                default -> {
                    return cp;
                }
            }
        }
        return -1;
    }

    /** Converts an internationalised name to A-labels, or reports why it cannot be; {@code null} after an error. */
    private static String toALabels(String column, String raw, String name, List<Finding> findings) {
        IDNA.Info info = new IDNA.Info();
        StringBuilder ascii = IDNA2008.nameToASCII(name, new StringBuilder(), info);
        if (!info.hasErrors()) {
            return ascii.toString();
        }
        Set<IDNA.Error> errors = info.getErrors();
        Rule rule = Rule.DOMAIN_IDN_INVALID;
        if (errors.contains(IDNA.Error.EMPTY_LABEL)) {
            rule = Rule.DOMAIN_LABEL_EMPTY;
        } else if (errors.contains(IDNA.Error.DOMAIN_NAME_TOO_LONG)) {
            rule = Rule.DOMAIN_TOO_LONG;
        } else if (errors.contains(IDNA.Error.LABEL_TOO_LONG)) {
            rule = Rule.DOMAIN_LABEL_TOO_LONG;
        } else if (errors.contains(IDNA.Error.LEADING_HYPHEN) || errors.contains(IDNA.Error.TRAILING_HYPHEN)) {
            rule = Rule.DOMAIN_LABEL_HYPHEN;
        }
        findings.add(Finding.of(rule, column, raw, "\"" + raw + "\" is not a valid internationalised name under "
                + "IDNA2008: " + describe(errors)));
        return null;
    }

    /** Two labels, a non-numeric top-level label, no special-use name; false after an error. */
    private static boolean checkStructure(String column, String raw, String ascii, List<Finding> findings) {
        int lastDot = ascii.lastIndexOf('.');
        if (lastDot < 0) {
            findings.add(Finding.of(Rule.DOMAIN_SINGLE_LABEL, column, raw, "\"" + raw + "\" is a single label; a "
                    + "mail host's name is fully qualified (mail.example.net, not mail)"));
            return false;
        }
        boolean numeric = true;
        for (int i = lastDot + 1; i < ascii.length(); i++) {
            numeric &= ascii.charAt(i) >= '0' && ascii.charAt(i) <= '9';
        }
        if (numeric) {
            boolean address = IpLiterals.parseIpv4(ascii) != IpLiterals.INVALID;
            findings.add(Finding.of(Rule.DOMAIN_NUMERIC_TLD, column, raw, address
                    ? "\"" + raw + "\" is an IPv4 address, not a domain name"
                    : "\"" + raw + "\" ends in an all-numeric label; no top-level domain is numeric"));
            return false;
        }
        // The name itself, then each parent domain: a.b.example.com is special-use because example.com is.
        for (int from = 0; from >= 0; from = nextLabel(ascii, from)) {
            String reason = SPECIAL_USE.get(from == 0 ? ascii : ascii.substring(from));
            if (reason != null) {
                findings.add(Finding.of(Rule.DOMAIN_SPECIAL_USE, column, raw, "\"" + raw + "\" is a special-use "
                        + "name: " + reason));
                return false;
            }
        }
        return true;
    }

    private static int nextLabel(String name, int from) {
        int dot = name.indexOf('.', from);
        return dot < 0 ? -1 : dot + 1;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c == '_') {
            return "an underscore";
        }
        if (Character.isISOControl(c)) {
            return String.format(Locale.ROOT, "control character U+%04X", (int) c);
        }
        return "\"" + c + "\"";
    }

    private static String describe(Set<IDNA.Error> errors) {
        List<String> words = new ArrayList<>();
        for (IDNA.Error e : errors) {
            words.add(switch (e) {
                case EMPTY_LABEL -> "an empty label";
                case LABEL_TOO_LONG -> "a label longer than 63 octets";
                case DOMAIN_NAME_TOO_LONG -> "longer than 253 octets";
                case LEADING_HYPHEN -> "a label starts with a hyphen";
                case TRAILING_HYPHEN -> "a label ends with a hyphen";
                case HYPHEN_3_4 -> "hyphens in the third and fourth positions of a label";
                case LEADING_COMBINING_MARK -> "a label starts with a combining mark";
                case DISALLOWED -> "a character that IDNA2008 disallows (symbols, emoji, punctuation such as _)";
                case PUNYCODE -> "an A-label whose Punycode does not decode";
                case LABEL_HAS_DOT -> "a label contains a dot";
                case INVALID_ACE_LABEL -> "an A-label that does not round-trip";
                case BIDI -> "mixed right-to-left and left-to-right text that the bidi rule forbids";
                case CONTEXTJ -> "a zero-width joiner where the context rules forbid it";
                case CONTEXTO_PUNCTUATION -> "punctuation where the context rules forbid it";
                case CONTEXTO_DIGITS -> "mixed Arabic-Indic digit sets";
            });
        }
        return String.join("; ", words);
    }

    private static String abbreviate(String label) {
        return label.length() <= 24 ? label : label.substring(0, 20) + "…";
    }
}
