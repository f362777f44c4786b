package io.gatelist.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain reader of quote-free files against Commons CSV: for the same file, {@link CsvInput} must give the
 * same header, header findings, rows (record number, line, cells, problems), comment and blank-line counts and
 * restart points with either. Files are random mixes of what a quote-free file can hold: commas, every line end,
 * blank and white-space lines, comments, control characters, multi-byte UTF-8, a BOM, a missing final line end,
 * lines longer than the reader's buffer, and bytes that end reading early (a bad UTF-8 sequence, a NUL).
 */
class PlainCsvLinesTest {

    private static final FileScan.Limits LIMITS = new FileScan.Limits(64L << 20, 200_000);

    @TempDir
    Path dir;

    @Test
    void tricky() throws IOException {
        String[] texts = {"", "\n", "\r\n", "\r", "list,kind,value,comment", "list,kind,value,comment\n",
            "list,kind,value,comment\n\n", "list,kind,value,comment\r\n\r\n", "list,kind,value,comment\r\r\n\n",
            "list,kind,value,comment\nblocked,ip,1.2.3.4,x", "list,kind,value,comment\nblocked,ip,1.2.3.4,x\n",
            "list,kind,value\n,,\n,\n\n  \n#c,d\n  # e\nblocked,ip,1.2.3.4,x,y\nblocked\n",
            "\uFEFFlist,kind,value,comment\r\nblocked,ip,1.2.3.4,é\r\n", "value,kind\nx,y\n", "a,a,list\n1,2,3\n",
            "list,kind,value,comment\nblocked,ip,1.2.3.4,\u0001bad\n", "list,kind,value,comment\n\u0000\n",
            "list,kind,value,comment\nblocked,ip,1.2.3.4\r"};
        for (String text : texts) {
            compare(text.getBytes(StandardCharsets.UTF_8));
        }
        compare(new byte[] {'l', 'i', 's', 't', '\n', 'a', (byte) 0xC3, '\n', 'b', '\n'});
    }

    @Test
    void random() throws IOException {
        Random r = new Random(7);
        String[] pieces = {"blocked", "approved", "ip", "country", "1.2.3.4", "2001:db8::1", "x", " ", "\t", ",",
            ",", ",", "\n", "\n", "\r\n", "\r", "#", "é", "日本", "😀", "\u0007", ""};
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder(r.nextInt(4) == 0 ? "\uFEFF" : "");
            sb.append(r.nextInt(5) == 0 ? "value,list,kind" : "list,kind,value,comment").append(r.nextBoolean()
                    ? "\n" : "\r\n");
            int n = r.nextInt(60);
            for (int k = 0; k < n; k++) {
                sb.append(pieces[r.nextInt(pieces.length)]);
            }
            if (r.nextInt(10) == 0) {
                sb.append("y".repeat(70_000 + r.nextInt(70_000))).append(",z\n").append("blocked,ip,1.2.3.4,w");
            }
            compare(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void skipsToARestartPointAlike() throws IOException {
        Path file = dir.resolve("restart.csv");
        Files.writeString(file, "list,kind,value,comment\n#c\nblocked,ip,1.2.3.4,\n\napproved,ip,5.6.7.8,\r\nx\n");
        for (int skip = 0; skip <= 5; skip++) {
            assertEquals(rows(file, false, skip), rows(file, true, skip), "skip " + skip);
        }
        try (CsvInput input = CsvInput.open(file, CsvLayout.POLICY, LIMITS, true)) {
            int tooMany = 6;
            assertThrows(IllegalStateException.class, () -> input.skipTo(tooMany));
        }
    }

    private void compare(byte[] content) throws IOException {
        Path file = dir.resolve("f.csv");
        Files.write(file, content);
        assertEquals(rows(file, false, -1), rows(file, true, -1), () -> new String(content,
                StandardCharsets.UTF_8));
    }

    /** Everything a reader of the file sees, in order. */
    private static List<Object> rows(Path file, boolean plain, int skip) throws IOException {
        List<Object> seen = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, CsvLayout.POLICY, LIMITS, plain)) {
            seen.add(input.header());
            seen.add(input.headerFindings());
            seen.add(input.fileNotes());
            if (skip >= 0) {
                input.skipTo(skip);
            }
            CsvRow row;
            while ((row = input.next()) != null) {
                seen.add(row);
                seen.add(input.recordsConsumed());
            }
            assertNull(input.next());
            seen.add(input.comments());
            seen.add(input.blankLines());
            seen.add(input.recordsConsumed());
        }
        return seen;
    }
}
