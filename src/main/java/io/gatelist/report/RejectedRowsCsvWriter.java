package io.gatelist.report;

import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.io.AtomicFile;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** {@code rejected-rows.csv}: an import's rejected rows with their line and reason, formula-neutralised. */
final class RejectedRowsCsvWriter {

    private RejectedRowsCsvWriter() {
    }

    /**
     * Streams the rejected rows into {@code target} and returns the first
     * {@value ImportReportWriter#HTML_REJECTED_ROWS} of them, for the page. A file of a CSV kind keeps its header's
     * columns, each row fitted to them (see {@link #fit}); a file of another kind (a feed, RIR statistics) gets its
     * line as read in one {@code _raw} column.
     */
    static List<FindingStore.RejectedRow> write(Path target, FindingStore findings, ImportRun run)
            throws IOException {
        List<FindingStore.RejectedRow> first = new ArrayList<>();
        List<String> header = headerOf(run);
        boolean asRead = header.isEmpty();
        List<String> columns = new ArrayList<>(asRead ? List.of("_raw") : header);
        columns.add("_line");
        columns.add("_reason");
        AtomicFile.writeText(target, AtomicFile.Access.OWNER, out -> {
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
                printer.printRecord(CsvSafety.neutralise(columns)); // header cells come from the file too
                try {
                    findings.forEachRejectedRow(run.id(), row -> {
                        if (first.size() < ImportReportWriter.HTML_REJECTED_ROWS) {
                            first.add(row);
                        }
                        List<String> cells = new ArrayList<>(asRead ? List.of(row.raw())
                                : fit(parseRaw(row.raw()), header.size()));
                        cells.add(Integer.toString(row.line()));
                        cells.add(row.reason());
                        try {
                            printer.printRecord(CsvSafety.neutralise(cells));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        });
        return first;
    }

    /**
     * A rejected row's cells fitted to the header's {@code width}, so that {@code _line} and {@code _reason} stay in
     * their columns: a short row is padded with empty cells, and the cells of a long one past the last column are
     * joined to it with the commas they were read with (an unquoted comma in a comment is the usual cause).
     */
    static List<String> fit(List<String> cells, int width) {
        if (cells.size() == width) {
            return cells;
        }
        List<String> fitted = new ArrayList<>(cells.subList(0, Math.min(width, cells.size())));
        while (fitted.size() < width) {
            fitted.add("");
        }
        if (cells.size() > width) {
            fitted.set(width - 1, String.join(",", cells.subList(width - 1, cells.size())));
        }
        return fitted;
    }

    static List<String> parseRaw(String raw) {
        // The cells of a rejected row as read. Most such rows hold no quote and no line break: their cells are the
        // text between commas, exactly what the parser gives, without a parser (and its 16 KB buffer) per row.
        if (raw.indexOf('"') < 0 && raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0) {
            return List.of(raw.split(",", -1));
        }
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(raw))) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of(raw) : records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(raw);
        }
    }

    private static List<String> headerOf(ImportRun run) {
        CsvLayout layout = run.kind() == null ? null : run.kind().layout();
        if (layout == null) {
            return List.of();
        }
        try (CsvInput input = CsvInput.open(run.storedPath(), layout)) {
            return input.header();
        } catch (IOException | RuntimeException e) {
            return layout.columns();
        }
    }
}
