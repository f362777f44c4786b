package io.gatelist.input;

import io.gatelist.validation.Finding;
import io.gatelist.validation.LocatedFinding;
import io.gatelist.validation.Rule;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file record by record with physical line numbers, for any {@link CsvLayout}.
 *
 * <p>The bytes are decoded as strict UTF-8 (a bad byte is a located error, not a crash or a replacement
 * character); a byte order mark is stripped and reported; CRLF, LF and CR line ends are all accepted; a line
 * whose first cell starts with {@code #} is a comment and blank lines are skipped, both counted. A problem that
 * makes the rest of the file unreadable (a bad byte, an unclosed quote) is returned as a final row carrying a
 * file-level finding: the rows before it still count.
 */
public final class CsvInput implements Closeable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setAllowMissingColumnNames(true)
            .get();

    private final Path file;
    private final CsvLayout layout;
    private final InputStream bytes;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final boolean bom;
    private List<String> header;
    private final List<LocatedFinding> headerFindings = new ArrayList<>();
    private boolean finished;
    private int comments;
    private int blankLines;

    private CsvInput(Path file, CsvLayout layout) throws IOException {
        this.file = file;
        this.layout = layout;
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(3);
        byte[] start = in.readNBytes(3);
        bom = start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB && (start[2] & 0xFF) == 0xBF;
        if (!bom) {
            in.reset();
        }
        this.bytes = in;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    /** Opens {@code file} and reads its header. */
    public static CsvInput open(Path file, CsvLayout layout) throws IOException {
        CsvInput input = new CsvInput(file, layout);
        input.readHeader();
        return input;
    }

    /** True when the file began with a UTF-8 byte order mark (stripped). */
    public boolean hadBom() {
        return bom;
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
        return headerFindings.stream().anyMatch(f -> f.finding().severity() == io.gatelist.validation.Severity.ERROR);
    }

    public int comments() {
        return comments;
    }

    public int blankLines() {
        return blankLines;
    }

    /** The number of records consumed after the header (the restart point of a reader). */
    public int recordsConsumed() {
        return (int) Math.max(0, parser.getRecordNumber() - 1);
    }

    /**
     * Skips records until {@code consumed} records after the header have been read: the restart point saved by
     * an earlier run of the same file.
     */
    public void skipTo(int consumed) {
        while (!finished && recordsConsumed() < consumed) {
            if (!records.hasNext()) {
                throw new IllegalStateException("the file has fewer than " + consumed
                        + " records; it changed since the checkpoint was taken");
            }
            records.next();
        }
    }

    private void readHeader() {
        CsvRow first = next();
        if (first == null) {
            header = List.of();
            headerFindings.add(new LocatedFinding(0, 0, Finding.of(Rule.FILE_EMPTY, null, null,
                    "the file has no header and no rows; a " + layout.kind() + " file starts with the header "
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
        for (String required : layout.required()) {
            if (!header.contains(required)) {
                headerFindings.add(new LocatedFinding(first.line(), 0, Finding.of(Rule.HEADER_MISSING_COLUMN,
                        required, null, "the header lacks the required column \"" + required + "\"; a "
                                + layout.kind() + " file's header is " + String.join(",", layout.columns()))));
            }
        }
    }

    /**
     * The next data record, skipping blank lines and comments; a final file-level problem; or {@code null} at
     * the end.
     */
    public CsvRow next() {
        while (!finished) {
            long lineBefore = parser.getCurrentLineNumber();
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    finished = true;
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                finished = true;
                return fileProblem((int) lineBefore + 1, e);
            }
            int line = (int) lineBefore + 1;
            int number = (int) record.getRecordNumber() - (header == null ? 0 : 1);
            List<String> cells = record.toList();
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                blankLines++;
                continue;
            }
            if (!cells.isEmpty() && cells.get(0).stripLeading().startsWith("#")) {
                comments++;
                continue;
            }
            return new CsvRow(number, line, header, cells, shapeProblems(line, cells));
        }
        return null;
    }

    private List<LocatedFinding> shapeProblems(int line, List<String> cells) {
        if (header == null || header.isEmpty()) {
            return List.of();
        }
        List<LocatedFinding> problems = new ArrayList<>(0);
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).indexOf('\0') >= 0) {
                problems.add(new LocatedFinding(line, i + 1, Finding.of(Rule.FILE_BINARY, columnName(i), null,
                        "cell contains a NUL byte: the file is not plain text")));
            }
        }
        if (cells.size() > header.size()) {
            problems.add(new LocatedFinding(line, header.size() + 1, Finding.of(Rule.ROW_EXTRA_CELLS, null,
                    String.join(",", cells.subList(header.size(), cells.size())), "the row has " + cells.size()
                            + " cells, the header " + header.size() + "; an unquoted comma in a value?")));
        } else if (cells.size() < header.size()) {
            problems.add(new LocatedFinding(line, cells.size() + 1, Finding.of(Rule.ROW_MISSING_CELLS, null, null,
                    "the row has " + cells.size() + " cells, the header " + header.size())));
        }
        return problems;
    }

    private String columnName(int index) {
        return header != null && index < header.size() ? header.get(index) : null;
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
        return new CsvRow((int) parser.getRecordNumber(), line, header == null ? List.of() : header, null,
                List.of(new LocatedFinding(line, 0, finding)));
    }

    /** Formats cells back into one CSV line, for rejected-rows.csv. */
    public static String formatRaw(List<String> cells) {
        return FORMAT.format(cells.toArray());
    }

    @Override
    public void close() throws IOException {
        parser.close();
        bytes.close();
    }

    @Override
    public String toString() {
        return "CsvInput[" + file.getFileName() + "]";
    }
}
