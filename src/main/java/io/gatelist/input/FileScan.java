package io.gatelist.input;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One pass over a CSV file's bytes before any parser sees them, establishing what a parser cannot report well:
 * whether the file is text at all (NUL bytes, the signatures of spreadsheets, archives and UTF-16), strict UTF-8
 * with the line, character and byte offset of the first bad sequence, line lengths against a cap, the line ends
 * used, and the quoting of RFC 4180 (the line and field where an unclosed quoted field began, text after a closing
 * quote, a stray quote inside an unquoted field), plus control characters that no list value contains.
 *
 * <p>A problem that makes the rest of the file unreadable is {@link Facts#fatal()}: reading stops at the start of
 * the record it is in ({@link Facts#cutOffset()}), so the rows before it are still judged and the file is held as
 * a whole. Other problems are located on their line and rejected with their row.
 *
 * <p>Line numbers count CR, LF and CRLF alike, as the CSV parser does, so both agree on every physical line.
 * The loop is table-driven: plain text runs through one class lookup per byte. Outside quotes, where a list's
 * text spends nearly all its bytes, it goes eight bytes at a time: printable ASCII and commas change nothing but
 * the counts, and only the other bytes (line ends, quotes, UTF-8) go through the byte loop (one byte at a time, the
 * pass was a visible share of the import's reading thread: docs/performance.md; FileScanTest checks both ways
 * agree).
 */
public final class FileScan {

    /**
     * Caps that protect the appliance from a file that is not a list.
     *
     * @param maxFileBytes the largest file read
     * @param maxLineChars the longest physical line, in characters
     */
    public record Limits(long maxFileBytes, int maxLineChars) {

        /** 256 MiB (about six million rows) and 65,536 characters a line. */
        public static final Limits DEFAULT = new Limits(256L << 20, 65_536);
    }

    /**
     * What the scan found.
     *
     * @param bytes       the file's size
     * @param bom         true when the file starts with a UTF-8 byte order mark
     * @param lines       physical lines (a last line without a line end counts)
     * @param crlf        CRLF line ends
     * @param lf          LF line ends
     * @param cr          CR line ends
     * @param fatal       the problem that ends reading, or {@code null}
     * @param cutOffset   the byte offset where reading stops: the file's size, or the start of the record holding
     *                    the fatal problem
     * @param rowProblems problems of single rows, by line
     * @param quotes      the quote characters read before the scan stopped: none means every record is one
     *                    physical line whose cells are the text between commas
     */
    public record Facts(long bytes, boolean bom, long lines, long crlf, long lf, long cr, LocatedFinding fatal,
            long cutOffset, List<LocatedFinding> rowProblems, long quotes) {

        /** CRLF, LF, CR, mixed or none. */
        public String lineEndings() {
            int kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
            return kinds == 0 ? "none" : kinds > 1 ? "mixed" : crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
        }
    }

    // Byte classes for the hot loop.
    private static final byte PLAIN = 0;
    private static final byte COMMA = 1;
    private static final byte QUOTE = 2;
    private static final byte CR = 3;
    private static final byte LF = 4;
    private static final byte CONTROL = 5;
    private static final byte NUL = 6;
    private static final byte HIGH = 7;
    private static final byte[] CLASS = new byte[256];
    private static final long QUOTES = ByteWords.repeated('"');
    private static final long COMMAS = ByteWords.repeated(',');

    static {
        for (int b = 0; b < 32; b++) {
            CLASS[b] = CONTROL;
        }
        CLASS[0] = NUL;
        CLASS['\t'] = PLAIN;
        CLASS[','] = COMMA;
        CLASS['"'] = QUOTE;
        CLASS['\r'] = CR;
        CLASS['\n'] = LF;
        CLASS[127] = CONTROL;
        for (int b = 128; b < 256; b++) {
            CLASS[b] = HIGH;
        }
    }

    // CSV states.
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private final Limits limits;
    /** Words of eight bytes where they can be taken whole; false only for the reference the tests compare with. */
    private final boolean words;
    private final List<LocatedFinding> rowProblems = new ArrayList<>();
    private LocatedFinding fatal;
    private long cutOffset = -1;

    // Position.
    private long offset;
    private long line = 1;
    private long lineChars;
    private long lineStartOffset;
    private long crlf;
    private long lf;
    private long cr;
    private long lastCrOffset = -2;

    // CSV.
    private int state = FIELD_START;
    private int field = 1;
    private long recordStartOffset;
    private long quoteLine;
    private long quoteChar;
    private int quoteField;
    private long lastControlLine;
    private long lastStrayQuoteLine;
    private long quotes;

    // UTF-8: continuation bytes still expected, and the bounds of the next one.
    private int pending;
    private int nextLow = 0x80;
    private int nextHigh = 0xBF;
    private long sequenceStart;

    private FileScan(Limits limits, boolean words) {
        this.limits = limits;
        this.words = words;
    }

    /** Scans {@code file}; a file over the size cap is not read at all. */
    public static Facts scan(Path file, Limits limits) throws IOException {
        return scan(file, limits, true);
    }

    /** {@link #scan(Path, Limits)}, one byte at a time when {@code words} is false: the tests' reference. */
    static Facts scan(Path file, Limits limits, boolean words) throws IOException {
        long size = Files.size(file);
        FileScan scan = new FileScan(limits, words);
        if (size > limits.maxFileBytes()) {
            scan.fatal = new LocatedFinding(0, 0, Finding.of(Rule.FILE_TOO_LARGE, null, null, String.format(Locale.ROOT,
                    "the file is %,d bytes; the limit is %,d (import.max-file-mb in gatelist.properties)", size,
                    limits.maxFileBytes())));
            return new Facts(size, false, 0, 0, 0, 0, scan.fatal, 0, List.of(), 0);
        }
        boolean bom;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n = in.readNBytes(buffer, 0, buffer.length);
            bom = n >= 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF;
            scan.signature(buffer, n);
            int start = bom ? 3 : 0;
            scan.offset = start;
            scan.lineStartOffset = start;
            scan.recordStartOffset = start;
            while (n > 0 && scan.fatal == null) {
                scan.run(buffer, start, n);
                start = 0;
                n = in.read(buffer);
            }
        }
        scan.finish();
        long lines = scan.offset > scan.lineStartOffset ? scan.line : scan.line - 1;
        return new Facts(size, bom, lines, scan.crlf, scan.lf, scan.cr, scan.fatal,
                scan.fatal == null ? size : scan.cutOffset, List.copyOf(scan.rowProblems), scan.quotes);
    }

    /** Refuses files whose first bytes say they are not UTF-8 text. */
    private void signature(byte[] b, int n) {
        String what = null;
        Rule rule = Rule.FILE_BINARY;
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            what = "UTF-16 (little-endian) text, as spreadsheets save \"Unicode text\"; save it as CSV UTF-8";
            rule = Rule.FILE_NOT_UTF8;
        } else if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            what = "UTF-16 (big-endian) text; save it as CSV UTF-8";
            rule = Rule.FILE_NOT_UTF8;
        } else if (starts(b, n, 0x50, 0x4B, 0x03, 0x04)) {
            what = "a ZIP archive (an Excel .xlsx or OpenDocument workbook?); export the sheet as CSV UTF-8";
        } else if (starts(b, n, 0xD0, 0xCF, 0x11, 0xE0)) {
            what = "a legacy Office document (an Excel .xls workbook?); export the sheet as CSV UTF-8";
        } else if (starts(b, n, 0x1F, 0x8B)) {
            what = "gzip-compressed; decompress it first";
        } else if (starts(b, n, 0x25, 0x50, 0x44, 0x46, 0x2D)) {
            what = "a PDF document, not a CSV file";
        }
        if (what != null) {
            fatal = new LocatedFinding(1, 0, Finding.of(rule, null, null, "the file is " + what));
            cutOffset = 0;
        }
    }

    private static boolean starts(byte[] b, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private void run(byte[] buffer, int from, int to) {
        int i = from;
        while (i < to) {
            if (words && pending == 0 && (state == UNQUOTED || state == FIELD_START)) {
                int taken = plainWords(buffer, i, to);
                if (taken > 0) {
                    i += taken;
                    continue;
                }
            }
            int b = buffer[i] & 0xFF;
            byte kind = CLASS[b];
            if (pending > 0) {
                if (b < nextLow || b > nextHigh) {
                    badUtf8(buffer, i, to);
                    return;
                }
                pending--;
                nextLow = 0x80;
                nextHigh = 0xBF;
                i++;
                offset++;
                continue;
            }
            if (kind == PLAIN && (state == UNQUOTED || state == QUOTED)) {
                // The common case: a run of ordinary ASCII inside a field.
                int start = i;
                while (i < to && CLASS[buffer[i] & 0xFF] == PLAIN) {
                    i++;
                }
                lineChars += i - start;
                offset += i - start;
                if (lineChars > limits.maxLineChars()) {
                    lineTooLong();
                    return;
                }
                continue;
            }
            switch (kind) {
                case HIGH -> {
                    if (!leadByte(b)) {
                        badUtf8(buffer, i, to);
                        return;
                    }
                    sequenceStart = offset;
                    countChar();
                    if (state == FIELD_START) {
                        state = UNQUOTED;
                    } else if (state == QUOTE_IN_QUOTED) {
                        textAfterQuote();
                    }
                }
                case NUL -> {
                    located(Rule.FILE_BINARY, "line " + line + " holds a NUL byte at character " + (lineChars + 1)
                            + " (byte offset " + offset + "): the file is not plain text");
                    return;
                }
                case CONTROL -> {
                    if (line != lastControlLine) {
                        lastControlLine = line;
                        rowProblems.add(new LocatedFinding((int) line, field, Finding.of(Rule.CONTROL_CHARACTER, null,
                                String.format(Locale.ROOT, "U+%04X", b), String.format(Locale.ROOT, "line %d holds "
                                + "control character U+%04X at character %d; no list value contains one", line, b,
                                lineChars + 1))));
                    }
                    countChar();
                    fieldContent();
                }
                case PLAIN -> {
                    countChar();
                    fieldContent();
                }
                case COMMA -> {
                    countChar();
                    if (state != QUOTED) {
                        state = FIELD_START;
                        field++;
                    }
                }
                case QUOTE -> {
                    quotes++;
                    countChar();
                    quote();
                }
                case CR, LF -> lineEnd(kind == CR);
                default -> throw new IllegalStateException("byte class " + kind);
            }
            if (fatal != null) {
                return;
            }
            i++;
            offset++;
        }
    }

    /**
     * Takes the printable ASCII and commas that start at {@code from}, outside quotes, a word at a time, as the
     * byte loop would: characters and fields counted, the state left as the last byte leaves it. Stops at the
     * first other byte, and before the word that would pass the line-length cap, so that the byte loop reports
     * it at the same character and field. Returns the bytes taken.
     */
    private int plainWords(byte[] buffer, int from, int to) {
        long room = limits.maxLineChars() - lineChars;
        int i = from;
        int commas = 0;
        long lastByteComma = 0;
        while (to - i >= 8 && i - from + 8 <= room) {
            long x = ByteWords.at(buffer, i);
            // The first byte that is not printable ASCII or is a quote: the bytes before it are plain.
            long other = ByteWords.notPrintable(x) | ByteWords.equal(x, QUOTES);
            int plain = other == 0 ? 8 : Long.numberOfTrailingZeros(other) >>> 3;
            if (plain > 0) {
                long commaBits = ByteWords.equal(x, COMMAS) & (-1L >>> (64 - 8 * plain));
                commas += Long.bitCount(commaBits);
                lastByteComma = commaBits >>> (8 * plain - 1) & 1; // the high bit of the last plain byte
                i += plain;
            }
            if (plain < 8) {
                break; // the byte loop takes the other byte
            }
        }
        int taken = i - from;
        if (taken > 0) {
            field += commas;
            state = lastByteComma != 0 ? FIELD_START : UNQUOTED;
            lineChars += taken;
            offset += taken;
        }
        return taken;
    }

    private void countChar() {
        if (++lineChars > limits.maxLineChars()) {
            lineTooLong();
        }
    }

    private void fieldContent() {
        if (state == FIELD_START) {
            state = UNQUOTED;
        } else if (state == QUOTE_IN_QUOTED) {
            textAfterQuote();
        }
    }

    private void quote() {
        switch (state) {
            case FIELD_START -> {
                state = QUOTED;
                quoteLine = line;
                quoteChar = lineChars;
                quoteField = field;
            }
            case UNQUOTED -> {
                if (line != lastStrayQuoteLine) {
                    lastStrayQuoteLine = line;
                    rowProblems.add(new LocatedFinding((int) line, field, Finding.of(Rule.CSV_STRAY_QUOTE, null, null,
                            "line " + line + ", field " + field + ": a quote inside an unquoted field (character "
                                    + lineChars + ") is kept as a character")));
                }
            }
            case QUOTED -> state = QUOTE_IN_QUOTED;
            default -> state = QUOTED; // "" inside a quoted field: an escaped quote
        }
    }

    private void textAfterQuote() {
        rowProblems.add(new LocatedFinding((int) line, field, Finding.of(Rule.CSV_TEXT_AFTER_QUOTE, null, null,
                "line " + line + ", field " + field + ": text follows the closing quote at character " + lineChars
                        + "; quote the whole field and double any quote inside it")));
        state = UNQUOTED;
    }

    private void lineEnd(boolean isCr) {
        if (!isCr && lastCrOffset == offset - 1) {
            // The LF of a CRLF: the line was already counted at its CR.
            cr--;
            crlf++;
            lineStartOffset = offset + 1;
            if (state != QUOTED) {
                recordStartOffset = offset + 1;
            }
            return;
        }
        if (isCr) {
            cr++;
            lastCrOffset = offset;
        } else {
            lf++;
        }
        line++;
        lineChars = 0;
        lineStartOffset = offset + 1;
        if (state == QUOTED) {
            return; // a line break inside a quoted field belongs to the field
        }
        state = FIELD_START;
        field = 1;
        recordStartOffset = offset + 1;
    }

    private boolean leadByte(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b == 0xE0) {
            pending = 2;
            nextLow = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            pending = 2;
        } else if (b == 0xED) {
            pending = 2;
            nextHigh = 0x9F; // no UTF-16 surrogates
        } else if (b == 0xF0) {
            pending = 3;
            nextLow = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            pending = 3;
        } else if (b == 0xF4) {
            pending = 3;
            nextHigh = 0x8F; // nothing above U+10FFFF
        } else {
            return false;
        }
        return true;
    }

    private void badUtf8(byte[] buffer, int i, int to) {
        long at = pending > 0 ? sequenceStart : offset;
        StringBuilder hex = new StringBuilder();
        int from = (int) Math.max(0, i - (offset - at));
        for (int k = from; k < Math.min(to, i + 1); k++) {
            hex.append(hex.length() == 0 ? "" : " ").append(HexFormat.of().withUpperCase().toHexDigits(buffer[k]));
        }
        located(Rule.FILE_NOT_UTF8, "line " + line + ", character " + (pending > 0 ? lineChars : lineChars + 1)
                + " (byte offset " + at + "): bytes " + hex + " are not valid UTF-8; save the file as CSV UTF-8 "
                + "(rows before this line were read)");
    }

    private void lineTooLong() {
        located(Rule.LINE_TOO_LONG, "line " + line + " is longer than " + String.format(Locale.ROOT, "%,d",
                limits.maxLineChars()) + " characters (import.max-line-length in gatelist.properties): not a list "
                + "row, or an unclosed quote" + (state == QUOTED ? " (a quoted field began on line " + quoteLine + ")"
                : ""));
    }

    /** Records the problem that ends reading at the start of the current record. */
    private void located(Rule rule, String message) {
        fatal = new LocatedFinding((int) line, field, Finding.of(rule, null, null, message));
        cutOffset = recordStartOffset;
    }

    private void finish() {
        if (fatal != null) {
            return;
        }
        if (pending > 0) {
            fatal = new LocatedFinding((int) line, field, Finding.of(Rule.FILE_NOT_UTF8, null, null, "the file ends "
                    + "inside a multi-byte UTF-8 sequence (line " + line + "): it was truncated or is not UTF-8"));
            cutOffset = recordStartOffset;
        } else if (state == QUOTED) {
            fatal = new LocatedFinding((int) quoteLine, quoteField, Finding.of(Rule.UNBALANCED_QUOTE, null, null,
                    "a quoted field that begins on line " + quoteLine + " (field " + quoteField + ", character "
                            + quoteChar + ") is never closed; everything after it would be swallowed into one "
                            + "value, so reading stopped at the start of that row"));
            cutOffset = recordStartOffset;
        }
    }
}
