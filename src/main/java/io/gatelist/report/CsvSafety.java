package io.gatelist.report;

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV injection") in cells Gatelist writes: a cell that a
 * spreadsheet would evaluate, one starting with {@code = + - @} or a tab or carriage return, gets a leading
 * apostrophe so it is shown as text.
 */
public final class CsvSafety {

    private CsvSafety() {
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
