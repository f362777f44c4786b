package io.gatelist.input;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file record by record with physical line numbers, for any {@link CsvLayout}.
 *
 * <p>A {@link FileScan} goes over the bytes first: the size and line-length caps, binary content, strict UTF-8
 * and RFC 4180 quoting are settled there with exact places, so the parser only ever sees text it can read. A byte
 * order mark is stripped and reported; CRLF, LF and CR line ends are all accepted; a line whose first cell starts
 * with {@code #} is a comment and blank lines are skipped, both counted. A problem that makes the rest of the file
 * unreadable (a bad byte, an unclosed quote, an over-long line) is returned as a final row carrying a file-level
 * finding: the rows before it still count. Problems of one row (text after a closing quote, a control character)
 * travel with that row.
 *
 * <p>A file without a single quote character (what lists usually are) is read by {@link PlainCsvLines} instead
 * of Commons CSV: one record a physical line, cells split at commas, the same records, cells and line numbers.
 */
public final class CsvInput implements Closeable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            // The scan reports text after a closing quote on its row; the parser keeps going instead of failing.
            .setTrailingData(true)
            .get();

    private final Path file;
    private final CsvLayout layout;
    private final FileScan.Facts facts;
    private final InputStream bytes;
    /** Commons CSV, for a file with quotes; {@code null} when {@link #plain} reads it. */
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    /** The reader of a file without quotes, or {@code null}. */
    private final PlainCsvLines plain;
    private final boolean bom;
    private List<String> header;
    private final List<LocatedFinding> headerFindings = new ArrayList<>();
    private boolean finished;
    private boolean fatalReturned;
    private int comments;
    private int blankLines;
    /** The next of the scan's row problems not yet given to a row. */
    private int nextRowProblem;

    private CsvInput(Path file, CsvLayout layout, FileScan.Limits limits, boolean plainAllowed) throws IOException {
        this.file = file;
        this.layout = layout;
        this.facts = FileScan.scan(file, limits);
        this.bom = facts.bom();
        InputStream in = Files.newInputStream(file);
        long start = bom ? 3 : 0;
        in.skipNBytes(Math.min(start, facts.bytes()));
        // Reading stops where the scan found the rest unreadable: the parser never meets a bad byte.
        in = new BufferedInputStream(new BoundedInputStream(in, Math.max(0, facts.cutOffset() - start)), 1 << 16);
        this.bytes = in;
        if (plainAllowed && facts.quotes() == 0) {
            this.plain = new PlainCsvLines(in);
            this.parser = null;
            this.records = null;
            return;
        }
        this.plain = null;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    /** Opens {@code file} with the default caps and reads its header. */
    public static CsvInput open(Path file, CsvLayout layout) throws IOException {
        return open(file, layout, FileScan.Limits.DEFAULT);
    }

    /** Opens {@code file} and reads its header. */
    public static CsvInput open(Path file, CsvLayout layout, FileScan.Limits limits) throws IOException {
        return open(file, layout, limits, true);
    }

    /** {@link #open(Path, CsvLayout, FileScan.Limits)}, with Commons CSV for every file when {@code plainAllowed}
     * is false: the reference the plain reader is tested against. */
    static CsvInput open(Path file, CsvLayout layout, FileScan.Limits limits, boolean plainAllowed)
            throws IOException {
        CsvInput input = new CsvInput(file, layout, limits, plainAllowed);
        input.readHeader();
        return input;
    }

    /** Informational findings about the file as a whole: its BOM, mixed line ends. */
    public List<LocatedFinding> fileNotes() {
        List<LocatedFinding> notes = new ArrayList<>(2);
        if (bom) {
            notes.add(new LocatedFinding(1, 0, Finding.of(Rule.FILE_BOM, null, null,
                    "the file starts with a UTF-8 byte order mark; it was stripped")));
        }
        if ("mixed".equals(facts.lineEndings())) {
            notes.add(new LocatedFinding(0, 0, Finding.of(Rule.LINE_ENDINGS_MIXED, null, null, String.format(
                    Locale.ROOT, "the file mixes line ends (%d CRLF, %d LF, %d CR); all were read as line breaks, "
                    + "but some tools will see a different number of lines", facts.crlf(), facts.lf(), facts.cr()))));
        }
        return notes;
    }

    /** The header, lower-cased; empty when the file had none. */
    public List<String> header() {
        return header;
    }

    /** Findings about the header: missing, unknown or duplicated columns. */
    public List<LocatedFinding> headerFindings() {
        return headerFindings;
    }

    /** True when the header lacks a required column: no row can be judged. */
    public boolean headerUnusable() {
        return headerFindings.stream().anyMatch(f -> f.finding().severity() == io.gatelist.finding.Severity.ERROR);
    }

    public int comments() {
        return comments;
    }

    public int blankLines() {
        return blankLines;
    }

    /** The number of records consumed after the header (the restart point of a reader). */
    public int recordsConsumed() {
        return (int) Math.max(0, recordNumber() - 1);
    }

    /** Records read so far, the header included. */
    private long recordNumber() {
        return plain != null ? plain.records() : parser.getRecordNumber();
    }

    /** Line ends read so far. */
    private long lineNumber() {
        return plain != null ? plain.lineEnds() : parser.getCurrentLineNumber();
    }

    /** The next record's cells, or {@code null} at the end of what can be read. */
    private List<String> nextCells() {
        if (plain != null) {
            try {
                return plain.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!records.hasNext()) {
            return null;
        }
        // The record's own array, wrapped: toList() copies it through a stream for every row.
        return Arrays.asList(records.next().values());
    }

    /**
     * Skips records until {@code consumed} records after the header have been read: the restart point saved by
     * an earlier run of the same file.
     */
    public void skipTo(int consumed) {
        while (!finished && recordsConsumed() < consumed) {
            if (nextCells() == null) {
                throw new IllegalStateException("the file has fewer than " + consumed
                        + " records; it changed since the checkpoint was taken");
            }
        }
    }

    private void readHeader() {
        CsvRow first = next();
        if (first == null && facts.fatal() != null) {
            header = List.of();
            headerFindings.add(facts.fatal());
            finished = true;
            fatalReturned = true;
            return;
        }
        if (first == null) {
            header = List.of();
            headerFindings.add(new LocatedFinding(0, 0, Finding.of(Rule.FILE_EMPTY, null, null,
                    "the file has no header and no rows; a " + layout.kind().id() + " file starts with the header "
                            + String.join(",", layout.columns()))));
            finished = true;
            return;
        }
        if (first.isFileProblem()) {
            header = List.of();
            headerFindings.addAll(first.problems());
            finished = true;
            return;
        }
        headerFindings.addAll(first.problems());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < first.cells().size(); i++) {
            String name = first.cells().get(i).strip().toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                headerFindings.add(new LocatedFinding(first.line(), i + 1, Finding.of(Rule.HEADER_DUPLICATE_COLUMN,
                        name, name, "column \"" + name + "\" appears twice in the header")));
            } else if (!name.isEmpty() && !layout.knows(name)) {
                String suggestion = layout.suggest(name);
                headerFindings.add(new LocatedFinding(first.line(), i + 1, Finding.of(Rule.HEADER_UNKNOWN_COLUMN,
                        name, name, "unknown column \"" + name + "\""
                                + (suggestion == null ? "; it is ignored" : "; did you mean \"" + suggestion + "\"?"))));
            }
            names.add(name);
        }
        header = List.copyOf(names);
        if (semicolonSeparated(names)) {
            // One finding that says what happened, instead of an unknown column and every required one missing.
            headerFindings.removeIf(f -> f.finding().rule() == Rule.HEADER_UNKNOWN_COLUMN);
            headerFindings.add(new LocatedFinding(first.line(), 0, Finding.of(Rule.CSV_SEMICOLON_SEPARATED, null,
                    first.cells().get(0), "the header \"" + first.cells().get(0) + "\" is separated by semicolons, "
                            + "as Excel saves CSV in some locales; Gatelist reads comma-separated files: save it as "
                            + "\"CSV UTF-8 (Comma delimited)\", or replace the semicolons between cells by commas")));
            return;
        }
        for (String required : layout.required()) {
            if (!header.contains(required)) {
                headerFindings.add(new LocatedFinding(first.line(), 0, Finding.of(Rule.HEADER_MISSING_COLUMN,
                        required, null, "the header lacks the required column \"" + required + "\"; a "
                                + layout.kind().id() + " file's header is " + String.join(",", layout.columns()))));
            }
        }
    }

    /**
     * True when the header is one cell that, split at semicolons, names every required column: a file whose cells
     * are separated by semicolons.
     */
    private boolean semicolonSeparated(List<String> names) {
        if (names.size() != 1 || names.get(0).indexOf(';') < 0) {
            return false;
        }
        List<String> split = new ArrayList<>();
        for (String name : names.get(0).split(";", -1)) {
            split.add(name.strip());
        }
        return !layout.required().isEmpty() && split.containsAll(layout.required());
    }

    /**
     * The next data record, skipping blank lines and comments; a final file-level problem; or {@code null} at
     * the end.
     */
    public CsvRow next() {
        while (!finished) {
            long lineBefore = lineNumber();
            List<String> cells;
            try {
                cells = nextCells();
                if (cells == null) {
                    finished = true;
                    return fatalRow();
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                finished = true;
                fatalReturned = true;
                return fileProblem((int) lineBefore + 1, e);
            }
            int line = (int) lineBefore + 1;
            int lastLine = (int) Math.max(line, lineNumber());
            int number = (int) recordNumber() - (header == null ? 0 : 1);
            List<LocatedFinding> scanned = rowProblems(line, lastLine);
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                blankLines++;
                continue;
            }
            if (!cells.isEmpty() && cells.get(0).stripLeading().startsWith("#")) {
                comments++;
                continue;
            }
            return new CsvRow(number, line, header, cells, shapeProblems(line, cells, scanned));
        }
        return null;
    }

    /** The scan's problems on lines {@code first..last}, dropping those of lines already passed. */
    private List<LocatedFinding> rowProblems(int first, int last) {
        List<LocatedFinding> all = facts.rowProblems();
        while (nextRowProblem < all.size() && all.get(nextRowProblem).line() < first) {
            nextRowProblem++;
        }
        List<LocatedFinding> found = null;
        while (nextRowProblem < all.size() && all.get(nextRowProblem).line() <= last) {
            if (found == null) {
                found = new ArrayList<>(2);
            }
            LocatedFinding f = all.get(nextRowProblem++);
            found.add(new LocatedFinding(f.line(), f.columnNumber(), Finding.of(f.finding().rule(),
                    columnName(f.columnNumber() - 1), f.finding().value(), f.finding().message())));
        }
        return found == null ? List.of() : found;
    }

    /** The scan's fatal problem as the final row, once; {@code null} when the file had none. */
    private CsvRow fatalRow() {
        if (facts.fatal() == null || fatalReturned) {
            return null;
        }
        fatalReturned = true;
        return new CsvRow((int) recordNumber() + 1 - (header == null ? 0 : 1), facts.fatal().line(),
                header == null ? List.of() : header, null, List.of(facts.fatal()));
    }

    private List<LocatedFinding> shapeProblems(int line, List<String> cells, List<LocatedFinding> scanned) {
        if (header == null || header.isEmpty()) {
            return scanned;
        }
        List<LocatedFinding> problems = null;
        if (cells.size() > header.size()) {
            problems = new ArrayList<>(scanned);
            problems.add(new LocatedFinding(line, header.size() + 1, Finding.of(Rule.ROW_EXTRA_CELLS, null,
                    String.join(",", cells.subList(header.size(), cells.size())), "the row has " + cells.size()
                            + " cells, the header " + header.size() + "; an unquoted comma in a value?")));
        } else if (cells.size() < header.size()) {
            problems = new ArrayList<>(scanned);
            problems.add(new LocatedFinding(line, cells.size() + 1, Finding.of(Rule.ROW_MISSING_CELLS, null, null,
                    "the row has " + cells.size() + " cells, the header " + header.size() + " (missing: "
                            + String.join(", ", header.subList(cells.size(), header.size())) + ")")));
        }
        return problems == null ? scanned : problems;
    }

    private String columnName(int index) {
        return header != null && index >= 0 && index < header.size() ? header.get(index) : null;
    }

    private CsvRow fileProblem(int line, RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        Finding finding;
        if (cause instanceof CharacterCodingException) {
            finding = Finding.of(Rule.FILE_NOT_UTF8, null, null, "line " + line + " holds a byte sequence that is not "
                    + "valid UTF-8; save the file as UTF-8 (rows before this line were read)");
        } else if (String.valueOf(cause.getMessage()).contains("EOF reached before encapsulated token finished")) {
            finding = Finding.of(Rule.UNBALANCED_QUOTE, null, null, "a quoted field that begins on line " + line
                    + " is never closed; everything after it was swallowed");
        } else {
            finding = Finding.of(Rule.CSV_MALFORMED, null, null, "line " + line + ": " + cause.getMessage());
        }
        return new CsvRow((int) recordNumber(), line, header == null ? List.of() : header, null,
                List.of(new LocatedFinding(line, 0, finding)));
    }

    /** Formats cells back into one CSV line, for rejected-rows.csv. */
    public static String formatRaw(List<String> cells) {
        return FORMAT.format(cells.toArray());
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        bytes.close();
    }

    @Override
    public String toString() {
        return "CsvInput[" + file.getFileName() + "]";
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {

        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
