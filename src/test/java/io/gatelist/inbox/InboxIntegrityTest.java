package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.DatabaseLocks;
import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.io.BufferedWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the inbox imports is exactly what it claimed, and each content once: a file that changes after it was claimed
 * is refused with the live version left as it was, a writer that keeps its file open is waited for, and duplicates
 * are decided under the source's lock.
 */
class InboxIntegrityTest {

    @TempDir
    Path dir;

    private static String policy(String... rows) {
        return "list,kind,value,comment\n" + String.join("\n", rows) + "\n";
    }

    private static void land(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> live(EntryStore entries) {
        List<String> values = new ArrayList<>();
        entries.forEachLiveEntry(e -> values.add(e.source() + " " + e.value()));
        Collections.sort(values);
        return values;
    }

    @Test
    void aFileTruncatedWhileItIsReadIsRefusedAndTheLiveVersionStays() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"), "import.chunk-size=500")) {
            land(d.inbox(), "big-v1.csv", policy("blocked,ip,192.0.2.1,", "blocked,ip,192.0.2.2,"));
            d.awaitFinished(1, Duration.ofSeconds(60));
            List<String> before = live(new EntryStore(d.appliance.database));
            assertEquals(2, before.size(), before.toString());

            int rows = 200_000;
            Path staged = dir.resolve("big-v2.csv");
            try (BufferedWriter w = Files.newBufferedWriter(staged)) {
                w.write("list,kind,value,comment\n");
                for (int i = 0; i < rows; i++) {
                    w.write("blocked,ip," + (20 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + ".1,\n");
                }
            }
            Files.move(staged, d.inbox().resolve("big-v2.csv"), StandardCopyOption.ATOMIC_MOVE);
            ImportStore imports = new ImportStore(d.appliance.database);
            // While the job reads (some chunks stored, most of the file still ahead), cut the claimed file after its
            // first 1,000 lines: the end of a line, so what is left still parses.
            d.await(Duration.ofMinutes(3), () -> imports.recent(1).get(0).id() == 2 && d.appliance.database
                    .withConnection(c -> EntryStore.count(c, 2)) >= 2_000);
            assertEquals(ImportState.VALIDATING, imports.get(2).state(), "cut while the job reads");
            Path claimed = imports.get(2).storedPath();
            long cut = 0;
            List<String> lines = Files.readAllLines(claimed).subList(0, 1_001);
            for (String line : lines) {
                cut += line.length() + 1;
            }
            try (FileChannel ch = FileChannel.open(claimed, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            d.awaitFinished(2, Duration.ofMinutes(3));

            ImportRun run = imports.get(2);
            assertEquals(ImportState.REJECTED, run.state(), run.message());
            assertTrue(run.message().contains("changed after it was claimed"), run.message());
            assertEquals(before, live(new EntryStore(d.appliance.database)), "the live version is untouched");
            d.await(Duration.ofSeconds(30), () -> Files.exists(d.appliance.home.rejectedDir().resolve("2")
                    .resolve("OUTCOME.txt")));
        }
    }

    @Test
    void aClaimedFileThatChangesBeforeItIsReadIsRefused() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            ImportStore imports = new ImportStore(appliance.database);
            Inbox inbox = new Inbox(appliance.home, imports, new FeedStore(appliance.database), "node-t",
                    Clock.systemUTC());
            ImportService importer = appliance.imports();
            ImportService.Options options = new ImportService.Options(null, 2, 0);
            Path in = Files.createDirectories(appliance.home.inboxDir());

            Files.writeString(in.resolve("partner.csv"), policy("blocked,ip,192.0.2.1,", "blocked,ip,192.0.2.2,"));
            long first = inbox.claim(in.resolve("partner.csv"), "inbox");
            assertEquals(Inbox.Disposition.RUN, inbox.dispatch(first));
            assertEquals(ImportState.ACCEPTED, importer.run(first, options).run().state());

            Files.writeString(in.resolve("partner_v2.csv"), policy("blocked,ip,192.0.2.1,", "blocked,ip,192.0.2.2,",
                    "blocked,ip,192.0.2.3,"));
            long second = inbox.claim(in.resolve("partner_v2.csv"), "inbox");
            assertEquals(Inbox.Disposition.RUN, inbox.dispatch(second));
            // A writer that still held the file appends after the claim, before the job opens it.
            Files.writeString(imports.get(second).storedPath(), "blocked,ip,192.0.2.4,\n", StandardOpenOption.APPEND);
            ImportService.Outcome outcome = importer.run(second, options);

            assertEquals(ImportState.REJECTED, outcome.run().state(), outcome.run().message());
            assertTrue(outcome.run().message().contains("changed after it was claimed"), outcome.run().message());
            assertEquals(0, outcome.run().counts().read(), "nothing of a changed file is read");
            assertEquals(List.of("partner.csv 192.0.2.1", "partner.csv 192.0.2.2"),
                    live(new EntryStore(appliance.database)));
            inbox.file(second);
            assertTrue(Files.readString(appliance.home.rejectedDir().resolve(Long.toString(second))
                    .resolve("OUTCOME.txt")).startsWith("REJECTED: refused: the file changed after it was claimed"));
        }
    }

