package io.gatelist.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan taken eight bytes at a time against the same scan one byte at a time: for the same file both must
 * give equal facts (counts, line ends, quotes, every row problem with its line and field, the fatal problem and
 * where reading stops). Files mix long runs of cells and commas (what the word loop takes) with every byte that
 * sends it back to the byte loop, at every alignment, under line-length caps that fall inside a word.
 */
class FileScanTest {

    @TempDir
    Path dir;

    @Test
    void wordsAndBytesAgreeOnRandomFiles() throws IOException {
        Random r = new Random(11);
        String[] pieces = {"blocked,ip,160.170.23.113,feed 1000001", "approved", ",", ",,", "2001:db8::1/64",
            "a", "bc", "def", "\n", "\r\n", "\r", "\t", "\"", "\"q,\"\"x\"\"\"", "é", "日本", "😀", "\u0001", "\u007F",
            " ", "~"};
        for (int i = 0; i < 600; i++) {
            StringBuilder sb = new StringBuilder(r.nextInt(5) == 0 ? "\uFEFF" : "");
            sb.append("x".repeat(r.nextInt(8)));
            int n = r.nextInt(80);
            for (int k = 0; k < n; k++) {
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            byte[] content = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(8) == 0 && content.length > 0) {
                content[r.nextInt(content.length)] = (byte) (r.nextBoolean() ? 0xFF : 0); // bad UTF-8 or NUL
            }
            int maxLine = r.nextBoolean() ? 65_536 : 1 + r.nextInt(60);
            compare(content, new FileScan.Limits(1 << 20, maxLine));
        }
    }

    @Test
    void aLineOverTheCapIsCutWhereTheByteLoopCutsIt() throws IOException {
        String line = "approved,ip,192.0.2.1,".repeat(5);
        byte[] content = ("list,kind,value\n" + line + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int cap = 16; cap < line.length(); cap++) {
            FileScan.Facts facts = compare(content, new FileScan.Limits(1 << 20, cap));
            assertEquals(Rule.LINE_TOO_LONG, facts.fatal().finding().rule(), "cap " + cap);
            assertEquals(2, facts.fatal().line());
            assertEquals(16, facts.cutOffset(), "reading stops where the long line starts");
            long commasWithinCap = line.substring(0, cap).chars().filter(c -> c == ',').count();
            assertEquals(1 + commasWithinCap, facts.fatal().columnNumber(), "the field of the character past the "
                    + "cap, cap " + cap);
        }
    }

    @Test
    void countsFieldsAndLinesOfAPlainFile() throws IOException {
        byte[] content = ("list,kind,value,comment\r\n" + "blocked,ip,160.170.23.113,feed 1000001\r\n".repeat(100)
                + "approved,ip,10.0.0.0/8,\u0001x\n").getBytes(StandardCharsets.US_ASCII);
        FileScan.Facts facts = compare(content, FileScan.Limits.DEFAULT);
        assertEquals(102, facts.lines());
        assertEquals(101, facts.crlf());
        assertEquals(1, facts.lf());
        assertEquals(1, facts.rowProblems().size());
        assertEquals(102, facts.rowProblems().get(0).line());
        assertEquals(4, facts.rowProblems().get(0).columnNumber(), "the control character is in the fourth field");
        assertTrue(facts.fatal() == null);
    }

    private FileScan.Facts compare(byte[] content, FileScan.Limits limits) throws IOException {
        Path file = Files.write(dir.resolve("f.csv"), content);
        FileScan.Facts bytes = FileScan.scan(file, limits, false);
        FileScan.Facts words = FileScan.scan(file, limits, true);
        assertEquals(bytes, words, () -> "cap " + limits.maxLineChars() + ": "
                + new String(content, StandardCharsets.UTF_8));
        return words;
    }
}
