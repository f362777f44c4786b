package io.gatelist.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The formats reputation feeds arrive in, told apart by their first meaningful line.
 */
public enum FeedFormat {
    /**
     * One address or CIDR a line, {@code #} or {@code ;} comments; also Spamhaus DROP/EDROP ({@code CIDR ; SBL-id})
     * and rbldnsd ip4set/ip4trie/ip6trie data ({@code !} exclusions, {@code :} default value lines, {@code $}
     * directives, per-entry values).
     */
    LINES,
    /** JSON lines, as in Spamhaus's DROP successor: {@code {"cidr":"…","sblid":"…"}}, metadata lines skipped. */
    JSON_LINES,
    /** CSV with the header {@code value,reason}. */
    CSV;

    /**
     * Tells a feed file's format, or returns {@code null} when it does not look like a feed at all.
     */
    public static FeedFormat detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8192);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (String line : text.split("\r\n|\r|\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("{")) {
                return JSON_LINES;
            }
            String lower = t.toLowerCase(Locale.ROOT).replace("\"", "");
            if (lower.equals("value,reason") || lower.startsWith("value,reason,") || lower.equals("value")) {
                return CSV;
            }
            if (t.startsWith("!") || t.startsWith(":") || t.startsWith("$") || looksLikeAddress(t)) {
                return LINES;
            }
            return null;
        }
        return null;
    }

    /** The first token is an IPv4/IPv6 address, CIDR or range (digits, hex, dots, colons, slash, dash). */
    static boolean looksLikeAddress(String line) {
        String token = line.split("[\\s;]", 2)[0];
        return !token.isEmpty() && token.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':'
                || c == '/' || c == '-') && (token.indexOf('.') >= 0 || token.indexOf(':') >= 0);
    }
}
