package io.gatelist.storage;

import io.gatelist.finding.LocatedFinding;
import io.gatelist.policy.PolicyEntry;
import java.util.List;

/**
 * The outcome of validating one record, ready to be written.
 *
 * @param recordNo the record's number in the file (1-based, data records only); 0 for a file-level outcome
 * @param lineNo   the physical line where the record begins
 * @param entry    the entry to store, or {@code null} when the row is rejected or skipped
 * @param findings everything found about the row
 * @param raw      the row as read, kept for rejected-rows.csv when the row is rejected, else {@code null}
 * @param reason   why the row was rejected, or {@code null}
 * @param fileLevel true when the findings are about the file as a whole, not one row
 * @param valueColumn the 1-based column of the row's value cell, for a duplicate-row finding; 0 when unknown
 * @param valueText   the value cell as read, for the same; {@code null} when unknown
 */
public record StagedRow(int recordNo, int lineNo, PolicyEntry entry, List<LocatedFinding> findings, String raw,
        String reason, boolean fileLevel, int valueColumn, String valueText) {

    /** A row without its value cell: one that no duplicate check will report on. */
    public StagedRow(int recordNo, int lineNo, PolicyEntry entry, List<LocatedFinding> findings, String raw,
            String reason, boolean fileLevel) {
        this(recordNo, lineNo, entry, findings, raw, reason, fileLevel, 0, null);
    }

    /** True when the row is rejected (its raw text is kept for review). */
    public boolean rejected() {
        return raw != null;
    }
}
