package io.gatelist.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV injection") in cells Gatelist writes: a cell that a
 * spreadsheet would evaluate, one starting with {@code = + - @} or a tab or carriage return, gets a leading
 * apostrophe so it is shown as text.
 */
public final class CsvSafety {

    private CsvSafety() {
    }

    /**
     * Every cell of a record neutralised: a header's as well as a row's, since a file's header is text from outside
     * too. Write each record of a CSV file through this, so that no cell is forgotten.
     */
    public static List<String> neutralise(List<String> record) {
        List<String> cells = new ArrayList<>(record.size());
        for (String cell : record) {
            cells.add(neutralise(cell));
        }
        return cells;
    }

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }
}
