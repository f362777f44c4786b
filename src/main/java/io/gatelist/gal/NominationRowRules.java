package io.gatelist.gal;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.finding.Severity;
import io.gatelist.policy.IpPrefix;
import io.gatelist.validation.CountryRules;
import io.gatelist.validation.DomainRules;
import io.gatelist.validation.EmailRules;
import io.gatelist.validation.HeloRules;
import io.gatelist.validation.IpRules;
import io.gatelist.validation.ValidationProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Judges one nomination row, from a CSV file ({@code mta} or {@code helo} layout) or from {@code gatelist nominate}:
 * every value with the validation rules (the nomination profile, where a special-purpose address is an error), the
 * company type against its fixed vocabulary, and the contact from the row's columns or else the defaults given to
 * the import.
 */
public final class NominationRowRules {

    /**
     * The outcome for one row.
     *
     * @param row      the row to stage, or {@code null} when an error rejects it
     * @param findings every finding, with the column it is about
     */
    public record Outcome(NominationRow row, List<Finding> findings) {

        /** The first error's code and message, or {@code null} when the row is accepted. */
        public String reason() {
            for (Finding f : findings) {
                if (f.severity() == Severity.ERROR) {
                    return f.code() + ": " + f.message();
                }
            }
            return null;
        }
    }

    private static final int MAX_NAME = 255;

    private final Nomination.Contact defaultContact;
    /** Errors in the default contact, reported on every row that would use it. */
    private final List<Finding> defaultProblems;

    /** @param defaultContact the contact for rows without contact columns; {@code null} when none was given */
    public NominationRowRules(Nomination.Contact defaultContact) {
        this.defaultContact = defaultContact == null ? null : normalised(defaultContact);
        this.defaultProblems = defaultContact == null ? List.of() : checkContact(defaultContact).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
    }

    /** The contact as rows store it: trimmed, the address's domain in A-label form when the address is valid. */
    private static Nomination.Contact normalised(Nomination.Contact given) {
        String email = given.email().strip();
        String address = EmailRules.check("contact_email", email).address();
        return new Nomination.Contact(address == null ? email : address, given.firstName().strip(),
                given.lastName().strip());
    }

    /** The contact for rows without contact columns, or {@code null}. */
    public Nomination.Contact contact() {
        return defaultContact;
    }

    /**
     * Judges an MTA row: {@code ip,fqdn,email_domain,company_name,country,company_type}, optionally {@code helo} and
     * the contact columns.
     *
     * @param cell the value of a column (lower-case name), or {@code null} when absent
     */
    public Outcome mta(Function<String, String> cell, int recordNo, int line) {
        List<Finding> findings = new ArrayList<>();
        String ipText = required(cell, "ip", findings);
        IpPrefix ip = null;
        if (ipText != null) {
            IpRules.Result r = IpRules.checkAddress("ip", ipText, ValidationProfile.NOMINATION);
            findings.addAll(r.findings());
            ip = r.prefix();
        }
        String fqdn = domain(cell, "fqdn", findings);
        String emailDomain = domain(cell, "email_domain", findings);
        String company = required(cell, "company_name", findings);
        if (company != null && company.length() > MAX_NAME) {
            findings.add(Finding.of(Rule.VALUE_TOO_LONG, "company_name", company, "a company name is at most "
                    + MAX_NAME + " characters"));
            company = null;
        }
        String countryText = required(cell, "country", findings);
        String country = null;
        if (countryText != null) {
            CountryRules.Result r = CountryRules.check("country", countryText);
            findings.addAll(r.findings());
            country = r.code();
        }
        String typeText = required(cell, "company_type", findings);
        CompanyType type = null;
        if (typeText != null) {
            type = CompanyType.parse(typeText);
            if (type == null) {
                findings.add(Finding.of(Rule.COMPANY_TYPE_UNKNOWN, "company_type", typeText, "\"" + typeText
                        + "\" is not a type of company; one of: " + CompanyType.vocabulary()));
            }
        }
        String helo = null;
        String heloText = optional(cell, "helo");
        if (heloText != null) {
            helo = helo(heloText, findings);
        }
        Nomination.Contact contact = contact(cell, findings);
        boolean ok = ip != null && fqdn != null && emailDomain != null && company != null && country != null
                && type != null && (heloText == null || helo != null) && contact != null && noError(findings);
        return new Outcome(ok ? new NominationRow(recordNo, line, new Nomination.Mta(ip, fqdn, emailDomain, company,
                country, type, line), helo, contact) : null, findings);
    }

