package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code gatelist import} and {@code gatelist resume} apply, hold and exit with, through real processes: a
 * file with rejected rows is held by default (as in the inbox) for every kind, held and refused files exit 4 and say
 * why on standard error, and options out of range are refused before anything runs.
 */
class ImportOutcomeCliTest {

    @TempDir
    Path dir;

    private static final String POLICY_HEADER = "list,kind,value,comment";

    @Test
    void aMistypedRowHoldsTheFileSoNoLiveEntryIsRemoved() throws Exception {
        Path home = dir.resolve("home");
        List<String> rows = new ArrayList<>(List.of(POLICY_HEADER));
        for (int i = 1; i <= 7; i++) {
            rows.add("approved,ip,123.123.123." + i + ",partner " + i);
        }
        Path v1 = Files.write(dir.resolve("partner-v1.csv"), rows);
        CliProcess.Result first = gatelist(home, "import", "--source", "partner", v1.toString());
        assertEquals(0, first.exit(), first.err());

        rows.set(3, "approved,ip,123.123.123.1234,partner 3 mistyped");
        Path v2 = Files.write(dir.resolve("partner-v2.csv"), rows);
        CliProcess.Result held = gatelist(home, "import", "--source", "partner", v2.toString());
        assertEquals(4, held.exit(), "held: " + held.out() + held.err());
        assertTrue(held.out().contains("REJECTED"), held.out());
        assertTrue(held.out().contains("rows read 7, accepted 6, rejected 1; nothing applied"), held.out());
        assertTrue(held.err().contains("line 4, column value (3): ipv4-octet-range: \"123.123.123.1234\": octet 1234 "
                + "is larger than 255"), "the reason in words, located: " + held.err());
        assertTrue(held.err().contains("--max-rejected 1"), "how to apply it anyway: " + held.err());
        assertEquals(7, liveEntries(home, "partner"), "the live version keeps every entry");

        CliProcess.Result applied = gatelist(home, "import", "--source", "partner", "--max-rejected", "-1",
                v2.toString());
        assertEquals(0, applied.exit(), applied.err());
        assertTrue(applied.out().contains("rows read 7, accepted 6, rejected 1; 0 added, 1 removed, 6 unchanged"),
                applied.out());
        assertEquals(6, liveEntries(home, "partner"), "--max-rejected -1 opts in");
    }

    @Test
    void everyKindIsHeldByDefaultWhenARowIsRejected() throws Exception {
        Path home = dir.resolve("home");
        Path geo = Files.writeString(dir.resolve("delegated.txt"), String.join("\n",
                "2.3|test|20260101|2|19830705|20260101|+0000", "test|*|ipv4|*|2|summary",
                "test|NZ|ipv4|8.8.8.0|256|20100101|allocated", "test|NZ|ipv4|8.8.08.0|256|20100101|allocated", ""));
        Path feed = Files.writeString(dir.resolve("drop.txt"), "5.134.128.0/19 ; SBL1\nnot-an-address ; SBL2\n");
        String contact = "postmaster@mailer-two.org,Kofi,Mensah";
        Path mta = Files.writeString(dir.resolve("mta.csv"), "ip,fqdn,email_domain,company_name,country,company_type,"
                + "contact_email,contact_first_name,contact_last_name\n"
                + "123.123.125.20,out.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise," + contact + "\n"
                + "192.168.1.1,out3.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise," + contact + "\n");
        Path helo = Files.writeString(dir.resolve("helo.csv"), "helo,contact_email,contact_first_name,"
                + "contact_last_name\nout.mailer-two.org," + contact + "\nnot a name," + contact + "\n");
        Path policy = Files.writeString(dir.resolve("policy.csv"), POLICY_HEADER + "\napproved,ip,8.8.8.8,\n"
                + "approved,ip,8.8.8.256,\n");

        for (String[] run : List.of(new String[] {"geo", geo.toString()}, new String[] {"feed", feed.toString()},
                new String[] {"mta", mta.toString()}, new String[] {"helo", helo.toString()},
                new String[] {"policy", policy.toString()})) {
            CliProcess.Result r = gatelist(home, "import", "--kind", run[0], run[1]);
            assertEquals(4, r.exit(), run[0] + " is held: " + r.out() + r.err());
            assertTrue(r.out().contains("accepted 1, rejected 1"), run[0] + ": " + r.out());
            assertTrue(r.err().contains("was not applied: held for review: 1 rejected "), run[0] + ": " + r.err());
        }
        try (Database db = database(home)) {
            for (String table : List.of("geo_source", "feed", "nomination", "nomination_helo", "policy_source")) {
                assertEquals(0L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM " + table)),
                        "nothing of a held file is applied: " + table);
            }
        }
    }

    @Test
    void resumeHoldsAFileWhoseJobNeverStartedAsImportWould() throws Exception {
        Path home = dir.resolve("home");
        Path file = Files.writeString(dir.resolve("claimed.csv"), POLICY_HEADER + "\napproved,ip,8.8.8.8,\n"
                + "approved,ip,8.8.8.256,\n");
        try (Database db = database(home)) {
            // What a process that died between claiming a file and starting its job leaves behind.
            new ImportService(ApplianceHome.open(home), db, null).claim(file, "claimed.csv", ImportKind.POLICY);
        }
        CliProcess.Result resumed = gatelist(home, "resume");
        assertEquals(4, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("accepted 1, rejected 1; nothing applied"), resumed.out());
        assertEquals(0, liveEntries(home, "claimed.csv"));
    }

