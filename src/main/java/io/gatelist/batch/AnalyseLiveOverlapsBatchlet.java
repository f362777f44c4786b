package io.gatelist.batch;

import io.gatelist.finding.Severity;
import io.gatelist.io.AtomicFile;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.overlap.OverlapDigest;
import io.gatelist.overlap.OverlapJson;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.report.OverlapReportSection;
import io.gatelist.storage.LiveOverlapInput;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The analyse-overlaps job's step: analyses the live lists in one pass that writes every finding to
 * {@code overlaps.jsonl} and feeds the bounded summary of {@code overlaps.html}. Both are written atomically
 * ({@link AtomicFile}), so a reader never sees half of one.
 */
@Named("analyseLiveOverlaps")
@Dependent
public class AnalyseLiveOverlapsBatchlet extends AbstractBatchlet {

    /** The findings file: every finding, one JSON object a line. */
    public static final String JSON_LINES = "overlaps.jsonl";
    /** The page for people. */
    public static final String HTML = "overlaps.html";

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "out")
    String out;

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Override
    public String process() throws Exception {
        long started = System.nanoTime();
        Path folder = out == null || out.isBlank()
                ? appliance.home().reportsDir().resolve("overlaps").resolve(Long.toString(jobContext.getExecutionId()))
                : Path.of(out);
        Files.createDirectories(folder);
        OverlapAnalyzer analyzer = LiveOverlapInput.load(appliance.database());
        OverlapDigest digest = new OverlapDigest(analyzer, AnalyseOverlapsBatchlet.GROUPS_PER_CODE,
                AnalyseOverlapsBatchlet.EXAMPLES_PER_GROUP);
        Path jsonl = folder.resolve(JSON_LINES);
        AtomicFile.writeText(jsonl, AtomicFile.Access.OWNER, w -> OverlapJson.writeLines(analyzer, w, digest));
        OverlapSummary summary = digest.summary();
        OverlapReportSection.writePage(folder.resolve(HTML), "Overlap analysis " + jobContext.getExecutionId(),
                summary);
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Map.Entry<OverlapCode, Long> t : summary.totals().entrySet()) {
            totals.put(t.getKey().code(), t.getValue());
        }
        stepContext.setPersistentUserData(new OverlapAnalysisOutcome(folder.toString(), summary.entries(), totals,
                summary.count(Severity.ERROR), (System.nanoTime() - started) / 1_000_000));
        String status = summary.hasErrors() ? "OVERLAP_ERRORS" : "COMPLETED";
        jobContext.setExitStatus(status); // so that a scheduler sees it on the job, not only on the step
        return status;
    }
}
