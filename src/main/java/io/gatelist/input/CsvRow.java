package io.gatelist.input;

import io.gatelist.finding.LocatedFinding;
import java.util.List;

/**
 * One record of a CSV file, with its place, or a problem that ends the file.
 *
 * @param recordNo the parser's record number (1-based, counting every record after the header)
 * @param line     the physical line where the record begins
 * @param header   the file's header, lower-cased, in file order
 * @param cells    the record's cells as read (not trimmed), or {@code null} for a file-level problem
 * @param problems findings about the row's shape or the file (extra cells, a bad byte, ...)
 */
public record CsvRow(int recordNo, int line, List<String> header, List<String> cells,
        List<LocatedFinding> problems) {

    /** The cell under {@code column}, or {@code null} when the column is absent or the row is short. */
    public String cell(String column) {
        int i = header.indexOf(column);
        return i < 0 || cells == null || i >= cells.size() ? null : cells.get(i);
    }

    /** The 1-based column number of {@code column}, or 0. */
    public int columnNumber(String column) {
        return header.indexOf(column) + 1;
    }

    /** True for a row that carries only a file-level problem. */
    public boolean isFileProblem() {
        return cells == null;
    }
}