    /** Judges a HELO row: {@code helo}, optionally the contact columns. */
    public Outcome helo(Function<String, String> cell, int recordNo, int line) {
        List<Finding> findings = new ArrayList<>();
        String text = required(cell, "helo", findings);
        String helo = text == null ? null : helo(text, findings);
        Nomination.Contact contact = contact(cell, findings);
        boolean ok = helo != null && contact != null && noError(findings);
        return new Outcome(ok ? new NominationRow(recordNo, line, null, helo, contact) : null, findings);
    }

    private static String helo(String text, List<Finding> findings) {
        HeloRules.Result r = HeloRules.check("helo", text, ValidationProfile.NOMINATION);
        findings.addAll(r.findings());
        return r.helo();
    }

    private static String domain(Function<String, String> cell, String column, List<Finding> findings) {
        String text = required(cell, column, findings);
        if (text == null) {
            return null;
        }
        DomainRules.Result r = DomainRules.check(column, text);
        findings.addAll(r.findings());
        return r.name();
    }

    /** The row's contact columns when any is filled in, else the import's default contact. */
    private Nomination.Contact contact(Function<String, String> cell, List<Finding> findings) {
        String email = optional(cell, "contact_email");
        String first = optional(cell, "contact_first_name");
        String last = optional(cell, "contact_last_name");
        if (email == null && first == null && last == null) {
            if (defaultContact == null) {
                findings.add(Finding.of(Rule.CONTACT_MISSING, "contact_email", null, "no contact for this row: fill "
                        + "in contact_email, contact_first_name and contact_last_name, or import with "
                        + "--contact-email, --contact-first-name and --contact-last-name"));
                return null;
            }
            if (!defaultProblems.isEmpty()) {
                findings.addAll(defaultProblems);
                return null;
            }
            return defaultContact;
        }
        List<Finding> own = new ArrayList<>();
        email = required(cell, "contact_email", own);
        first = name(required(cell, "contact_first_name", own), "contact_first_name", own);
        last = name(required(cell, "contact_last_name", own), "contact_last_name", own);
        String address = null;
        if (email != null) {
            EmailRules.Result r = EmailRules.check("contact_email", email);
            own.addAll(r.findings());
            address = r.address();
        }
        findings.addAll(own);
        return address != null && first != null && last != null && noError(own)
                ? new Nomination.Contact(address, first, last) : null;
    }

    /**
     * Checks a contact given on the command line as the default for every row, so that a mistake there is reported
     * once instead of on every row.
     *
     * @return the findings; no error means the contact can be used
     */
    public static List<Finding> checkContact(Nomination.Contact contact) {
        List<Finding> findings = new ArrayList<>();
        Function<String, String> cell = column -> switch (column) {
            case "contact_email" -> contact.email();
            case "contact_first_name" -> contact.firstName();
            case "contact_last_name" -> contact.lastName();
            default -> null;
        };
        new NominationRowRules(null).contact(cell, findings);
        return findings;
    }

    private static String name(String value, String column, List<Finding> findings) {
        if (value != null && value.length() > MAX_NAME) {
            findings.add(Finding.of(Rule.VALUE_TOO_LONG, column, value, "a name is at most " + MAX_NAME
                    + " characters"));
            return null;
        }
        return value;
    }

    private static String required(Function<String, String> cell, String column, List<Finding> findings) {
        String value = optional(cell, column);
        if (value == null) {
            findings.add(Finding.of(Rule.VALUE_REQUIRED, column, null, column + " is empty"));
        }
        return value;
    }

    /** The trimmed value, or {@code null} when absent or blank. */
    private static String optional(Function<String, String> cell, String column) {
        String value = cell.apply(column);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    private static boolean noError(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }
}
