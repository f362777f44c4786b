package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every count an import prints is the count it stored, for each kind of file, in the kind's own words; and the
 * rejected rows' file keeps its columns over every row.
 */
class ImportCountsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aPolicyImportPrintsTheEntriesItStoredAndTheDuplicatesItStoredOnce() throws Exception {
        Path home = dir.resolve("home");
        Path v1 = Files.writeString(dir.resolve("partner.csv"), "list,kind,value,comment\n"
                + "approved,ip,8.8.8.8,\napproved,ip,8.8.4.4,\napproved,ip,8.8.8.8/32,the same again\n"
                + "approved,ip,8.8.8.256,mistyped\nblocked,country,KP,\n");
        CliProcess.Result first = gatelist(home, "import", "--max-rejected", "-1", v1.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals("rows read 5, accepted 3, rejected 1, 1 duplicate stored once; 3 added, 0 removed, 0 unchanged",
                countsLine(first));
        assertEquals(3, liveEntries(home, "partner.csv"));
        assertSummary(home, 1, 5, 3, 1, 1, 3, 0, 0);

        Path v2 = Files.writeString(dir.resolve("partner.csv"), "list,kind,value,comment\n"
                + "approved,ip,8.8.8.8,\nblocked,country,KP,\napproved,ip,1.1.1.1,\n");
        CliProcess.Result second = gatelist(home, "import", v2.toString());
        assertEquals(0, second.exit(), second.err());
        assertEquals("rows read 3, accepted 3, rejected 0; 1 added, 1 removed, 2 unchanged", countsLine(second));
        assertEquals(3, liveEntries(home, "partner.csv"), "added + unchanged entries are live");
        assertSummary(home, 2, 3, 3, 0, 0, 1, 1, 2);
    }

    @Test
    void aFeedImportCountsLinesAndItsRejectedLinesKeepTheirColumns() throws Exception {
        Path home = dir.resolve("home");
        Path feed = Files.writeString(dir.resolve("dyn.txt"), "# a plain list\n1.2.3.0/24\n!1.2.3.4\n5.6.7.8\n"
                + "5.6.7.8\n9.9.9.9999\n");
        CliProcess.Result r = gatelist(home, "import", "--kind", "feed", "--max-rejected", "-1", feed.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("lines read 5, accepted 4, rejected 1; 4 lines added, 0 removed, 0 unchanged", countsLine(r));
        try (Database db = database(home)) {
            assertEquals(4L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM feed_entry e "
                    + "JOIN feed f ON f.current_import_id = e.import_id WHERE f.name = 'dyn'")));
        }
        assertSummary(home, 1, 5, 4, 1, 0, 4, 0, 0);

