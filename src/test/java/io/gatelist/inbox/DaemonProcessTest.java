package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.HomeDatabase;
import io.gatelist.storage.PolicyBlock;
import io.gatelist.storage.StoredEntries;
import io.gatelist.lookup.PolicySnapshot;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a user runs it: a real process, stopped with SIGTERM mid-import (it stops at a checkpoint and
 * exits), then killed with SIGKILL mid-resume; a third start ends with exactly the file's rows, published.
 */
class DaemonProcessTest {

    private static final int ROWS = 120_000;

    @TempDir
    Path dir;

    @Test
    void aDaemonStoppedAndThenKilledMidImportConvergesWithoutDuplicates() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("gatelist.properties"), "inbox.poll-millis=100\ninbox.min-age-millis=200\n"
                + "publish.debounce-millis=200\nimport.chunk-size=500\n");
        Path inbox = Files.createDirectories(home.resolve("inbox"));
        Path staged = dir.resolve(".big.csv.part");
        try (BufferedWriter w = Files.newBufferedWriter(staged)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,\n");
            }
        }
        String url = HomeDatabase.shared(home);

        // 1. SIGTERM while the import runs: the job stops at a checkpoint and the process exits by itself.
        Process first = daemon(home, "first.log");
        waitFor(first, () -> Files.exists(home.resolve("snapshots").resolve("current.bin")));
        Files.move(staged, inbox.resolve("big.csv"), StandardCopyOption.ATOMIC_MOVE);
        waitFor(first, () -> rows(url) >= 5_000);
        first.destroy(); // SIGTERM
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the daemon exits after SIGTERM");
        String firstLog = Files.readString(dir.resolve("first.log"));
        assertTrue(firstLog.contains("stopped at a checkpoint"), firstLog);
        assertTrue(firstLog.contains(" stopped"), firstLog);
        long afterStop = rows(url);
        assertTrue(afterStop < ROWS, "stopped before the end: " + afterStop);

        // 2. SIGKILL while the restarted execution runs: no hook, no rollback of a half-committed chunk.
        Process second = daemon(home, "second.log");
        waitFor(second, () -> Files.readString(dir.resolve("second.log")).contains("restarting execution")
                && rows(url) > afterStop + 2_000);
        second.destroyForcibly();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));

        // 3. A third start finishes the import and publishes it.
        Process third = daemon(home, "third.log");
        try {
            waitFor(third, () -> {
                try {
                    return PolicySnapshot.open(home.resolve("snapshots").resolve("current.bin")).info().entries() == ROWS;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            // Gone before the checks below and before the temporary folder is deleted: a daemon still closing its
            // database under a loaded machine once kept writing into the folder JUnit was deleting.
            third.destroy();
            if (!third.waitFor(120, TimeUnit.SECONDS)) {
                third.destroyForcibly().waitFor();
            }
        }
        String alone = HomeDatabase.alone(home); // the daemons are gone
        assertEquals(ROWS, rows(alone));
        assertEquals(ROWS, StoredEntries.all(alone, "sa", "").stream().map(PolicyBlock.Entry::value).distinct()
                .count());
        assertEquals("ACCEPTED", query(alone, "SELECT state FROM import_run WHERE id = 1"));
        assertEquals("1", query(alone, "SELECT COUNT(*) FROM import_run"), "one file, one import");
        try (var archived = Files.walk(home.resolve("archive"))) {
            assertEquals(1, archived.filter(p -> p.getFileName().toString().equals("big.csv")).count());
        }
    }

    private Process daemon(Path home, String log) throws Exception {
        return CliProcess.builder(dir, "--home", home.toString(), "watch").redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static void waitFor(Process process, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the daemon exited early with " + process.exitValue());
            }
            try {
                if (check.test()) {
                    return;
                }
            } catch (SQLException e) {
                // the database is not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out");
    }

    private static long rows(String url) throws SQLException {
        String n = query(url, StoredEntries.COUNT_SQL);
        return n == null ? 0 : Long.parseLong(n);
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