    /** A file that grows after its import has read it is filed with a warning that says what was not imported. */
    @Test
    void aFileThatGrowsAfterItWasImportedIsFiledWithAWarning() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            ImportStore imports = new ImportStore(appliance.database);
            Inbox inbox = new Inbox(appliance.home, imports, new FeedStore(appliance.database), "node-t",
                    Clock.systemUTC());
            Path in = Files.createDirectories(appliance.home.inboxDir());
            Files.writeString(in.resolve("partner.csv"), policy("blocked,ip,192.0.2.1,"));
            long id = inbox.claim(in.resolve("partner.csv"), "inbox");
            assertEquals(Inbox.Disposition.RUN, inbox.dispatch(id));
            assertEquals(ImportState.ACCEPTED, appliance.imports().run(id, new ImportService.Options(null, 2, 0))
                    .run().state());
            Files.writeString(imports.get(id).storedPath(), "blocked,ip,192.0.2.2,\n", StandardOpenOption.APPEND);
            String warning = inbox.file(id);
            assertTrue(warning != null && warning.contains("the file changed after it was read"), warning);
            assertEquals(null, inbox.file(id), "filed once");
        }
    }

    /**
     * A writer (a real process, as the reported case was) that keeps its file open and appends a row now and then,
     * pausing for longer than the inbox's quiet time: its file is taken only once it is closed, with every row.
     */
    @Test
    void aWriterThatKeepsItsFileOpenAndPausesIsWaitedForUntilItCloses() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            Path file = d.inbox().resolve("slow.csv");
            int rows = 6;
            // min-age is 300 ms and polls come every 100 ms: each pause of 700 ms looks like a finished file.
            Process writer = new ProcessBuilder("sh", "-c", "exec 3>>\"$0\"; echo 'list,kind,value,comment' >&3; "
                    + "i=0; while [ $i -lt " + rows + " ]; do sleep 0.7; echo \"blocked,ip,192.0.2.$((10 + i)),\" >&3; "
                    + "i=$((i + 1)); done", file.toString()).inheritIO().start();
            assertTrue(writer.waitFor(2, TimeUnit.MINUTES));
            assertEquals(0, writer.exitValue());
            d.awaitFinished(1, Duration.ofSeconds(60));
            ImportRun run = d.imports().get(0);
            assertEquals(ImportState.ACCEPTED, run.state(), run.message());
            assertEquals(rows, run.counts().read(), "every row written was read");
            assertEquals(1, d.imports().size(), d.log());
        }
    }

    @Test
    void fiftyIdenticalVersionsDroppedAtOnceAreOneAcceptedAndFortyNineDuplicates() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(stage.resolve("partner_v" + i + ".csv"), policy("blocked,ip,192.0.2.7,"));
        }
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            try (var files = Files.list(stage)) {
                for (Path f : files.toList()) {
                    Files.move(f, d.inbox().resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            d.awaitFinished(50, Duration.ofMinutes(3));
            Map<ImportState, Long> states = d.countsByState();
            assertEquals(Map.of(ImportState.ACCEPTED, 1L, ImportState.DUPLICATE, 49L), states);
            assertEquals(List.of("partner.csv 192.0.2.7"), live(new EntryStore(d.appliance.database)));
        }
    }

    @Test
    void aCopyOfTheLiveVersionDroppedWithAHeldVersionIsADuplicate() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            String a = policy("blocked,ip,192.0.2.1,");
            land(d.inbox(), "partner-2026-11-01.csv", a);
            d.awaitFinished(1, Duration.ofSeconds(60));
            Path stage = Files.createDirectories(dir.resolve("stage"));
            Files.writeString(stage.resolve("partner-2026-11-02.csv"), policy("blocked,ip,192.0.2.2,",
                    "blocked,ip,999.0.2.3,"));
            Files.writeString(stage.resolve("partner-2026-11-03.csv"), a);
            for (String name : List.of("partner-2026-11-02.csv", "partner-2026-11-03.csv")) {
                Files.move(stage.resolve(name), d.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            d.awaitFinished(3, Duration.ofSeconds(60));
            ImportStore imports = new ImportStore(d.appliance.database);
            assertEquals(ImportState.REJECTED, imports.get(2).state(), imports.get(2).message());
            ImportRun copy = imports.get(3);
            assertEquals(ImportState.DUPLICATE, copy.state(), copy.message());
            assertEquals(1, copy.duplicateOf());
            assertEquals(List.of("partner.csv 192.0.2.1"), live(new EntryStore(d.appliance.database)));
        }
    }

    /** The inbox's own duplicate check, before a line is read, is taken under the source's lock too. */
    @Test
    void theInboxDecidesADuplicateUnderTheSourceLock() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            ImportStore imports = new ImportStore(appliance.database);
            Inbox inbox = new Inbox(appliance.home, imports, new FeedStore(appliance.database), "node-t",
                    Clock.systemUTC());
            Path in = Files.createDirectories(appliance.home.inboxDir());
            String a = policy("blocked,ip,192.0.2.1,");
            long first = appliance.importFile(Files.writeString(dir.resolve("partner.csv"), a)).run().id();
            Files.writeString(in.resolve("partner_v2.csv"), a);
            long copy = inbox.claim(in.resolve("partner_v2.csv"), "inbox");

            try (Connection c = appliance.database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                // The lock a decision about source partner.csv takes (VersionOrder.lock): its pointer row.
                try (var lock = c.prepareStatement("SELECT current_import_id FROM policy_source WHERE name = ? "
                        + "FOR UPDATE")) {
                    lock.setString(1, "partner.csv");
                    try (var rs = lock.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(first, rs.getLong(1));
                    }
                }
                CompletableFuture<Inbox.Disposition> dispatched = CompletableFuture.supplyAsync(() -> {
                    try {
                        return inbox.dispatch(copy);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                DatabaseLocks.awaitBlockedBy(c, dispatched);
                assertEquals(ImportState.CLAIMED, imports.get(copy).state());
                c.rollback();
                assertEquals(Inbox.Disposition.DONE, dispatched.get(2, TimeUnit.MINUTES));
            }
            assertEquals(ImportState.DUPLICATE, imports.get(copy).state());
            assertEquals(first, imports.get(copy).duplicateOf());
        }
    }
}
