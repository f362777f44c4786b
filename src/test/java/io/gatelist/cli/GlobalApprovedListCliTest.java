package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Global Approved List from the command line, through real processes: nominate, review, compile, lookup. */
class GlobalApprovedListCliTest {

    @TempDir
    Path dir;

    @Test
    void nominateByHandAndByFileThenReviewCompileAndLookUp() throws Exception {
        String home = dir.resolve("home").toString();

        CliProcess.Result sample = CliProcess.run(dir, null, "sample-csv", "mta");
        assertEquals(0, sample.exit(), sample.err());
        assertEquals(Files.readString(TestAppliance.samples().resolve("sample-mta.csv")), sample.out());
        assertEquals(2, CliProcess.run(dir, null, "sample-csv", "csv").exit());

        CliProcess.Result wrong = CliProcess.run(dir, null, "--home", home, "nominate", "--ip", "10.0.0.1", "--fqdn",
                "mx1.example-sender.net", "--email-domain", "example-sender.net", "--company", "Example Sender Ltd",
                "--country", "NZ", "--company-type", "esp", "--contact-email", "ops@example-sender.net",
                "--contact-first-name", "Ana", "--contact-last-name", "Reyes");
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("special-purpose-address") && wrong.err().contains("nothing was nominated"),
                wrong.err());

        CliProcess.Result byHand = CliProcess.run(dir, null, "--home", home, "nominate", "--ip", "123.123.123.10",
                "--ip", "123.123.123.11", "--fqdn", "mx1.example-sender.net", "--fqdn", "mx2.example-sender.net",
                "--email-domain", "example-sender.net", "--company", "Example Sender Ltd", "--country",
                "New Zealand", "--company-type", "ESP", "--helo", "mx1.example-sender.net", "--helo",
                "[123.123.123.12]", "--contact-email", "ops@example-sender.net", "--contact-first-name", "Ana",
                "--contact-last-name", "Reyes");
        assertEquals(0, byHand.exit(), byHand.err());
        assertTrue(byHand.out().startsWith("nomination 1  NOMINATED"), byHand.out());
        assertTrue(byHand.out().contains("helo-literal-not-nominated"), byHand.out());

        Path file = TestAppliance.csv(dir, "second.csv", "ip,fqdn,email_domain,company_name,country,company_type",
                "123.123.125.20,out.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise",
                "123.123.123.10,out2.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise",
                "192.168.1.1,out3.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise");
        CliProcess.Result held = CliProcess.run(dir, null, "--home", home, "import", "--kind", "mta",
                "--contact-email", "postmaster@mailer-two.org", "--contact-first-name", "Kofi",
                "--contact-last-name", "Mensah", file.toString());
        assertEquals(4, held.exit(), "a file with a rejected row is held by default: " + held.err());
        assertTrue(held.err().contains("line 4, column ip (1): special-purpose-address"), held.err());
        CliProcess.Result imported = CliProcess.run(dir, null, "--home", home, "import", "--kind", "mta",
                "--max-rejected", "1", "--contact-email", "postmaster@mailer-two.org", "--contact-first-name", "Kofi",
                "--contact-last-name", "Mensah", file.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains("accepted 2, rejected 1"), imported.out());

        CliProcess.Result show = CliProcess.run(dir, null, "--home", home, "nominations", "show", "2");
        assertTrue(show.out().contains("already-nominated") && show.out().contains("nomination 1 (NOMINATED)"),
                show.out());

        CliProcess.Result list = CliProcess.run(dir, null, "--home", home, "nominations", "list");
        assertTrue(list.out().lines().count() == 3, list.out());

        assertEquals(0, CliProcess.run(dir, null, "--home", home, "nominations", "review", "1", "--by", "rev-a").exit());
        assertEquals(0, CliProcess.run(dir, null, "--home", home, "nominations", "approve", "1", "--by", "rev-a")
                .exit());
        assertEquals(0, CliProcess.run(dir, null, "--home", home, "nominations", "reject", "2", "--by", "rev-a",
                "--reason", "123.123.123.10 belongs to another sender").exit());
        CliProcess.Result illegal = CliProcess.run(dir, null, "--home", home, "nominations", "approve", "2", "--by",
                "rev-b");
        assertEquals(1, illegal.exit());
        assertTrue(illegal.err().contains("nomination 2 is REJECTED: it cannot become APPROVED"), illegal.err());
        CliProcess.Result rejected = CliProcess.run(dir, null, "--home", home, "nominations", "show", "2");
        assertTrue(rejected.out().contains("can still go into your own Approved list"), rejected.out());

        Path snapshot = dir.resolve("lists.bin");
        CliProcess.Result compiled = CliProcess.run(dir, null, "--home", home, "compile", "--out",
                snapshot.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        CliProcess.Result lookup = CliProcess.run(dir, null, "lookup", "--snapshot", snapshot.toString(), "--helo",
                "mx1.example-sender.net", "123.123.123.11", "123.123.125.20", "123.123.9.9");
        assertEquals(0, lookup.exit(), lookup.err());
        String[] lines = lookup.out().split("\n");
        assertTrue(lines[0].startsWith("123.123.123.11\tAPPROVED\tglobal-approved\tglobal-approved 123.123.123.11 "
                + "(nomination 1:0)"), lines[0]);
        assertTrue(lines[1].startsWith("123.123.125.20\tNONE\tnone"), "rejected: " + lines[1]);
        assertTrue(lines[2].startsWith("123.123.9.9\tNONE\tnone"), "a forged HELO: " + lines[2]);
        assertTrue(lookup.err().contains("HELO mx1.example-sender.net is approved for nomination 1, but 123.123.9.9 "
                + "is not one of its IPs"), lookup.err());
    }
}
