package io.gatelist.report;

import io.gatelist.overlap.OverlapSummary;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import io.gatelist.storage.ImportRun;
import java.util.List;
import java.util.Map;

/**
 * What an import's reports say, gathered once and written in each format ({@link ReportJsonWriter},
 * {@link ReportHtmlWriter}). Bounded whatever the import's size: the examples and rejected rows are the first few,
 * the rest are in {@code findings.jsonl} and {@code rejected-rows.csv}.
 *
 * @param run      the import
 * @param facts    facts about the file's bytes that the database does not hold
 * @param byCode   finding counts by "code|SEVERITY": {count}, most frequent first within each severity
 * @param examples the first {@value ImportReportWriter#EXAMPLES} findings of each code
 * @param rejected the first {@value ImportReportWriter#HTML_REJECTED_ROWS} rejected rows
 * @param tally    rows read, accepted, rejected and duplicated
 * @param overlaps the overlap analysis recorded for the import, or {@code null}
 * @param feed     a feed import's feed, database and move; {@code null} for other imports
 */
record ImportReport(ImportRun run, FileFacts facts, Map<String, long[]> byCode,
        Map<String, List<StoredFinding>> examples, List<FindingStore.RejectedRow> rejected, FindingStore.Tally tally,
        OverlapSummary overlaps, FeedStore.Target feed) {

    /** Findings of one severity ("ERROR", "WARNING", "INFO"), all codes together. */
    long severityTotal(String severity) {
        return byCode.entrySet().stream().filter(e -> e.getKey().endsWith("|" + severity))
                .mapToLong(e -> e.getValue()[0]).sum();
    }
}
