package io.gatelist.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tab-separated corpus files of {@code src/test/resources/validation/}: one case a line, {@code #} lines
 * are comments. Cells may use a few escapes so that invisible and repetitive values stay readable: {@code \t},
 * {@code \r}, {@code \n}, {@code \\}, a backslash-u and four hex digits, {@code \xHH} (a raw byte, for the file corpus),
 * {@code {text*N}} (text repeated N times) and {@code <empty>}.
 */
final class Corpus {

    /** One line of a corpus file: its 1-based line number and its cells, escapes not yet expanded. */
    record Line(int number, List<String> cells) {
    }

    private static final Pattern REPEAT = Pattern.compile("\\{([^{}*]+)\\*(\\d+)\\}");

    private Corpus() {
    }

    static List<Line> read(String resource) throws IOException {
        try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Line> lines = new ArrayList<>();
            String[] raw = text.split("\n", -1);
            for (int i = 0; i < raw.length; i++) {
                if (raw[i].isEmpty() || raw[i].startsWith("#")) {
                    continue;
                }
                lines.add(new Line(i + 1, List.of(raw[i].split("\t", -1))));
            }
            return lines;
        }
    }

    /** The cell as text: escapes and repeats expanded (a backslash-x escape becomes the char U+00HH). */
    static String text(String cell) {
        if (cell.equals("<empty>")) {
            return "";
        }
        Matcher m = REPEAT.matcher(cell);
        StringBuilder repeated = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(repeated, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(repeated);
        String s = repeated.toString();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + cell);
            }
        }
        return out.toString();
    }

    /**
     * The cell as bytes: text encoded as UTF-8, except that {@code \xHH} escapes are written as the raw byte (so
     * that a corpus line can hold invalid UTF-8, NUL bytes or a byte order mark).
     */
    static byte[] bytes(String cell) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String s = cell;
        int i = 0;
        while (i < s.length()) {
            int x = s.indexOf("\\x", i);
            if (x < 0 || (x > 0 && s.charAt(x - 1) == '\\')) {
                out.writeBytes(text(s.substring(i)).getBytes(StandardCharsets.UTF_8));
                break;
            }
            out.writeBytes(text(s.substring(i, x)).getBytes(StandardCharsets.UTF_8));
            out.write(Integer.parseInt(s.substring(x + 2, x + 4), 16));
            i = x + 4;
        }
        return out.toByteArray();
    }
}
