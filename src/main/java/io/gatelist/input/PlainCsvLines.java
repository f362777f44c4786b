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
 * most of the cost of reading a large list (PlainCsvLinesTest compares both readers). A line is found and its
 * commas noted in one pass, eight bytes at a time: a word without a line end or a comma, most of a row's bytes,
 * costs one test.
 */
final class PlainCsvLines {

    private static final long COMMAS = ByteWords.repeated(',');
    private static final long LFS = ByteWords.repeated('\n');
    private static final long CRS = ByteWords.repeated('\r');

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    /** A line that runs over the end of the buffer, gathered here. */
    private byte[] carry = new byte[256];
    /** Where the commas of the line being read are in {@link #buffer}. */
    private int[] commaAt = new int[16];
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
            int commas = 0;
            int end = start;
            byte[] b = buffer;
            boolean found = false;
            while (!found && limit - end >= 8) {
                long stops = stops(ByteWords.at(b, end));
                while (stops != 0) { // commas and line ends of the word, first byte first
                    int at = end + (Long.numberOfTrailingZeros(stops) >>> 3);
                    if (b[at] != ',') {
                        end = at;
                        found = true;
                        break;
                    }
                    commas = comma(commas, at);
                    stops &= stops - 1;
                }
                if (!found) {
                    end += 8;
                }
            }
            if (!found) {
                for (; end < limit && b[end] != '\n' && b[end] != '\r'; end++) {
                    if (b[end] == ',') {
                        commas = comma(commas, end);
                    }
                }
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
                return cells(b, start, end, commaAt, commas);
            }
            carried = append(carried, start, end - start);
            return split(carry, 0, carried);
        }
    }

    /** The high bit of every byte of {@code x} that is a comma, a CR or an LF, exactly. */
    private static long stops(long x) {
        return ByteWords.equal(x, COMMAS) | ByteWords.equal(x, LFS) | ByteWords.equal(x, CRS);
    }

    private int comma(int commas, int at) {
        if (commas == commaAt.length) {
            commaAt = Arrays.copyOf(commaAt, commas * 2);
        }
        commaAt[commas] = at;
        return commas + 1;
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

    /** The cells of {@code b[from..end)}, whose commas are at {@code commaAt[0..commas)}. */
    private static List<String> cells(byte[] b, int from, int end, int[] commaAt, int commas) {
        String[] cells = new String[commas + 1];
        int start = from;
        for (int c = 0; c < commas; c++) {
            cells[c] = new String(b, start, commaAt[c] - start, StandardCharsets.UTF_8);
            start = commaAt[c] + 1;
        }
        cells[commas] = new String(b, start, end - start, StandardCharsets.UTF_8);
        return Arrays.asList(cells);
    }

    /** The cells of a line gathered in {@link #carry}, commas found here. */
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
