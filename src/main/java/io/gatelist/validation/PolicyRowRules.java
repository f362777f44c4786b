package io.gatelist.validation;

import io.gatelist.input.CsvRow;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Judges one row of a policy file ({@code list,kind,value,comment}) and builds its entry.
 */
public final class PolicyRowRules {

    /**
     * The outcome for one row.
     *
     * @param entry    the entry to store, or {@code null} when an error rejects the row
     * @param findings every finding, located
     */
    public record Outcome(PolicyEntry entry, List<LocatedFinding> findings) {

        /** The first error's message, or {@code null} when the row is accepted. */
        public String reason() {
            return findings.stream().filter(f -> f.finding().severity() == Severity.ERROR)
                    .map(f -> f.finding().code() + ": " + f.finding().message()).findFirst().orElse(null);
        }
    }

    private final String source;
    private final Function<ListName, ValidationProfile> profiles;

    /**
     * @param source   the named source the rows belong to
     * @param profiles what each list tolerates
     */
    public PolicyRowRules(String source, Function<ListName, ValidationProfile> profiles) {
        this.source = source;
        this.profiles = profiles;
    }

    /** Judges a data row (not a file-level problem row). */
    public Outcome check(CsvRow row) {
        List<LocatedFinding> findings = new ArrayList<>(row.problems());
        String listText = required(row, "list", findings);
        String kindText = required(row, "kind", findings);
        String value = required(row, "value", findings);
        String comment = row.cell("comment");
        ListName list = null;
        if (listText != null) {
            list = ListName.parse(listText);
            if (list == null) {
                findings.add(located(row, "list", Finding.of(Rule.LIST_UNKNOWN, "list", listText,
                        "\"" + listText + "\" is not a list: use approved or blocked")));
            }
        }
        EntryKind kind = null;
        if (kindText != null) {
            kind = EntryKind.parse(kindText);
            if (kind == null) {
                findings.add(located(row, "kind", Finding.of(Rule.KIND_UNKNOWN, "kind", kindText,
                        "\"" + kindText + "\" is not a kind: use ip or country")));
            }
        }
        PolicyEntry entry = null;
        if (value != null && kind != null) {
            ValidationProfile profile = profiles.apply(list == null ? ListName.BLOCKED : list);
            IpPrefix prefix = null;
            String country = null;
            if (kind == EntryKind.IP) {
                IpRules.Result r = IpRules.check("value", value, profile);
                r.findings().forEach(f -> findings.add(located(row, "value", f)));
                prefix = r.prefix();
            } else {
                CountryRules.Result r = CountryRules.check("value", value);
                r.findings().forEach(f -> findings.add(located(row, "value", f)));
                country = r.code();
            }
            boolean ok = list != null && (prefix != null || country != null)
                    && findings.stream().noneMatch(f -> f.finding().severity() == Severity.ERROR);
            if (ok) {
                String note = comment == null || comment.isBlank() ? null : comment.strip();
                entry = new PolicyEntry(list, kind, prefix, country, source, row.line(), note);
            }
        }
        return new Outcome(entry, findings);
    }

    private static String required(CsvRow row, String column, List<LocatedFinding> findings) {
        String raw = row.cell(column);
        if (raw == null || raw.isBlank()) {
            if (row.columnNumber(column) > 0 && (row.cells().size() >= row.columnNumber(column))) {
                findings.add(located(row, column, Finding.of(Rule.VALUE_REQUIRED, column, raw,
                        "the " + column + " is empty")));
            }
            return null;
        }
        return raw.strip();
    }

    private static LocatedFinding located(CsvRow row, String column, Finding f) {
        return new LocatedFinding(row.line(), row.columnNumber(column), f);
    }
}
