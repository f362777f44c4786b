package io.gatelist.feed;

/**
 * Parses one line of a line-based feed: plain lists, Spamhaus DROP/EDROP and rbldnsd ip4set/ip4trie/ip6trie data.
 * Keeps the state a file carries from line to line (rbldnsd's {@code :} default value).
 */
public final class FeedLineParser {

    /** What a line is. */
    public enum Kind {
        /** A listed or excluded value. */
        ENTRY,
        /** A comment or blank line. */
        COMMENT,
        /** An rbldnsd {@code $} directive (e.g. {@code $TTL}): noted, no effect on listings. */
        DIRECTIVE,
        /** An rbldnsd {@code :} default-value line: sets the reason of the entries that follow. */
        DEFAULT_VALUE
    }

    /** The outcome for one line: its kind and, for an entry, the entry. */
    public record Parsed(Kind kind, FeedLine entry) {
    }

    private String defaultReason;

    /** Parses physical line {@code number}. */
    public Parsed parse(int number, String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return new Parsed(Kind.COMMENT, null);
        }
        if (line.startsWith("$")) {
            return new Parsed(Kind.DIRECTIVE, null);
        }
        if (line.startsWith(":") && !line.startsWith("::")) { // "::1" is an IPv6 address, as in ip6trie
            defaultReason = valueText(line);
            return new Parsed(Kind.DEFAULT_VALUE, null);
        }
        boolean excluded = line.startsWith("!");
        if (excluded) {
            line = line.substring(1).strip();
        }
        String value;
        String reason;
        int semicolon = line.indexOf(';');
        if (semicolon >= 0) { // DROP: "1.2.3.0/24 ; SBL123"
            value = line.substring(0, semicolon).strip();
            reason = emptyToNull(line.substring(semicolon + 1).strip());
        } else {
            String[] parts = line.split("\\s+", 2);
            value = parts[0];
            String rest = parts.length > 1 ? parts[1].strip() : "";
            // rbldnsd: a value after the address, unless it starts a comment ("127/8 # loopback")
            reason = rest.isEmpty() || rest.startsWith("#") ? null : valueText(rest);
        }
        return new Parsed(Kind.ENTRY, new FeedLine(number, value, reason == null ? defaultReason : reason, excluded));
    }

    /**
     * The text part of an rbldnsd value: {@code :127.0.0.2:Listed for spam} gives "Listed for spam",
     * {@code :2} gives "127.0.0.2"-style codes as written, a plain word is kept.
     */
    private static String valueText(String value) {
        String v = value.startsWith(":") ? value.substring(1) : value;
        int second = v.indexOf(':');
        String text = second >= 0 ? v.substring(second + 1).strip() : v.strip();
        return emptyToNull(text.replace("$", "").strip());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
