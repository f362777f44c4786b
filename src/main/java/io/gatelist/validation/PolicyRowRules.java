package io.gatelist.validation;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.finding.Severity;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Judges one row of a policy file ({@code list,kind,value,comment}) and builds its entry: required values, the
 * list and kind (with a suggestion for the words people use instead: whitelist, cidr, ...), a value of the kind
 * the row says, and the value itself by {@link IpRules} or {@link CountryRules} with the list's profile.
 */
public final class PolicyRowRules {

    /**
     * The outcome for one row.
     *
     * @param entry    the entry to store, or {@code null} when an error rejects the row
     * @param findings every finding, located
     */
    public record Outcome(PolicyEntry entry, List<LocatedFinding> findings) {

        /** The first error's code and message, or {@code null} when the row is accepted. */
        public String reason() {
            for (LocatedFinding f : findings) {
                if (f.finding().severity() == Severity.ERROR) {
                    return f.finding().code() + ": " + f.finding().message();
                }
            }
            return null;
        }
    }

    /** Words people write for a list, and the list they mean. */
    private static final Map<String, String> LIST_SUGGESTIONS = Map.ofEntries(
            Map.entry("whitelist", "approved"), Map.entry("allowlist", "approved"), Map.entry("allow", "approved"),
            Map.entry("allowed", "approved"), Map.entry("approve", "approved"), Map.entry("permit", "approved"),
            Map.entry("accept", "approved"), Map.entry("white", "approved"),
            Map.entry("blacklist", "blocked"), Map.entry("blocklist", "blocked"), Map.entry("denylist", "blocked"),
            Map.entry("block", "blocked"), Map.entry("deny", "blocked"), Map.entry("denied", "blocked"),
            Map.entry("reject", "blocked"), Map.entry("black", "blocked"), Map.entry("banned", "blocked"));

    /** Words people write for a kind, and the kind they mean. */
    private static final Map<String, String> KIND_SUGGESTIONS = Map.ofEntries(
            Map.entry("ipv4", "ip"), Map.entry("ipv6", "ip"), Map.entry("cidr", "ip"), Map.entry("address", "ip"),
            Map.entry("addr", "ip"), Map.entry("range", "ip"), Map.entry("network", "ip"), Map.entry("net", "ip"),
            Map.entry("subnet", "ip"), Map.entry("host", "ip"),
            Map.entry("cc", "country"), Map.entry("countrycode", "country"), Map.entry("country_code", "country"),
            Map.entry("geo", "country"), Map.entry("region", "country"), Map.entry("nation", "country"));

    /**
     * Where a header has each column (0-based, -1 when absent): every row of a file shares one header list, so
     * the columns are looked up once per file instead of by name four times a row.
     */
    private record Columns(List<String> header, int list, int kind, int value, int comment) {

        static Columns of(List<String> header) {
            return new Columns(header, header.indexOf("list"), header.indexOf("kind"), header.indexOf("value"),
                    header.indexOf("comment"));
        }

        /** The cell at {@code index}, as {@link CsvRow#cell} gives it: {@code null} when absent or short. */
        static String cell(CsvRow row, int index) {
            return index < 0 || index >= row.cells().size() ? null : row.cells().get(index);
        }
    }

    private final String source;
    private final Map<ListName, ValidationProfile> profiles = new EnumMap<>(ListName.class);
    /** The columns of the last header met. */
    private Columns columns = Columns.of(List.of());

    /**
     * @param source   the named source the rows belong to
     * @param profiles what each list tolerates (asked once per list, not per row)
     */
    public PolicyRowRules(String source, Function<ListName, ValidationProfile> profiles) {
        this.source = source;
        for (ListName list : ListName.values()) {
            this.profiles.put(list, profiles.apply(list));
        }
    }

