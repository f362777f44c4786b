package io.gatelist.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestPostgres;
import io.gatelist.storage.PolicyBlock;
import io.gatelist.storage.StoredEntries;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two appliance processes (daemon nodes) on one PostgreSQL database and one shared home: every dropped file is
 * imported exactly once, a schedule fires once across both, and a node killed mid-import loses nothing because
 * the other takes its import over when its lease expires.
 */
class TwoNodesTest {

    @TempDir
    Path dir;

    private final List<Process> nodes = new ArrayList<>();
    private String url;
    private Path home;

    private void sharedHome(String extra) throws Exception {
        url = TestPostgres.freshDatabase();
        home = Files.createDirectories(dir.resolve("shared-home"));
        Files.writeString(home.resolve("gatelist.properties"), TestPostgres.config(url)
                + "inbox.poll-millis=100\ninbox.min-age-millis=200\npublish.debounce-millis=300\n"
                + "cluster.lease-millis=3000\nimport.chunk-size=500\n" + extra);
    }

    private Process node(String id) throws Exception {
        Process p = CliProcess.builder(dir, "--home", home.toString(), "watch", "--node-id", id)
                .redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile()).start();
        nodes.add(p);
        return p;
    }

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process p : nodes) {
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void twoNodesRacingOverTwoHundredFilesImportEachExactlyOnce() throws Exception {
        // A yearly schedule, so that the only due time in the test is the missed one both nodes find: it must
        // fire once, not twice. (An every-minute schedule would legitimately fire again at the next minute.)
        sharedHome("schedule.publish.cron=0 0 1 1 *\n");
        query("SELECT 1"); // the database exists; the schema is created by the first node
        Process a = node("node-a");
        Process b = node("node-b");
        waitFor(() -> count("SELECT COUNT(*) FROM appliance_node") == 2
                && count("SELECT COUNT(*) FROM schedule_run WHERE name = 'publish'") == 1, a, b);
        execute("UPDATE schedule_run SET last_run = CURRENT_TIMESTAMP - INTERVAL '2 years' WHERE name = 'publish'");
        long started = System.nanoTime();
        dropTwoHundredFiles();
        waitFor(() -> count("SELECT COUNT(*) FROM import_run WHERE state = 'ACCEPTED'") == 200, a, b);
        System.out.printf("200 files through two nodes in %.1f s%n", (System.nanoTime() - started) / 1e9);

        assertEquals(200, count("SELECT COUNT(*) FROM import_run"), "one import per file, none twice, none failed");
        assertEquals(200, count("SELECT COUNT(DISTINCT source_name) FROM import_run"));
        assertEquals(200, count(StoredEntries.COUNT_SQL));
        assertTrue(count("SELECT COUNT(*) FROM import_run WHERE node_id = 'node-a'") > 0, "node a worked");
        assertTrue(count("SELECT COUNT(*) FROM import_run WHERE node_id = 'node-b'") > 0, "node b worked");
        waitFor(() -> logs().contains("due since"), a, b);
        Thread.sleep(2_000); // time for a wrongly repeated run on the other node
        String logs = logs();
        assertEquals(1, logs.split("due since", -1).length - 1, "the missed schedule ran once across the cluster:\n"
                + logs);
        try (var processing = Files.list(home.resolve("processing"))) {
            waitFor(() -> {
                try (var p = Files.list(home.resolve("processing"))) {
                    return p.count() == 0;
                }
            }, a, b);
        }
    }

    /** The same 200 files through a single node: the figure that the two-node time is compared with. */
    @Test
    void oneNodeAloneImportsTheSameTwoHundredFilesOnce() throws Exception {
        sharedHome("");
        Process a = node("node-a");
        waitFor(() -> count("SELECT COUNT(*) FROM appliance_node") == 1, a);
        long started = System.nanoTime();
        dropTwoHundredFiles();
        waitFor(() -> count("SELECT COUNT(*) FROM import_run WHERE state = 'ACCEPTED'") == 200, a);
        System.out.printf("200 files through one node in %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertEquals(200, count("SELECT COUNT(*) FROM import_run"));
        assertEquals(200, count(StoredEntries.COUNT_SQL));
    }

    /** Writes 200 one-row policy files outside the inbox, then renames them in, as a file-sync tool would. */
    private void dropTwoHundredFiles() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage"));
        for (int i = 0; i < 200; i++) {
            Files.writeString(stage.resolve("source-" + i + ".csv"),
                    "list,kind,value,comment\nblocked,ip,198.18." + (i / 200) + "." + (i % 200) + ",\n");
        }
        try (var files = Files.list(stage)) {
            for (Path f : files.toList()) {
                Files.move(f, home.resolve("inbox").resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    @Test
    void aNodeKilledMidImportLosesNothingTheOtherTakesItOver() throws Exception {
        sharedHome("");
        Process a = node("node-a");
        Process b = node("node-b");
        waitFor(() -> count("SELECT COUNT(*) FROM appliance_node") == 2, a, b);
        int rows = 100_000;
        Path staged = dir.resolve(".big.csv.part");
        try (BufferedWriter w = Files.newBufferedWriter(staged)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < rows; i++) {
                w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,\n");
            }
        }
        Files.move(staged, home.resolve("inbox").resolve("big.csv"), StandardCopyOption.ATOMIC_MOVE);
        waitFor(() -> count(StoredEntries.COUNT_SQL) >= 5_000, a, b);
        String owner = query("SELECT node_id FROM import_run WHERE id = 1");
        Process victim = owner.equals("node-a") ? a : b;
        Process survivor = victim == a ? b : a;
        victim.destroyForcibly();
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));

        waitFor(() -> "ACCEPTED".equals(query("SELECT state FROM import_run WHERE id = 1")), survivor);
        assertEquals(rows, count(StoredEntries.COUNT_SQL));
        assertEquals(rows, StoredEntries.all(url, "postgres", "postgres").stream().map(PolicyBlock.Entry::value)
                .distinct().count());
        assertEquals(1, count("SELECT COUNT(*) FROM import_run"), "one file, one import");
        assertTrue(!owner.equals(query("SELECT node_id FROM import_run WHERE id = 1")), "the other node finished it");
        String log = Files.readString(dir.resolve((victim == a ? "node-b" : "node-a") + ".log"));
        assertTrue(log.contains("taking over import 1"), log);
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private void waitFor(Check check, Process... alive) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            for (Process p : alive) {
                if (!p.isAlive()) {
                    throw new AssertionError("a node exited with " + p.exitValue() + ":\n" + logs());
                }
            }
            try {
                if (check.test()) {
                    return;
                }
            } catch (SQLException e) {
                // the schema is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out:\n" + logs());
    }

    private String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String n : new String[] {"node-a", "node-b"}) {
            Path log = dir.resolve(n + ".log");
            if (Files.exists(log)) {
                sb.append("--- ").append(n).append('\n').append(Files.readString(log));
            }
        }
        return sb.toString();
    }

    private long count(String sql) throws SQLException {
        String value = query(sql);
        return value == null ? 0 : Long.parseLong(value);
    }

    private String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