        Path csv = Files.writeString(dir.resolve("wide.csv"), "value,reason,a,b,c\n1.2.3.4,x,1,2,3\n"
                + "1.2.3.999,y,1,2,3\n");
        assertEquals(0, gatelist(home, "import", "--kind", "feed", "--max-rejected", "-1", csv.toString()).exit());
        for (long id : List.of(1L, 2L)) {
            List<CSVRecord> rows = rejectedRows(home, id);
            assertEquals(List.of("_raw", "_line", "_reason"), rows.get(0).toList(), "a feed's line is one cell");
            assertEquals(2, rows.size());
            assertEquals(3, rows.get(1).size(), rows.get(1).toString());
        }
        assertEquals("1.2.3.999,y,1,2,3", rejectedRows(home, 2).get(1).get(0));
        assertEquals("3", rejectedRows(home, 2).get(1).get(1));
    }

    @Test
    void aRejectedRowWithMoreOrFewerCellsThanTheHeaderKeepsLineAndReasonInTheirColumns() throws Exception {
        Path home = dir.resolve("home");
        Path file = Files.writeString(dir.resolve("shapes.csv"), "list,kind,value,comment\n"
                + "approved,ip,8.8.8.8,an unquoted, comma\napproved,ip\napproved,ip,8.8.8.256,typo\n");
        assertEquals(4, gatelist(home, "import", file.toString()).exit());
        List<CSVRecord> rows = rejectedRows(home, 1);
        assertEquals(List.of("list", "kind", "value", "comment", "_line", "_reason"), rows.get(0).toList());
        assertEquals(List.of("approved", "ip", "8.8.8.8", "an unquoted, comma"), rows.get(1).toList().subList(0, 4));
        assertEquals(List.of("approved", "ip", "", ""), rows.get(2).toList().subList(0, 4));
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(6, rows.get(i).size(), rows.get(i).toString());
            assertEquals(Integer.toString(i + 1), rows.get(i).get(4), "_line: " + rows.get(i));
        }
    }

    @Test
    void geoAndNominationImportsPrintWhatTheyStored() throws Exception {
        Path home = dir.resolve("home");
        CliProcess.Result geo = gatelist(home, "import", "--kind", "geo",
                TestAppliance.samples().resolve("delegated-sample.txt").toString());
        assertEquals(0, geo.exit(), geo.err());
        assertEquals("records read 8 (asn, available and reserved records are skipped), accepted 8, rejected 0; "
                + "8 ranges added, 0 removed, 0 unchanged", countsLine(geo));
        try (Database db = database(home)) {
            assertEquals(8L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM geo_range g JOIN "
                    + "geo_source s ON s.current_import_id = g.import_id")));
        }

        String contact = ",postmaster@mailer-two.org,Kofi,Mensah";
        Path mta = Files.writeString(dir.resolve("mta.csv"), "ip,fqdn,email_domain,company_name,country,"
                + "company_type,helo,contact_email,contact_first_name,contact_last_name\n"
                + "123.123.125.20,out.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise,out.mailer-two.org" + contact
                + "\n123.123.125.21,out2.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise," + contact + "\n"
                + "123.123.125.22,out3.mailer-two.org,mailer-two.org,Mailer Two,NZ,enterprise," + contact + "\n");
        CliProcess.Result nominated = gatelist(home, "import", "--kind", "mta", mta.toString());
        assertEquals(0, nominated.exit(), nominated.err());
        assertEquals("rows read 3, accepted 3, rejected 0", countsLine(nominated),
                "three rows nominate three MTA entries and one HELO string: no 'added' to contradict them");
        assertTrue(nominated.out().contains("nomination 1: 3 MTA entries, 1 HELO/EHLO string;"), nominated.out());
        String page = Files.readString(home.resolve("reports").resolve("2").resolve("report.html"));
        assertTrue(page.contains("<th>Nominated (MTA entries and HELO/EHLO strings)</th><td>4</td>"), page);
        assertFalse(page.contains("Added / removed / unchanged"), "no source version was replaced");
        Path helo = Files.writeString(dir.resolve("helo.csv"), "helo,contact_email,contact_first_name,"
                + "contact_last_name\nmx1.mailer-two.org" + contact + "\nmx2.mailer-two.org" + contact + "\n");
        CliProcess.Result helos = gatelist(home, "import", "--kind", "helo", helo.toString());
        assertEquals(0, helos.exit(), helos.err());
        assertEquals("rows read 2, accepted 2, rejected 0", countsLine(helos));
        assertTrue(helos.out().contains("2 HELO/EHLO strings added to nomination 1"), helos.out());
        try (Database db = database(home)) {
            assertEquals(3L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM nomination_mta")));
            assertEquals(3L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM nomination_helo")));
        }
        assertFalse(nominated.out().contains("added,"), nominated.out());
    }

    /** The counts line of the first import a command printed. */
    private static String countsLine(CliProcess.Result r) {
        return r.out().lines().skip(1).findFirst().orElseThrow().strip();
    }

    /** report.json's summary holds the counts printed, as the database stored them. */
    private static void assertSummary(Path home, long id, int read, int accepted, int rejected, int duplicates,
            int added, int removed, int unchanged) throws Exception {
        JsonNode summary = JSON.readTree(home.resolve("reports").resolve(Long.toString(id)).resolve("report.json")
                .toFile()).get("summary");
        assertEquals(List.of(read, accepted, rejected, duplicates, added, removed, unchanged),
                List.of(summary.get("rowsRead").asInt(), summary.get("accepted").asInt(),
                        summary.get("rejected").asInt(), summary.get("duplicates").asInt(),
                        summary.get("added").asInt(), summary.get("removed").asInt(),
                        summary.get("unchanged").asInt()), summary.toString());
        try (Database db = database(home)) {
            List<Integer> stored = db.withConnection(c -> Jdbc.queryOne(c, "SELECT rows_read, rows_accepted, "
                    + "rows_rejected, added, removed, unchanged FROM import_run WHERE id = ?", rs -> List.of(
                    rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)), id));
            assertEquals(List.of(read, accepted, rejected, added, removed, unchanged), stored);
        }
    }

    private static List<CSVRecord> rejectedRows(Path home, long id) throws Exception {
        String csv = Files.readString(home.resolve("reports").resolve(Long.toString(id)).resolve("rejected-rows.csv"));
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(csv))) {
            return new ArrayList<>(parser.getRecords());
        }
    }

    private CliProcess.Result gatelist(Path home, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return CliProcess.run(dir, null, all.toArray(String[]::new));
    }

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
