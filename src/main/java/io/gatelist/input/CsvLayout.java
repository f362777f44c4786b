package io.gatelist.input;

import io.gatelist.finding.Levenshtein;
import java.util.List;
import java.util.Locale;

/**
 * The columns a kind of CSV file has. Header names are matched case-insensitively; order does not matter.
 *
 * @param kind     the kind of file that has these columns
 * @param required columns every file of this kind must have
 * @param optional columns it may have
 */
public record CsvLayout(ImportKind kind, List<String> required, List<String> optional) {

    /** Policy lists: {@code list,kind,value,comment}. */
    public static final CsvLayout POLICY = new CsvLayout(ImportKind.POLICY, List.of("list", "kind", "value"),
            List.of("comment"));

    /** The nominating contact, in nomination files that do not take it from the command line. */
    public static final List<String> CONTACT = List.of("contact_email", "contact_first_name", "contact_last_name");

    /**
     * Global Approved List MTA entries: {@code ip,fqdn,email_domain,company_name,country,company_type}, optionally
     * a HELO/EHLO string the MTA uses and the contact columns.
     */
    public static final CsvLayout MTA = new CsvLayout(ImportKind.MTA, List.of("ip", "fqdn", "email_domain",
            "company_name", "country", "company_type"), java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("helo"), CONTACT.stream()).toList());

    /** Global Approved List HELO/EHLO strings: {@code helo}, optionally the contact columns. */
    public static final CsvLayout HELO = new CsvLayout(ImportKind.HELO, List.of("helo"), CONTACT);

    /** True when {@code name} is one of this layout's columns. */
    public boolean knows(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return required.contains(n) || optional.contains(n);
    }

    /** The layout's column nearest to an unknown name (at most two edits away), or {@code null}. */
    public String suggest(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : columns()) {
            int d = Levenshtein.distance(unknown.toLowerCase(Locale.ROOT), candidate, bestDistance);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Required then optional columns. */
    public List<String> columns() {
        return java.util.stream.Stream.concat(required.stream(), optional.stream()).toList();
    }
}