    @Test
    void heldAndRefusedFilesExitWithFourAndSayWhyInWords() throws Exception {
        Path home = dir.resolve("home");
        Path notUtf8 = Files.write(dir.resolve("latin1.csv"), (POLICY_HEADER + "\napproved,country,NZ,M\u00e4dchen\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        Path noHeader = Files.writeString(dir.resolve("no-header.csv"), "approved,ip,8.8.8.8,\n");
        Path excel = Files.writeString(dir.resolve("excel.csv"), "list;kind;value;comment\r\napproved;ip;8.8.8.8;\r\n");
        Path good = Files.writeString(dir.resolve("good.csv"), POLICY_HEADER + "\napproved,ip,8.8.4.4,\n");

        CliProcess.Result refused = gatelist(home, "import", notUtf8.toString(), empty.toString(),
                noHeader.toString(), excel.toString(), good.toString());
        assertEquals(4, refused.exit(), "held and refused files, one applied: " + refused.out() + refused.err());
        String err = refused.err();
        assertTrue(err.contains("latin1.csv was not applied") && err.contains("are not valid UTF-8"), err);
        assertTrue(err.contains("empty.csv was not applied") && err.contains("the file has no header and no rows"), err);
        assertTrue(err.contains("no-header.csv was not applied")
                && err.contains("the header lacks the required column \"list\""), err);
        assertTrue(err.contains("excel.csv was not applied: held for review: 1 file-level error")
                && err.contains("csv-semicolon-separated: the header \"list;kind;value;comment\" is separated by "
                        + "semicolons, as Excel saves CSV"), "a semicolon-separated export is told so: " + err);
        assertFalse(section(err, "excel.csv").contains("header-missing-column"), "one finding that says it: " + err);
        assertFalse(err.contains("good.csv"), err);
        assertEquals(1, liveEntries(home, "good.csv"));

        Path feed = Files.writeString(dir.resolve("drop.txt"), "5.134.128.0/19 ; SBL1\n");
        assertEquals(0, gatelist(home, "import", "--kind", "feed", feed.toString()).exit());
        CliProcess.Result duplicate = gatelist(home, "import", "--kind", "feed", feed.toString());
        assertEquals(0, duplicate.exit(), "a duplicate of the live version is success: " + duplicate.err());
        assertTrue(duplicate.out().contains("DUPLICATE"), duplicate.out());

        CliProcess.Result failed = gatelist(home, "import", excel.toString(), dir.resolve("missing.csv").toString(),
                good.toString());
        assertEquals(1, failed.exit(), "the most severe of held (4) and failed (1) is failed: " + failed.err());
        assertTrue(failed.err().contains("missing.csv: no such file"), failed.err());
    }

    @Test
    void optionsOutOfRangeAreRefusedBeforeAnythingRuns() throws Exception {
        Path home = dir.resolve("home");
        Path file = Files.writeString(dir.resolve("good.csv"), POLICY_HEADER + "\napproved,ip,8.8.4.4,\n");
        for (String[] options : List.of(new String[] {"--chunk-size", "0"}, new String[] {"--chunk-size", "-5"},
                new String[] {"--chunk-size", "1000001"}, new String[] {"--max-rejected", "-2"})) {
            CliProcess.Result r = gatelist(home, "import", options[0], options[1], file.toString());
            assertEquals(2, r.exit(), String.join(" ", options) + ": " + r.err());
            assertTrue(r.err().startsWith("gatelist: " + options[0] + " is a number of rows"), r.err());
            assertFalse(Files.exists(home), "nothing ran: no home, no import to resume");
        }

        Files.createDirectories(home);
        Files.writeString(home.resolve("gatelist.properties"), "import.chunk-size=0\n");
        CliProcess.Result configured = gatelist(home, "import", file.toString());
        assertEquals(1, configured.exit(), configured.err());
        assertEquals("gatelist: import.chunk-size in gatelist.properties is a number of rows from 1 to 1000000, not 0",
                configured.err().strip());
        try (Database db = database(home)) {
            assertEquals(0L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_run")));
        }
    }

    /** What standard error says about one file: from its first line to the next file's. */
    private static String section(String err, String file) {
        int start = err.indexOf(file + " was not applied");
        int end = err.indexOf("\ngatelist: ", start);
        return err.substring(start, end < 0 ? err.length() : end);
    }

    private CliProcess.Result gatelist(Path home, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return CliProcess.run(dir, null, all.toArray(String[]::new));
    }

    /** The home's database, opened once the CLI processes that used it have ended. */
    private static Database database(Path home) throws Exception {
        return Database.open(ApplianceHome.open(home));
    }

    private static long liveEntries(Path home, String source) throws Exception {
        try (Database db = database(home)) {
            long[] n = {0};
            new io.gatelist.storage.EntryStore(db).forEachLiveEntry(e -> n[0] += e.source().equals(source) ? 1 : 0);
            return n[0];
        }
    }
}