    /** Judges a data row (not a file-level problem row). */
    public Outcome check(CsvRow row) {
        List<LocatedFinding> findings = row.problems().isEmpty() ? new ArrayList<>(1)
                : new ArrayList<>(row.problems());
        Columns at = columns;
        if (at.header() != row.header()) {
            at = Columns.of(row.header());
            columns = at;
        }
        String listText = required(row, "list", at.list(), findings);
        String kindText = required(row, "kind", at.kind(), findings);
        String value = required(row, "value", at.value(), findings);
        ListName list = listText == null ? null : list(row, listText, findings);
        EntryKind kind = kindText == null ? null : kind(row, kindText, findings);
        PolicyEntry entry = null;
        if (value != null && kind != null) {
            ValidationProfile profile = profiles.get(list == null ? ListName.BLOCKED : list);
            IpPrefix prefix = null;
            String country = null;
            if (kind == EntryKind.IP) {
                IpRules.Result r = IpRules.check("value", value, profile);
                prefix = r.prefix();
                if (prefix == null && looksLikeCountry(value)) {
                    findings.add(located(row, "value", Finding.of(Rule.KIND_MISMATCH, "value", value, "\"" + value
                            + "\" is a country, but the row's kind is ip: write kind country")));
                } else {
                    add(row, r.findings(), findings);
                }
            } else {
                CountryRules.Result r = CountryRules.check("value", value);
                country = r.code();
                if (country == null && looksLikeAddress(value)) {
                    findings.add(located(row, "value", Finding.of(Rule.KIND_MISMATCH, "value", value, "\"" + value
                            + "\" is an address, but the row's kind is country: write kind ip")));
                } else {
                    add(row, r.findings(), findings);
                }
            }
            if (list != null && (prefix != null || country != null) && !hasError(findings)) {
                String comment = Columns.cell(row, at.comment());
                String note = comment == null || comment.isBlank() ? null : comment.strip();
                entry = new PolicyEntry(list, kind, prefix, country, source, row.line(), note);
            }
        }
        return new Outcome(entry, findings);
    }

    private static ListName list(CsvRow row, String text, List<LocatedFinding> findings) {
        // equals first: the usual lower-case word is one vectorised compare, where equalsIgnoreCase goes char by char
        if (text.equals("approved") || text.equalsIgnoreCase("approved")) {
            return ListName.APPROVED;
        }
        if (text.equals("blocked") || text.equalsIgnoreCase("blocked")) {
            return ListName.BLOCKED;
        }
        String meant = LIST_SUGGESTIONS.get(text.toLowerCase(Locale.ROOT));
        findings.add(located(row, "list", Finding.of(Rule.LIST_UNKNOWN, "list", text, "\"" + text
                + "\" is not a list: use approved or blocked" + (meant == null ? "" : " (did you mean " + meant + "?)"))));
        return null;
    }

    private static EntryKind kind(CsvRow row, String text, List<LocatedFinding> findings) {
        if (text.equals("ip") || text.equalsIgnoreCase("ip")) {
            return EntryKind.IP;
        }
        if (text.equals("country") || text.equalsIgnoreCase("country")) {
            return EntryKind.COUNTRY;
        }
        String meant = KIND_SUGGESTIONS.get(text.toLowerCase(Locale.ROOT));
        findings.add(located(row, "kind", Finding.of(Rule.KIND_UNKNOWN, "kind", text, "\"" + text
                + "\" is not a kind: use ip or country" + (meant == null ? "" : " (did you mean " + meant + "?)"))));
        return null;
    }

    /** No digit, dot or colon: a code or a name, never an address. */
    private static boolean looksLikeCountry(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= '0' && c <= '9') || c == '.' || c == ':' || c == '/') {
                return false;
            }
        }
        return CountryRules.check("value", value).code() != null;
    }

    private static boolean looksLikeAddress(String value) {
        return value.indexOf('.') >= 0 || value.indexOf(':') >= 0
                ? IpRules.check("value", value, new ValidationProfile(0, 0, null)).prefix() != null : false;
    }

    private static boolean hasError(List<LocatedFinding> findings) {
        for (LocatedFinding f : findings) {
            if (f.finding().severity() == Severity.ERROR) {
                return true;
            }
        }
        return false;
    }

    private static void add(CsvRow row, List<Finding> found, List<LocatedFinding> into) {
        for (Finding f : found) {
            into.add(located(row, "value", f));
        }
    }

    private static String required(CsvRow row, String column, int index, List<LocatedFinding> findings) {
        String raw = Columns.cell(row, index);
        if (raw == null || raw.isBlank()) {
            if (row.columnNumber(column) > 0 && row.cells().size() >= row.columnNumber(column)) {
                findings.add(located(row, column, Finding.of(Rule.VALUE_REQUIRED, column, raw,
                        "the " + column + " is empty")));
            }
            return null;
        }
        return isTrimmed(raw) ? raw : raw.strip();
    }

    private static boolean isTrimmed(String raw) {
        return !Character.isWhitespace(raw.charAt(0)) && !Character.isWhitespace(raw.charAt(raw.length() - 1));
    }

    private static LocatedFinding located(CsvRow row, String column, Finding f) {
        return new LocatedFinding(row.line(), row.columnNumber(column), f);
    }
}
