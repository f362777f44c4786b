package io.gatelist.storage;

import io.gatelist.policy.PolicyEntry;
import io.gatelist.validation.LocatedFinding;
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
 */
public record StagedRow(int recordNo, int lineNo, PolicyEntry entry, List<LocatedFinding> findings, String raw,
        String reason, boolean fileLevel) {

    /** True when the row is rejected (its raw text is kept for review). */
    public boolean rejected() {
        return raw != null;
    }
}
