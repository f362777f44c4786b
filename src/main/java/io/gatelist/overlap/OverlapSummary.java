package io.gatelist.overlap;

import io.gatelist.finding.Severity;
import java.util.List;
import java.util.Map;

/**
 * A bounded account of an overlap analysis, for people: exact totals, and the findings grouped by their wider
 * entry with capped examples. {@code gatelist overlaps --json} is where every finding is listed.
 *
 * @param entries      entries analysed (ranges and countries)
 * @param totals       findings per code (codes that occur only), exact
 * @param widerEntries groups (distinct wider entries) per code, exact
 * @param groups       the first groups of each code, in the analysis order, at most the cap it was made with
 */
public record OverlapSummary(long entries, Map<OverlapCode, Long> totals, Map<OverlapCode, Long> widerEntries,
        List<OverlapGroup> groups) {

    public OverlapSummary {
        totals = Map.copyOf(totals);
        widerEntries = Map.copyOf(widerEntries);
        groups = List.copyOf(groups);
    }

    /** All findings. */
    public long total() {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Findings of one severity. */
    public long count(Severity severity) {
        return totals.entrySet().stream().filter(e -> e.getKey().severity() == severity)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** True when error-level overlaps exist: compile refuses to publish. */
    public boolean hasErrors() {
        return count(Severity.ERROR) > 0;
    }

    /** The findings of one code. */
    public long total(OverlapCode code) {
        return totals.getOrDefault(code, 0L);
    }

    /** The kept groups of one code. */
    public List<OverlapGroup> groups(OverlapCode code) {
        return groups.stream().filter(g -> g.code() == code).toList();
    }
}
