package io.gatelist.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The records of CSV text that holds no quote character, read straight from its bytes: each physical line is
 * one record (CR, LF and CRLF end a line) and its cells are the text between commas, exactly what Commons CSV
 * gives for such text in {@link CsvInput}'s format. {@link FileScan} has already proved the bytes strict UTF-8
 * and counted the quotes, so nothing here can fail on content; a quoted file goes through Commons CSV, which
 * this reader does not replace. Decoding cells from the bytes skips the parser's per-character reader calls,
 * most of the cost of reading a large list (PlainCsvLinesTest compares both readers).
 */
final class PlainCsvLines {

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    /** A line that runs over the end of the buffer, gathered here. */
    private byte[] carry = new byte[256];
    /** The previous line ended with CR: an LF that follows belongs to it. */
    private boolean afterCr;
    private long lineEnds;
    private long records;

    PlainCsvLines(InputStream in) {
        this.in = in;
    }

    /** The next record's cells, or {@code null} at the end. */
    List<String> next() throws IOException {
        int carried = 0;
        boolean started = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!started) {
                    return null; // nothing after the last line end
                }
                records++;
                return split(carry, 0, carried);
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            started = true;
            int start = pos;
            int end = start;
            byte[] b = buffer;
            while (end < limit && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            if (end == limit) {
                carried = append(carried, start, end - start);
                pos = end;
                continue;
            }
            pos = end + 1;
            afterCr = b[end] == '\r';
            lineEnds++;
            records++;
            if (carried == 0) {
                return split(b, start, end - start);
            }
            carried = append(carried, start, end - start);
            return split(carry, 0, carried);
        }
    }

    /** Line ends read so far: the number of the line the next record starts on, minus one. */
    long lineEnds() {
        return lineEnds;
    }

    /** Records returned so far. */
    long records() {
        return records;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        pos = 0;
        limit = Math.max(0, n);
        return n > 0;
    }

    private int append(int carried, int from, int length) {
        if (carried + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + length));
        }
        System.arraycopy(buffer, from, carry, carried, length);
        return carried + length;
    }

    private static List<String> split(byte[] b, int from, int length) {
        int end = from + length;
        int commas = 0;
        for (int i = from; i < end; i++) {
            if (b[i] == ',') {
                commas++;
            }
        }
        String[] cells = new String[commas + 1];
        int cell = 0;
        int start = from;
        for (int i = from; i < end; i++) {
            if (b[i] == ',') {
                cells[cell++] = new String(b, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
            }
        }
        cells[cell] = new String(b, start, end - start, StandardCharsets.UTF_8);
        return Arrays.asList(cells);
    }
}
