package io.gatelist.batch;

import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.Finding;
import io.gatelist.validation.FirstOccurrences;
import io.gatelist.validation.LocatedFinding;
import io.gatelist.validation.PolicyRowRules;
import io.gatelist.validation.Rule;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one policy row and turns it into what the writer stores: an entry, a rejected row with its reason,
 * or a reported duplicate. Nothing is dropped without a finding.
 */
@Named("policyRowProcessor")
@Dependent
public class PolicyRowProcessor implements ItemProcessor {

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    private PolicyRowRules rules;
    /** Where each entry stored so far first appeared. */
    private FirstOccurrences first;

    @Override
    public Object processItem(Object item) {
        CsvRow row = (CsvRow) item;
        if (rules == null) {
            start();
        }
        return stage(rules, first, row);
    }

    /**
     * Judges one row: rejected (with its raw text and reason), a duplicate of an earlier row (with that row's
     * line), or an accepted entry; a file-level problem passes through. Static so that the read + validate
     * harness (src/jmh) times exactly this.
     */
    public static StagedRow stage(PolicyRowRules rules, FirstOccurrences first, CsvRow row) {
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
        long earlier = first.putIfAbsent(entry.list(), entry.kind(), entry.prefix(), entry.country(), row.recordNo(),
                row.line());
        // A row read again after a restart meets its own earlier write: that is not a duplicate.
        if (earlier != FirstOccurrences.ABSENT && FirstOccurrences.recordOf(earlier) != row.recordNo()) {
            List<LocatedFinding> findings = new ArrayList<>(outcome.findings());
            findings.add(new LocatedFinding(row.line(), row.columnNumber("value"), Finding.of(Rule.DUPLICATE_ROW,
                    "value", row.cell("value"), entry.list().id() + " " + entry.value() + " already appears on line "
                            + FirstOccurrences.lineOf(earlier) + "; stored once")));
            return new StagedRow(row.recordNo(), row.line(), null, findings, null, null, false);
        }
        return new StagedRow(row.recordNo(), row.line(), entry, outcome.findings(), null, null, false);
    }

    /** Prepares the rules and, after a restart, remembers the entries already stored by the earlier run. */
    private void start() {
        long id = JobParameters.requireLong("importId", importId);
        ImportRun run = new ImportStore(appliance.database()).get(id);
        rules = new PolicyRowRules(run.sourceName(), appliance.home()::profile);
        // Sized for a row per 64 bytes of the file (policy rows are 20-60 bytes): the table then never holds
        // more than the file's size, and a typical file fills it without rehashing.
        first = new FirstOccurrences((int) Math.min(Integer.MAX_VALUE, run.bytes() / 64));
        appliance.database().withConnection(c -> {
            EntryStore.forEachEntry(c, id, e -> first.putIfAbsent(e.list(), e.kind(), e.prefix(), e.country(),
                    e.recordNo(), e.lineNo()));
            return null;
        });
    }
}
