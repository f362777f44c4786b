package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.HomeDatabase;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatelist resume} beside an {@code import} still running in another process must leave that import alone:
 * it used to take it for one whose process died and run its job a second time. The import is owned by its process
 * (cli-PID@HOST) for as long as that process runs.
 */
class ResumeBesideRunningImportTest {

    /** Enough rows that the import still runs while the two resume commands (a JVM start each) are tried. */
    private static final int ROWS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void resumeLeavesAnImportRunningInAnotherProcessAlone() throws Exception {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,\n");
            }
        }
        Path home = dir.resolve("home");
        Process importer = CliProcess.builder(dir, "--home", home.toString(), "import", "--chunk-size", "500",
                file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile()).start();
        try {
            awaitValidating(importer, HomeDatabase.shared(home));

            CliProcess.Result all = CliProcess.run(dir, null, "--home", home.toString(), "resume");
            assertEquals(0, all.exit(), all.out() + all.err());
            assertEquals("nothing to resume", all.out().strip(), all.err());

            CliProcess.Result named = CliProcess.run(dir, null, "--home", home.toString(), "resume", "1");
            assertEquals(1, named.exit(), named.out() + named.err());
            assertTrue(named.err().startsWith("gatelist: import 1 is running in another gatelist process (cli-"
                    + importer.pid() + "@"), named.err());

            assertTrue(importer.isAlive(), "the import still ran while resume was tried beside it");
            assertTrue(importer.waitFor(3, TimeUnit.MINUTES), "the import ends");
            assertEquals(0, importer.exitValue(), Files.readString(dir.resolve("import.log")));
        } finally {
            importer.destroyForcibly();
        }
        String alone = HomeDatabase.alone(home);
        assertEquals("ACCEPTED", query(alone, "SELECT state FROM import_run WHERE id = 1"));
        assertEquals(Integer.toString(ROWS), query(alone, "SELECT SUM(entry_count) FROM policy_block"));
        assertEquals("1", query(alone, "SELECT COUNT(*) FROM job_execution"), "one execution: none started twice");
        assertEquals("0", query(alone, "SELECT COUNT(*) FROM appliance_node"), "the ended process left no lease");
    }

    private static void awaitValidating(Process importer, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertTrue(importer.isAlive(), "the import ended before resume could be tried beside it");
            try {
                if ("VALIDATING".equals(query(url, "SELECT state FROM import_run WHERE id = 1"))) {
                    return;
                }
            } catch (SQLException e) {
                // the database or its schema is not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the import did not start in time");
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
