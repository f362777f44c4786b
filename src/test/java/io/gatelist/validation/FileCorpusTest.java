package io.gatelist.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.LocatedFinding;
import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.input.CsvRow;
import io.gatelist.input.FileScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code validation/files.tsv}: a whole file written to disk, read as the import job's reader reads
 * it, and every finding it must report (code, severity, physical line and column, in order) with the number of
 * rows handed on for validation.
 */
class FileCorpusTest {

    static final String RESOURCE = "/validation/files.tsv";
    static final FileScan.Limits LIMITS = new FileScan.Limits(4096, 200);

    @TempDir
    Path dir;

    /** What reading a file reported: findings as {@code code:severity@line.column}, and the data rows. */
    record Read(String findings, int rows) {
    }

    static Stream<Arguments> cases() throws IOException {
        return Corpus.read(RESOURCE).stream().map(line -> {
            List<String> c = line.cells();
            if (c.size() < 3 || c.size() > 4) {
                throw new IllegalArgumentException(RESOURCE + " line " + line.number() + ": 3 or 4 cells expected");
            }
            String content = c.get(2);
            return Arguments.of(Named.of("line " + line.number() + ": " + abbreviate(content), Corpus.bytes(content)),
                    c.get(0), Integer.parseInt(c.get(1)), c.size() == 4 ? c.get(3) : null);
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachFileReportsItsFindingsOnTheirPhysicalLines(byte[] content, String findings, int rows, String message)
            throws IOException {
        Path file = Files.write(dir.resolve("list.csv"), content);
        List<LocatedFinding> found = new ArrayList<>();
        int dataRows = 0;
        try (CsvInput input = CsvInput.open(file, CsvLayout.POLICY, LIMITS)) {
            found.addAll(input.fileNotes());
            found.addAll(input.headerFindings());
            if (!input.headerUnusable()) { // as the job's reader: no rows without a usable header
                for (CsvRow row = input.next(); row != null; row = input.next()) {
                    found.addAll(row.problems());
                    dataRows += row.isFileProblem() ? 0 : 1;
                }
            }
        }
        assertEquals(new Read(findings, rows), new Read(format(found), dataRows));
        if (message != null) {
            String first = found.get(0).finding().message();
            assertTrue(first.contains(message), "\"" + first + "\" should say \"" + message + "\"");
        }
    }

    private static String format(List<LocatedFinding> found) {
        return found.isEmpty() ? "-" : found.stream().map(f -> f.finding().code() + ":" + f.finding().severity().id()
                + "@" + f.line() + "." + f.columnNumber()).collect(Collectors.joining(","));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
