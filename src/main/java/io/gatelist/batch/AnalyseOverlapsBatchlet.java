package io.gatelist.batch;

import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.validation.Severity;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Analyses overlaps over the whole live list state after an import (a new file can conflict with entries loaded
 * months ago) and records, for the import's report, the totals per code and the first examples of each.
 */
@Named("analyseOverlaps")
@Dependent
public class AnalyseOverlapsBatchlet extends AbstractBatchlet {

    /** Examples kept per code for the report; `gatelist overlaps --json` prints every finding. */
    static final int EXAMPLES_PER_CODE = 200;

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    @Override
    public String process() {
        long id = JobParameters.requireLong("importId", importId);
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        new EntryStore(appliance.database()).forEachLiveEntry(analyzer::add);
        List<Overlap> examples = new ArrayList<>();
        Map<OverlapCode, Integer> kept = new EnumMap<>(OverlapCode.class);
        Map<OverlapCode, Long> totals = analyzer.analyze(o -> {
            if (kept.merge(o.code(), 1, Integer::sum) <= EXAMPLES_PER_CODE) {
                examples.add(o);
            }
        });
        new FindingStore(appliance.database()).saveOverlaps(id, totals, examples);
        long errors = totals.entrySet().stream().filter(e -> e.getKey().severity() == Severity.ERROR)
                .mapToLong(Map.Entry::getValue).sum();
        return errors > 0 ? "OVERLAP_ERRORS" : "COMPLETED";
    }
}
