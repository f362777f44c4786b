package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.HomeDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatelist import --kind feed} run as a user runs it: a feed keeps its database when none is named, and
 * naming the other one moves it, which the summary, report.json and report.html say.
 */
class FeedDatabaseCliTest {

    @TempDir
    Path dir;

    @Test
    void aFeedKeepsItsDatabaseUnlessOneIsNamedAndAMoveIsReported() throws Exception {
        Path home = dir.resolve("home");
        Path file = Files.writeString(dir.resolve("dyn.txt"), "62.0.0.0/16\n");
        CliProcess.Result first = CliProcess.run(dir, null, "--home", home.toString(), "import", "--kind", "feed",
                "--database", "dynamic", file.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("applied to dynamic feed \"dyn\""), first.out());

        // The command: the same file without --database. It used to move the feed to standard.
        CliProcess.Result again = CliProcess.run(dir, null, "--home", home.toString(), "import", "--kind", "feed",
                file.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("DUPLICATE"), again.out());
        assertTrue(reportJson(again).contains("\"database\" : \"dynamic\""), reportJson(again));

        // A new version without --database stays where the feed is.
        Files.writeString(file, "62.0.0.0/16\n62.1.0.0/16\n");
        CliProcess.Result changed = CliProcess.run(dir, null, "--home", home.toString(), "import", "--kind", "feed",
                file.toString());
        assertEquals(0, changed.exit(), changed.err());
        assertTrue(changed.out().contains("applied to dynamic feed \"dyn\": 1 lines added, 0 removed, 1 unchanged"),
                changed.out());
        assertFalse(changed.out().contains("moved from"), changed.out());
        assertTrue(reportJson(changed).contains("\"movedFrom\" : null"), reportJson(changed));

        // Naming the other database moves the feed, and everything that reports the import says so.
        CliProcess.Result moved = CliProcess.run(dir, null, "--home", home.toString(), "import", "--kind", "feed",
                "--database", "standard", file.toString());
        assertEquals(0, moved.exit(), moved.err());
        assertTrue(moved.out().contains("applied to feed \"dyn\", moved from the dynamic database to standard: 0 "
                + "lines added, 0 removed, 2 unchanged"), moved.out());
        Path html = report(moved);
        assertTrue(Files.readString(html).contains("dyn in the standard database, moved there from dynamic by this "
                + "import"), "report.html says so");
        String json = Files.readString(html.resolveSibling("report.json"));
        assertTrue(json.contains("\"database\" : \"standard\"") && json.contains("\"movedFrom\" : \"dynamic\"")
                && json.contains("\"databaseNamed\" : true"), json);

        // Naming the database it is already in moves nothing.
        Files.writeString(file, "62.0.0.0/16\n");
        CliProcess.Result same = CliProcess.run(dir, null, "--home", home.toString(), "import", "--kind", "feed",
                "--database", "standard", file.toString());
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.out().contains("applied to standard feed \"dyn\""), same.out());
        assertEquals("standard", database(home));
    }

    private static Path report(CliProcess.Result r) {
        Matcher report = Pattern.compile("report: (\\S+report\\.html)").matcher(r.out());
        assertTrue(report.find(), r.out());
        return Path.of(report.group(1));
    }

    private static String reportJson(CliProcess.Result r) throws Exception {
        return Files.readString(report(r).resolveSibling("report.json"));
    }

    /** The feed's database as stored, read once every process has ended. */
    private static String database(Path home) throws Exception {
        try (Connection c = DriverManager.getConnection(HomeDatabase.alone(home), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT feed_database FROM feed WHERE name = 'dyn'")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
