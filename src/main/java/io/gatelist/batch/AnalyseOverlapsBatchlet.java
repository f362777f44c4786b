package io.gatelist.batch;

import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapDigest;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.LiveOverlapInput;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Analyses overlaps over the whole live list state after an import (a new file can conflict with entries loaded
 * months ago) and records, for the import's report, the exact totals per code and the findings grouped by their
 * wider entry: the first {@value #GROUPS_PER_CODE} wider entries of each code with their exact counts and
 * {@value #EXAMPLES_PER_GROUP} examples each, so that the report stays bounded whatever the lists hold.
 * Ends with exit status {@code OVERLAP_ERRORS} when error-level overlaps exist, else {@code COMPLETED}.
 */
@Named("analyseOverlaps")
@Dependent
public class AnalyseOverlapsBatchlet extends AbstractBatchlet {

    /** Wider entries kept per code for the report; {@code gatelist overlaps --json} prints every finding. */
    static final int GROUPS_PER_CODE = 50;
    /** Findings kept per wider entry for the report. */
    static final int EXAMPLES_PER_GROUP = 10;

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Override
    public String process() {
        OverlapAnalyzer analyzer = LiveOverlapInput.load(appliance.database());
        OverlapDigest digest = new OverlapDigest(analyzer, GROUPS_PER_CODE, EXAMPLES_PER_GROUP);
        analyzer.analyze(digest);
        OverlapSummary summary = digest.summary();
        new FindingStore(appliance.database()).saveOverlaps(id, summary);
        return summary.hasErrors() ? "OVERLAP_ERRORS" : "COMPLETED";
    }
}
