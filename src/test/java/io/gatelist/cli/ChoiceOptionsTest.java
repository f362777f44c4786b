package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.dns.DnsblFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options that take one of a fixed set of values ({@code import --kind} and {@code --database},
 * {@code lookup --mode}, {@code export --format}, {@code nominations list --state}, {@code sample-csv KIND}) name
 * their values in their help and read them in any case, run as a user runs them. A value outside the set is a bad
 * command line (ErrorLinesTest).
 */
class ChoiceOptionsTest {

    @TempDir
    Path dir;

    @Test
    void everyOptionNamesItsValuesInItsHelp() throws Exception {
        assertHelpSays("One of policy, mta, helo, geo, feed (default policy)", "import", "--help");
        assertHelpSays("With --kind feed: standard, dynamic;", "import", "--help");
        assertHelpSays("standard, dynamic (default standard)", "lookup", "--help");
        assertHelpSays("postfix-cidr, rbldnsd, nft", "export", "--help");
        assertHelpSays("NOMINATED, UNDER_REVIEW, APPROVED, REJECTED", "nominations", "list", "--help");
        assertHelpSays("policy, mta, helo", "sample-csv", "--help");
    }

    @Test
    void valuesAreReadInAnyCase() throws Exception {
        CliProcess.Result sample = CliProcess.run(dir, null, "sample-csv", "MTA");
        assertEquals(0, sample.exit(), sample.err());
        assertEquals(Files.readString(TestAppliance.samples().resolve("sample-mta.csv")), sample.out());

        Path snapshot = DnsblFixture.publish(dir.resolve("current.bin"), 1);
        CliProcess.Result lookup = CliProcess.run(dir, null, "lookup", "--snapshot", snapshot.toString(), "--mode",
                "Dynamic", "--json", "192.0.2.1");
        assertEquals(0, lookup.exit(), lookup.err());
        Path nft = dir.resolve("lists.nft");
        CliProcess.Result export = CliProcess.run(dir, null, "export", "--snapshot", snapshot.toString(), "--format",
                "NFT", "--out", nft.toString());
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().startsWith("nft "), export.out());
        assertTrue(Files.readString(nft).contains("gatelist_blocked_ipv4"), "an nftables file");

        Path feed = Files.writeString(dir.resolve("dyn.txt"), "62.0.0.0/16\n");
        CliProcess.Result imported = CliProcess.run(dir, null, "--home", dir.resolve("home").toString(), "import",
                "--kind", "FEED", "--database", "Dynamic", feed.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().contains("applied to dynamic feed \"dyn\""), imported.out());
    }

    private void assertHelpSays(String expected, String... command) throws Exception {
        CliProcess.Result help = CliProcess.run(dir, null, command);
        assertEquals(0, help.exit(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains(expected), String.join(" ", command) + " says \"" + expected + "\": " + text);
    }
}
