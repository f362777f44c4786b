package io.gatelist.report;

/**
 * Makes text from outside (file names, cell values, feed reasons, exception messages) safe to write for people:
 * to a terminal, a log line or a plain-text file. Control characters would let that text move the cursor, recolour
 * or clear a terminal, or start a new log line that looks like one the appliance wrote; bidirectional overrides
 * would let it show characters in an order other than the one stored. Each such character is written as a
 * visible escape ({@code \n}, {@code \x1b}, {@code \u202e}), so the text still says what it held.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} with every control and bidirectional-override character escaped; {@code null} as "null". */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x100) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * {@link String#format} (root locale) with every argument that is not a number escaped: the format is the
     * program's, the arguments may come from outside, so a line formatted this way is one line, whatever they hold.
     */
    public static String format(String format, Object... args) {
        Object[] safe = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            safe[i] = a == null || a instanceof Number || a instanceof Boolean ? a : escape(String.valueOf(a));
        }
        return String.format(java.util.Locale.ROOT, format, safe);
    }

    /**
     * True for the characters {@link #escape} escapes: C0 controls (tab and line ends included: one value, one
     * line), DEL, C1 controls (0x9b is a one-byte CSI on some terminals), the line and paragraph separators, and the
     * bidirectional embeddings, overrides and isolates.
     */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
                || c == '\u200f' || c == '\u061c';
    }
}
