package io.gatelist.batch;

import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvRow;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.Jdbc;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.Finding;
import io.gatelist.validation.LocatedFinding;
import io.gatelist.validation.PolicyRowRules;
import io.gatelist.validation.Rule;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** For each value stored so far: {record number, line} of its first row. */
    private Map<String, int[]> first;

    @Override
    public Object processItem(Object item) {
        CsvRow row = (CsvRow) item;
        if (rules == null) {
            start();
        }
        if (row.isFileProblem()) {
            return new StagedRow(row.recordNo(), row.line(), null, row.problems(), null, null, true);
        }
        PolicyRowRules.Outcome outcome = rules.check(row);
        if (outcome.entry() == null) {
            String reason = outcome.reason();
            return new StagedRow(row.recordNo(), row.line(), null, outcome.findings(),
                    CsvInput.formatRaw(row.cells()), reason == null ? "rejected" : reason, false);
        }
        String key = outcome.entry().list().id() + "|" + outcome.entry().kind().id() + "|" + outcome.entry().value();
        int[] earlier = first.putIfAbsent(key, new int[] {row.recordNo(), row.line()});
        // A row read again after a restart meets its own earlier write: that is not a duplicate.
        if (earlier != null && earlier[0] != row.recordNo()) {
            List<LocatedFinding> findings = new ArrayList<>(outcome.findings());
            findings.add(new LocatedFinding(row.line(), row.columnNumber("value"), Finding.of(Rule.DUPLICATE_ROW,
                    "value", outcome.entry().value(), outcome.entry().list().id() + " " + outcome.entry().value()
                            + " already appears on line " + earlier[1] + "; stored once")));
            return new StagedRow(row.recordNo(), row.line(), null, findings, null, null, false);
        }
        return new StagedRow(row.recordNo(), row.line(), outcome.entry(), outcome.findings(), null, null, false);
    }

    /** Prepares the rules and, after a restart, remembers the entries already stored by the earlier run. */
    private void start() {
        long id = JobParameters.requireLong("importId", importId);
        ImportRun run = new ImportStore(appliance.database()).get(id);
        rules = new PolicyRowRules(run.sourceName(), appliance.home()::profile);
        first = new HashMap<>();
        appliance.database().withConnection(c -> Jdbc.query(c, "SELECT list_name, kind, entry_value, record_no, "
                + "line_no FROM policy_entry WHERE import_id = ?", rs -> first.put(rs.getString(1) + "|"
                        + rs.getString(2) + "|" + rs.getString(3), new int[] {rs.getInt(4), rs.getInt(5)}), id));
    }
}
