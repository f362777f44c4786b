package io.gatelist.batch;

import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.PolicyRowRules;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Validates one policy row and turns it into what the writer stores: an entry or a rejected row with its reason.
 * Nothing is dropped without a finding. Duplicate rows are the writer's to find ({@link DuplicateRows}): the rule
 * depends on every earlier row, and is applied a chunk at a time.
 */
@Named("policyRowProcessor")
@Dependent
public class PolicyRowProcessor implements ItemProcessor {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    private PolicyRowRules rules;

    @Override
    public Object processItem(Object item) {
        CsvRow row = (CsvRow) item;
        if (rules == null) {
            start();
        }
        return stage(rules, row);
    }

    /**
     * Judges one row: rejected (with its raw text and reason) or an accepted entry, which keeps its value cell for
     * the writer's duplicate check; a file-level problem passes through. Static so that the read + validate
     * harness (src/jmh) times exactly this.
     */
    public static StagedRow stage(PolicyRowRules rules, CsvRow row) {
        if (row.isFileProblem()) {
            return new StagedRow(row.recordNo(), row.line(), null, row.problems(), null, null, true);
        }
        PolicyRowRules.Outcome outcome = rules.check(row);
        PolicyEntry entry = outcome.entry();
        if (entry == null) {
            String reason = outcome.reason();
            return new StagedRow(row.recordNo(), row.line(), null, outcome.findings(),
                    CsvInput.formatRaw(row.cells()), reason == null ? "rejected" : reason, false);
        }
        int value = row.columnNumber("value");
        return new StagedRow(row.recordNo(), row.line(), entry, outcome.findings(), null, null, false, value,
                row.cells().get(value - 1)); // an accepted row has its value cell
    }

    private void start() {
        ImportRun run = new ImportStore(appliance.database()).get(id);
        rules = new PolicyRowRules(run.sourceName(), appliance.home()::profile);
    }
}
