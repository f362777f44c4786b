package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.gal.CompanyType;
import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationState;
import io.gatelist.gal.NominationStore;
import io.gatelist.inbox.FileKind;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import-mta and import-helo jobs run for real (JBeret, Weld SE, H2 file): rows validated, accepted rows
 * nominated and investigated against the customer's lists and the loaded IP-to-country data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NominationImportJobTest {

    @TempDir
    static Path dir;

    TestAppliance appliance;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"));
        ImportService service = appliance.imports();
        service.importFile(TestAppliance.samples().resolve("delegated-sample.txt"),
                new ImportService.Options(null, 100, -1), ImportKind.GEO);
        service.importFile(TestAppliance.csv(dir, "customer-blocked.csv", "list,kind,value,comment",
                "blocked,ip,123.123.200.0/24,a spam source", "approved,ip,123.123.201.5,partner relay"),
                new ImportService.Options(null, 100, -1));
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private ImportService.Outcome importAs(Path file, ImportKind kind, Properties parameters) throws Exception {
        return appliance.imports().importFile(file, new ImportService.Options(null, 3, -1), kind, parameters);
    }

    private List<FindingStore.StoredFinding> findings(long importId) {
        List<FindingStore.StoredFinding> found = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(importId, found::add);
        return found;
    }

    private static List<String> codes(Nomination n, String subject) {
        return n.checks().stream().filter(k -> k.subject().equals(subject)).map(Nomination.Check::code).toList();
    }

    @Test
    void aBulkFileNominatesItsGoodRowsRejectsTheBadOnesAndInvestigatesEachEntry() throws Exception {
        Path file = TestAppliance.csv(dir, "mta-bulk.csv",
                "IP,FQDN,Email_Domain,Company_Name,Country,Company_Type,contact_email,contact_first_name,"
                        + "contact_last_name",
                "# good rows",
                "123.123.123.10,mx1.example-sender.net,example-sender.net,Example Sender Ltd,NZ,ESP,"
                        + "ops@example-sender.net,Ana,Reyes",
                "8.8.8.25,mx2.example-sender.net,example-sender.net,Example Sender Ltd,Germany,esp,"
                        + "ops@example-sender.net,Ana,Reyes",
                "123.123.200.9,mx3.example-sender.net,example-sender.net,Example Sender Ltd,NZ,Non profit,"
                        + "ops@example-sender.net,Ana,Reyes",
                "# bad rows",
                "10.1.2.3,mx4.example-sender.net,example-sender.net,Example Sender Ltd,NZ,esp,ops@example-sender.net,"
                        + "Ana,Reyes",
                "123.123.123.11,mx5.example-sender.net,example-sender.net,Example Sender Ltd,NZ,spammer,"
                        + "ops@example-sender.net,Ana,Reyes",
                "123.123.123.12,mx_6.example-sender.net,example-sender.net,Example Sender Ltd,NZ,esp,"
                        + "ops@example-sender.net,Ana,Reyes",
                "123.123.123.13,mx7.example-sender.net,example-sender.net,Example Sender Ltd,NZ,esp,,,",
                "123.123.123.10,mx1.example-sender.net,example-sender.net,Example Sender Ltd,NZ,ESP,"
                        + "ops@example-sender.net,Ana,Reyes");
        assertEquals(ImportKind.MTA, FileKind.detect(file).kind());

        ImportService.Outcome outcome = importAs(file, ImportKind.MTA, new Properties());

        assertTrue(outcome.completed());
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(3, outcome.run().counts().accepted());
        assertEquals(4, outcome.run().counts().rejected());
        List<FindingStore.RejectedRow> rejected = new ArrayList<>();
        new FindingStore(appliance.database).forEachRejectedRow(outcome.run().id(), rejected::add);
        assertEquals(List.of(7, 8, 9, 10), rejected.stream().map(FindingStore.RejectedRow::line).toList());
        assertTrue(rejected.get(0).reason().startsWith("special-purpose-address"), rejected.get(0).reason());
        assertTrue(rejected.get(1).reason().startsWith("company-type-unknown"), rejected.get(1).reason());
        assertTrue(rejected.get(2).reason().startsWith("domain-invalid-character"), rejected.get(2).reason());
        assertTrue(rejected.get(3).reason().startsWith("contact-missing"), rejected.get(3).reason());
        assertTrue(findings(outcome.run().id()).stream().anyMatch(f -> f.code().equals("duplicate-row")
                && f.line() == 11));

        NominationStore store = new NominationStore(appliance.database);
        long id = store.ids(null).get(0);
        Nomination n = store.get(id);
        assertEquals(NominationState.NOMINATED, n.state());
        assertEquals(outcome.run().id(), n.importId());
        assertEquals(new Nomination.Contact("ops@example-sender.net", "Ana", "Reyes"), n.contact());
        assertEquals(List.of("123.123.123.10", "8.8.8.25", "123.123.200.9"),
                n.mtas().stream().map(m -> m.ip().canonical()).toList());
        assertEquals("DE", n.mtas().get(1).country(), "a country name is stored as its code");
        assertEquals(CompanyType.NON_PROFIT, n.mtas().get(2).companyType());

        assertTrue(codes(n, "123.123.123.10").containsAll(List.of("public-unicast", "not-blocked",
                "not-yet-nominated", "country-not-checked")), n.checks().toString());
        assertTrue(codes(n, "8.8.8.25").contains("country-mismatch"), "the sample data puts 8.8.8.0/24 in US");
        assertTrue(codes(n, "123.123.200.9").contains("in-blocked-list"));
        assertTrue(codes(n, "dns").contains("dns-not-checked"));
        assertTrue(n.checks().stream().anyMatch(k -> k.code().equals("in-blocked-list")
                && k.message().contains("123.123.200.0/24 (customer-blocked.csv line 2)")), n.checks().toString());

        // The investigation's warnings and errors are in the import report beside the validation findings.
        assertTrue(findings(outcome.run().id()).stream().anyMatch(f -> f.code().equals("country-mismatch")
                && f.line() == 4 && f.severity().equals("WARNING")));
        String html = Files.readString(outcome.report());
        assertTrue(html.contains("in-blocked-list") && html.contains("country-mismatch"));
        assertTrue(outcome.run().message().contains("nomination " + id), outcome.run().message());
    }

    @Test
    void aHeloFileWithTheContactGivenOnTheCommandLineJoinsTheContactsOpenNomination() throws Exception {
        Properties contact = new Properties();
        contact.setProperty(JobParameters.CONTACT_EMAIL, "postmaster@mailer-two.org");
        contact.setProperty(JobParameters.CONTACT_FIRST_NAME, "Kofi");
        contact.setProperty(JobParameters.CONTACT_LAST_NAME, "Mensah");
        ImportService.Outcome mtas = importAs(TestAppliance.csv(dir, "mailer-two.csv",
                "ip,fqdn,email_domain,company_name,country,company_type",
                "123.123.124.7,out.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise"), ImportKind.MTA, contact);
        assertEquals(ImportState.ACCEPTED, mtas.run().state(), mtas.run().message());
        NominationStore store = new NominationStore(appliance.database);
        long id = store.ids(null).get(0);

        Path helos = TestAppliance.csv(dir, "mailer-two-helo.csv", "HELO", "out.mailer-two.org", "[123.123.124.7]",
                "[123.123.124.8]", "[10.0.0.1]", "mailer two");
        assertEquals(ImportKind.HELO, FileKind.detect(helos).kind());
        ImportService.Outcome outcome = importAs(helos, ImportKind.HELO, contact);

        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(3, outcome.run().counts().accepted());
        assertEquals(2, outcome.run().counts().rejected());
        Nomination n = store.get(id);
        assertEquals(List.of("out.mailer-two.org", "[123.123.124.7]", "[123.123.124.8]"),
                n.helos().stream().map(Nomination.Helo::helo).toList());
        assertTrue(codes(n, "[123.123.124.7]").contains("helo-literal-nominated"));
        assertTrue(codes(n, "[123.123.124.8]").contains("helo-literal-not-nominated"));
        assertTrue(n.events().get(n.events().size() - 1).reason().contains("added by import " + outcome.run().id()));
    }

    @Test
    void aHeloFileWithNoOpenNominationIsHeldWithAMessageThatSaysWhatToDo() throws Exception {
        Path helos = TestAppliance.csv(dir, "orphan-helo.csv", "helo,contact_email,contact_first_name,"
                + "contact_last_name", "mx.nobody-yet.net,someone@nobody-yet.net,Some,One");
        ImportService.Outcome outcome = importAs(helos, ImportKind.HELO, new Properties());

        assertEquals(ImportState.REJECTED, outcome.run().state());
        assertTrue(outcome.run().message().contains("import the MTA file first"), outcome.run().message());
        assertNotNull(outcome.report());
    }
}
