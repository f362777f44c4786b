package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands run at the same time on one home, as real processes, with the embedded H2 database: the first process
 * to open it serves it to the others. The case, two imports and {@code imports} at once, failed 6 of 6
 * trials ("Lock file recently modified"); a short command closing the database under a running import killed
 * the import. Every process must end well, print no stack trace, and leave exactly the data it was given.
 */
class ConcurrentCommandsTest {

    private static final int TRIALS = 3;

    @TempDir
    Path dir;

    @Test
    void twoImportsAndTheirListingAtOnceAllSucceed() throws Exception {
        Path samples = TestAppliance.samples();
        for (int trial = 1; trial <= TRIALS; trial++) {
            Path home = dir.resolve("home-" + trial);
            CliProcess.Result first = CliProcess.run(dir, null, "--home", home.toString(), "import",
                    samples.resolve("approved.csv").toString());
            assertEquals(0, first.exit(), first.err());

            List<Started> together = List.of(
                    start(home, "import", "--source", "a.csv", samples.resolve("blocked.csv").toString()),
                    start(home, "import", "--source", "b.csv", samples.resolve("approved.csv").toString()),
                    start(home, "imports"));
            for (Started p : together) {
                p.assertEndedWell();
            }

            try (TestAppliance appliance = TestAppliance.open(home)) {
                Map<String, ImportState> states = new TreeMap<>();
                for (ImportRun r : new ImportStore(appliance.database).recent(10)) {
                    states.put(r.sourceName(), r.state());
                }
                assertEquals(Map.of("approved.csv", ImportState.ACCEPTED, "a.csv", ImportState.ACCEPTED, "b.csv",
                        ImportState.ACCEPTED), states, "trial " + trial);
                assertEquals(Map.of("approved.csv", 7L, "a.csv", 5L, "b.csv", 7L), liveEntriesBySource(appliance),
                        "trial " + trial);
            }
        }
    }

    @Test
    void shortCommandsBesideALongImportNeitherBreakItNorWaitForeverWhicheverOpenedFirst() throws Exception {
        Path home = dir.resolve("home");
        Path big = bigPolicyFile(dir.resolve("big.csv"), 100_000);
        CliProcess.Result first = CliProcess.run(dir, null, "--home", home.toString(), "import",
                TestAppliance.samples().resolve("approved.csv").toString());
        assertEquals(0, first.exit(), first.err());

        // The listing opens the database first and serves it; the import connects to it and runs long after
        // the listing is done: the listing's process must keep serving until the import has finished.
        Started listing = start(home, "imports");
        Started importing = start(home, "import", big.toString());
        List<Started> around = new ArrayList<>();
        for (String command : List.of("imports", "report", "nominations")) {
            around.add(start(home, command.equals("nominations") ? new String[] {"nominations", "list"}
                    : new String[] {command}));
        }
        listing.assertEndedWell();
        importing.assertEndedWell();
        for (Started p : around) {
            p.assertEndedWell();
        }
        assertTrue(importing.out.contains("rows read 100000, accepted 100000, rejected 0"), importing.out);

        try (TestAppliance appliance = TestAppliance.open(home)) {
            assertEquals(100_000L, liveEntriesBySource(appliance).get("big.csv"));
            assertEquals(ImportState.ACCEPTED, new ImportStore(appliance.database).recent(1).get(0).state());
        }
    }

    @Test
    void theDaemonStartedBesideAnImportWaitsForItAndThenServesTheDatabase() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("gatelist.properties"),
                "inbox.poll-millis=100\ninbox.min-age-millis=200\npublish.debounce-millis=200\n");
        Path big = bigPolicyFile(dir.resolve("big.csv"), 100_000);
        Started importing = start(home, "import", big.toString());
        Process daemon = CliProcess.builder(dir, "--home", home.toString(), "watch")
                .redirectOutput(dir.resolve("watch.out").toFile()).redirectError(dir.resolve("watch.err").toFile())
                .start();
        try {
            // The import ends although the daemon started beside it: the daemon does not connect to the
            // import's process (which would then have to serve it for as long as the daemon runs).
            importing.assertEndedWell();
            assertTrue(daemon.isAlive(), "the daemon runs on: " + Files.readString(dir.resolve("watch.err")));
            Path staged = dir.resolve(".extra.csv.part");
            Files.writeString(staged, "list,kind,value,comment\nblocked,ip,198.51.100.9,\n");
            Files.move(staged, home.resolve("inbox").resolve("extra.csv"), StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(dir.resolve("watch.out")).contains("published")
                    || !Files.readString(dir.resolve("watch.out")).contains("extra.csv")) {
                assertTrue(daemon.isAlive() && System.nanoTime() < deadline,
                        "the daemon imports and publishes: " + Files.readString(dir.resolve("watch.out"))
                                + Files.readString(dir.resolve("watch.err")));
                Thread.sleep(100);
            }
            // a command run now connects to the daemon, which holds the database
            Started listing = start(home, "imports");
            listing.assertEndedWell();
            assertTrue(listing.out.contains("extra.csv") && listing.out.contains("big.csv"), listing.out);
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        }
        assertEquals(0, daemon.exitValue(), Files.readString(dir.resolve("watch.err")));
        String err = Files.readString(dir.resolve("watch.err"));
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    /** Live entries per source, read in this process once every CLI process has ended. */
    private static Map<String, Long> liveEntriesBySource(TestAppliance appliance) {
        Map<String, Long> counts = new TreeMap<>();
        new EntryStore(appliance.database).forEachLiveEntry(e -> counts.merge(e.source(), 1L, Long::sum));
        return counts;
    }

    private static Path bigPolicyFile(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < rows; i++) {
                w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,\n");
            }
        }
        return file;
    }

    /** A CLI process started without waiting for it, its output going to files. */
    private final class Started {
        private final Process process;
        private final Path outFile;
        private final Path errFile;
        private final String command;
        String out;

        Started(Process process, Path outFile, Path errFile, String command) {
            this.process = process;
            this.outFile = outFile;
            this.errFile = errFile;
            this.command = command;
        }

        /** Waits for the end (bounded) and checks exit code 0 and a standard error without a trace. */
        void assertEndedWell() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("gatelist " + command + " did not finish: " + Files.readString(errFile));
            }
            out = Files.readString(outFile);
            String err = Files.readString(errFile);
            assertEquals(0, process.exitValue(), "gatelist " + command + ": " + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "gatelist " + command + ": " + err);
            for (String line : err.lines().toList()) {
                assertTrue(line.startsWith("gatelist: waiting for "), "only notices of waits: " + err);
            }
        }
    }

    private Started start(Path home, String... args) throws IOException {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = CliProcess.builder(dir, all).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return new Started(p, out, err, String.join(" ", args));
    }
}
