package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.HomeDatabase;
import io.gatelist.storage.PolicyBlock;
import io.gatelist.storage.StoredEntries;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import killed mid-way (kill -9: no shutdown hook, no rollback of the writer's last commit) and resumed in a
 * new JVM ends with exactly the rows of the file: none lost, none twice.
 */
class CrashRestartTest {

    /**
     * Enough rows that the import is still running a few seconds after the first 50,000 are committed: blocks made
     * storing so fast that 150,000 rows (this test's old size) were done within about a second, and on a faster
     * host (an Intel Xeon, 2026-12-07) 1,000,000 rows were done, the run marked ACCEPTED, within the 1.5 s the test
     * waits before the kill. Three million give the import three times as long; the whole test takes about 20 s.
     */
    private static final int ROWS = 3_000_000;
    /**
     * H2 writes committed transactions to the file within about a second (MVStore's auto-commit delay), so a
     * kill -9 loses the last second of commits, the job repository's checkpoints with the rows they cover. The
     * test waits this long after it has seen rows committed, so that the dead JVM left them in the file: a kill
     * before anything was written would leave no import to resume, which is not the case under test.
     */
    private static final long DURABLE_AFTER_MS = 1_500;

    @TempDir
    Path dir;

    @Test
    void anImportKilledMidwayResumesInANewJvmWithoutDuplicates() throws Exception {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < ROWS; i++) {
                // Public addresses from 20.0.0.0 upward: no special-purpose warnings to slow the writer.
                w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,row "
                        + i + "\n");
            }
        }
        Path home = dir.resolve("home");
        Process importer = CliProcess.builder(dir, "--home", home.toString(), "import", "--chunk-size", "500",
                file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
        String url = HomeDatabase.shared(home);
        long stored = waitForRows(importer, url, home.resolve("db").resolve("gatelist.mv.db"), 50_000);
        Thread.sleep(DURABLE_AFTER_MS);
        assertTrue(importer.isAlive(), "the import ended before it could be killed");
        importer.destroyForcibly();
        assertTrue(importer.waitFor(30, TimeUnit.SECONDS));
        assertTrue(stored < ROWS, "killed before the end: " + stored + " rows were stored");
        // Asked the way an operator would, in a process of its own: had this JVM opened the database after the
        // kill, it would have become H2's auto-server, and a process connecting while it closes the database again
        // was seen to fail with an H2 lock timeout — a race of the test's making, not of an operator's.
        CliProcess.Result listed = CliProcess.run(dir, null, "--home", home.toString(), "imports");
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("1 ") && l.contains("VALIDATING")),
                "the dead JVM left the import mid-way:\n" + listed.out() + listed.err());

        CliProcess.Result resumed = CliProcess.run(dir, null, "--home", home.toString(), "resume");

        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("ACCEPTED"), resumed.out());
        String alone = HomeDatabase.alone(home); // every process that used the database has ended
        assertEquals(Integer.toString(ROWS),
                query(alone, "SELECT SUM(entry_count) FROM policy_block WHERE import_id = 1"));
        List<PolicyBlock.Entry> entries = StoredEntries.all(alone, "sa", "");
        assertEquals(ROWS, entries.size());
        assertEquals(ROWS, entries.stream().mapToInt(PolicyBlock.Entry::recordNo).distinct().count());
        assertEquals(Integer.toString(ROWS), query(alone, "SELECT rows_read FROM import_run WHERE id = 1"));
        assertEquals("ACCEPTED", query(alone, "SELECT state FROM import_run WHERE id = 1"));
        assertEquals("2", query(alone, "SELECT COUNT(*) FROM job_execution"), "one execution killed, one restart");
    }

    /** Polls the child's database (through H2's auto-server) until it has committed at least {@code min} rows. */
    private static long waitForRows(Process importer, String url, Path dbFile, long min) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!importer.isAlive()) {
                throw new AssertionError("the import ended before it could be killed: "
                        + Files.readString(dbFile.getParent().getParent().getParent().resolve("import.log")));
            }
            if (!Files.exists(dbFile)) {
                Thread.sleep(50);
                continue;
            }
            try {
                long rows = Long.parseLong(query(url, StoredEntries.COUNT_SQL));
                if (rows >= min) {
                    return rows;
                }
            } catch (SQLException | NumberFormatException e) {
                // the schema is not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no rows were stored in time");
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
