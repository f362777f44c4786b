package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatelist.finding.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One nomination row against the rules: each value by its validator, the vocabulary, the contact. */
class NominationRowRulesTest {

    private static final Nomination.Contact CLI = new Nomination.Contact(" Ops@Example-Sender.NET ", " Ana ", "Reyes");

    private static Map<String, String> row(String... pairs) {
        Map<String, String> cells = new HashMap<>(Map.of("ip", "123.123.123.10", "fqdn", "MX1.Example-Sender.net.",
                "email_domain", "example-sender.net", "company_name", " Example Sender Ltd ", "country",
                "New Zealand", "company_type", "Non-Profit"));
        for (int i = 0; i < pairs.length; i += 2) {
            cells.put(pairs[i], pairs[i + 1]);
        }
        return cells;
    }

    private static List<String> codes(NominationRowRules.Outcome o) {
        return o.findings().stream().map(Finding::code).toList();
    }

    @Test
    void aGoodRowIsStoredNormalisedWithTheDefaultContact() {
        NominationRowRules.Outcome o = new NominationRowRules(CLI).mta(row()::get, 1, 2);
        Nomination.Mta m = o.row().mta();
        assertEquals("mx1.example-sender.net", m.fqdn());
        assertEquals("Example Sender Ltd", m.companyName());
        assertEquals("NZ", m.country());
        assertEquals(CompanyType.NON_PROFIT, m.companyType());
        assertEquals(new Nomination.Contact("Ops@example-sender.net", "Ana", "Reyes"), o.row().contact());
        assertNull(o.reason());
    }

    /** The codes of the error-level findings. */
    private static List<String> errors(NominationRowRules.Outcome o) {
        return o.findings().stream().filter(f -> f.severity() == io.gatelist.finding.Severity.ERROR)
                .map(Finding::code).toList();
    }

    @Test
    void eachBadValueIsRejectedWithItsCode() {
        NominationRowRules rules = new NominationRowRules(CLI);
        assertEquals(List.of("company-type-unknown"), errors(rules.mta(row("company_type", "reseller")::get, 1, 2)));
        assertEquals(List.of("value-too-long"), errors(rules.mta(row("company_name", "x".repeat(256))::get, 1, 2)));
        assertEquals(List.of("special-purpose-address"), errors(rules.mta(row("ip", "192.168.1.1")::get, 1, 2)));
        assertEquals(List.of("ip-invalid"), errors(rules.mta(row("ip", "123.123.123.0/24")::get, 1, 2)));
        assertEquals(List.of("value-required"), errors(rules.mta(row("fqdn", " ")::get, 1, 2)));
        assertEquals(List.of("helo-bare-address"), errors(rules.mta(row("helo", "123.123.123.10")::get, 1, 2)));
        NominationRowRules.Outcome rejected = rules.mta(row("company_type", "reseller")::get, 1, 2);
        assertNull(rejected.row());
        assertEquals(true, rejected.reason().startsWith("company-type-unknown: \"reseller\" is not a type of "
                + "company; one of: isp, esp, enterprise"), rejected.reason());
    }

    @Test
    void theContactComesFromTheRowWhenGivenThereAndIsRequiredSomewhere() {
        NominationRowRules none = new NominationRowRules(null);
        assertEquals(List.of("contact-missing"), codes(none.helo(Map.of("helo", "mx1.example-sender.net")::get, 1,
                2)));
        NominationRowRules.Outcome own = new NominationRowRules(CLI).helo(Map.of("helo", "mx1.example-sender.net",
                "contact_email", "kofi@mailer-two.org", "contact_first_name", "Kofi", "contact_last_name",
                "Mensah")::get, 1, 2);
        assertEquals("kofi@mailer-two.org", own.row().contact().email());
        NominationRowRules.Outcome half = none.helo(Map.of("helo", "mx1.example-sender.net", "contact_email",
                "kofi@mailer-two.org")::get, 1, 2);
        assertEquals(List.of("value-required", "value-required"), codes(half));
        assertEquals("email-missing-at", codes(new NominationRowRules(new Nomination.Contact("kofi", "K", "M"))
                .helo(Map.of("helo", "mx1.example-sender.net")::get, 1, 2)).get(0));
    }
}
