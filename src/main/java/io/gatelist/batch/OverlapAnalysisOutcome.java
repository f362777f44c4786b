package io.gatelist.batch;

import java.io.Serializable;
import java.util.Map;

/**
 * What an analyse-overlaps job found, kept as its step's persistent user data in the job repository.
 *
 * @param folder   where overlaps.jsonl and overlaps.html were written
 * @param entries  entries analysed (ranges and countries)
 * @param totals   findings per overlap code (codes that occur only)
 * @param errors   error-level findings
 * @param millis   time taken, reading the entries included
 */
public record OverlapAnalysisOutcome(String folder, long entries, Map<String, Long> totals, long errors,
        long millis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public OverlapAnalysisOutcome {
        totals = Map.copyOf(totals);
    }
}
