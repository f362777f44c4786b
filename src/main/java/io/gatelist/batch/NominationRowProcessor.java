package io.gatelist.batch;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationRow;
import io.gatelist.gal.NominationRowRules;
import io.gatelist.gal.NominationStaging;
import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvRow;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.StagedRow;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates one row of a nomination file ({@code mta} or {@code helo} layout) with {@link NominationRowRules}: an
 * accepted row, a rejected row with its reason, or a duplicate of an earlier row (stored once). The contact comes
 * from the row's contact columns or else from the job parameters.
 */
@Named("nominationRowProcessor")
@Dependent
public class NominationRowProcessor implements ItemProcessor {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Inject
    @BatchProperty(name = "layout")
    String layout;

    @Inject
    @BatchProperty(name = "contactEmail")
    String contactEmail;

    @Inject
    @BatchProperty(name = "contactFirstName")
    String contactFirstName;

    @Inject
    @BatchProperty(name = "contactLastName")
    String contactLastName;

    private NominationRowRules rules;
    /** The key of every accepted row so far (IP, or HELO string) and the line it was on. */
    private Map<String, Integer> seen;

    @Override
    public Object processItem(Object item) {
        CsvRow row = (CsvRow) item;
        if (rules == null) {
            start();
        }
        if (row.isFileProblem()) {
            return new StagedNomination(new StagedRow(row.recordNo(), row.line(), null, row.problems(), null, null,
                    true), null);
        }
        NominationRowRules.Outcome outcome = ImportKind.of(layout) == ImportKind.HELO
                ? rules.helo(row::cell, row.recordNo(), row.line())
                : rules.mta(row::cell, row.recordNo(), row.line());
        List<LocatedFinding> findings = new ArrayList<>(row.problems());
        for (Finding f : outcome.findings()) {
            findings.add(new LocatedFinding(row.line(), f.column() == null ? 0 : row.columnNumber(f.column()), f));
        }
        NominationRow accepted = outcome.row();
        String reason = outcome.reason();
        if (accepted == null || reason != null || !row.problems().isEmpty() && hasError(row.problems())) {
            String why = reason != null ? reason : firstError(row.problems());
            return new StagedNomination(new StagedRow(row.recordNo(), row.line(), null, findings,
                    CsvInput.formatRaw(row.cells()), why == null ? "rejected" : why, false), null);
        }
        String key = key(accepted);
        Integer earlier = seen.putIfAbsent(key, row.line());
        if (earlier != null && earlier != row.line()) {
            String column = accepted.mta() != null ? "ip" : "helo";
            findings.add(new LocatedFinding(row.line(), row.columnNumber(column), Finding.of(Rule.DUPLICATE_ROW,
                    column, row.cell(column), key + " already appears on line " + earlier + "; nominated once")));
            return new StagedNomination(new StagedRow(row.recordNo(), row.line(), null, findings, null, null, false),
                    null);
        }
        return new StagedNomination(new StagedRow(row.recordNo(), row.line(), null, findings, null, null, false),
                accepted);
    }

    private static String key(NominationRow row) {
        return row.mta() != null ? row.mta().ip().canonical() : row.helo().toLowerCase(Locale.ROOT);
    }

    private static boolean hasError(List<LocatedFinding> findings) {
        return firstError(findings) != null;
    }

    private static String firstError(List<LocatedFinding> findings) {
        for (LocatedFinding f : findings) {
            if (f.finding().severity() == io.gatelist.finding.Severity.ERROR) {
                return f.finding().code() + ": " + f.finding().message();
            }
        }
        return null;
    }

    /** Prepares the rules and, after a restart, remembers the rows already staged by the earlier run. */
    private void start() {
        rules = new NominationRowRules(defaultContact(contactEmail, contactFirstName, contactLastName));
        seen = new HashMap<>();
        for (NominationRow r : appliance.database().withConnection(c -> NominationStaging.read(c, id))) {
            seen.putIfAbsent(key(r), r.line());
        }
    }

    /** The contact given to the import, or {@code null} when none was. */
    static Nomination.Contact defaultContact(String email, String first, String last) {
        if (blank(email) && blank(first) && blank(last)) {
            return null;
        }
        return new Nomination.Contact(strip(email), strip(first), strip(last));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
