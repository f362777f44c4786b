package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ScheduleStore;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox daemon with real files, the real JBeret runtime and an H2 file database. */
class InboxDaemonTest {

    @TempDir
    Path dir;

    private static String policy(String... rows) {
        return "list,kind,value,comment\n" + String.join("\n", rows) + "\n";
    }

    /** Writes a file elsewhere and renames it into the inbox: how a well-behaved sender lands a file. */
    private static void land(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilItIsComplete() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            Path file = d.inbox().resolve("slow.csv");
            int rows = 12;
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                w.write("list,kind,value,comment\n");
                for (int i = 0; i < rows; i++) { // one row every 150 ms: slower than the polls and the minimum age
                    w.write("blocked,ip,192.0.2." + (10 + i) + ",\n");
                    w.flush();
                    Thread.sleep(150);
                    assertTrue(d.imports().isEmpty(), "taken after " + (i + 1) + " rows, before the writer finished");
                }
            }
            d.awaitFinished(1, Duration.ofSeconds(60));
            ImportRun run = d.imports().get(0);
            assertEquals(ImportState.ACCEPTED, run.state(), run.message());
            assertEquals(rows, run.counts().read(), "every row written was read");
            assertEquals(1, d.imports().size());
        }
    }

    @Test
    void aThousandFilesDroppedAtOnceAllEndAcceptedRejectedOrDuplicate() throws Exception {
        Path stage = Files.createDirectories(dir.resolve("stage"));
        int good = 700;
        int pairs = 100;
        for (int i = 0; i < good; i++) {
            Files.writeString(stage.resolve("src-" + i + ".csv"),
                    policy("blocked,ip,198.18." + (i / 250) + "." + (i % 250) + ","));
        }
        for (int i = 0; i < pairs; i++) { // two dated versions of one source with the same content
            String content = policy("approved,ip,203.0.113." + (i % 250) + ",");
            Files.writeString(stage.resolve("pair-" + i + "-2026-11-01.csv"), content);
            Files.writeString(stage.resolve("pair-" + i + "-2026-11-02.csv"), content);
        }
        for (int i = 0; i < 25; i++) {
            Files.writeString(stage.resolve("held-" + i + ".csv"), policy("blocked,ip,10.0." + i + ".1,",
                    "blocked,ip,999.1.1.1,"));
            Files.writeString(stage.resolve("empty-" + i + ".csv"), "");
            Files.write(stage.resolve("binary-" + i + ".dat"), new byte[] {'x', 0, 1, 2});
            Files.writeString(stage.resolve("unknown-" + i + ".csv"), "a,b,c\n1,2,3\n");
        }
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            List<Path> files = new ArrayList<>();
            try (var s = Files.list(stage)) {
                s.forEach(files::add);
            }
            assertEquals(1000, files.size());
            long started = System.nanoTime();
            for (Path f : files) {
                Files.move(f, d.inbox().resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            d.awaitFinished(1000, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("1000 files through the inbox in %.1f s (%.0f files/minute)%n", seconds,
                    1000 * 60 / seconds);

            Map<ImportState, Long> states = d.countsByState();
            assertEquals(good + pairs, states.get(ImportState.ACCEPTED), states.toString());
            assertEquals(pairs, states.get(ImportState.DUPLICATE), states.toString());
            assertEquals(100, states.get(ImportState.REJECTED), states.toString());
            assertEquals(1000, d.imports().size(), "one import per file: nothing lost, nothing twice");
            for (ImportRun r : d.imports()) {
                if (r.state() == ImportState.DUPLICATE) {
                    ImportRun of = d.imports().stream().filter(x -> x.id() == r.duplicateOf()).findFirst().orElseThrow();
                    assertEquals(r.sourceName(), of.sourceName());
                    assertEquals(r.sha256(), of.sha256());
                }
            }
            List<PolicyEntry> live = new ArrayList<>();
            new EntryStore(d.appliance.database).forEachLiveEntry(live::add);
            assertEquals(good + pairs, live.size(), "held files apply nothing");
            try (var archived = Files.walk(d.appliance.home.archiveDir()); var rejected = Files.walk(
                    d.appliance.home.rejectedDir()); var processing = Files.list(d.appliance.home.processingDir());
                    var inbox = Files.list(d.inbox())) {
                assertEquals(good + 2 * pairs, archived.filter(p -> p.getFileName().toString().startsWith("src-")
                        || p.getFileName().toString().startsWith("pair-")).count());
                assertEquals(100, rejected.filter(p -> p.getFileName().toString().matches(
                        "(held|empty|binary|unknown)-\\d+\\.(csv|dat)")).count());
                assertEquals(0, processing.count(), "every original was filed");
                assertEquals(0, inbox.count());
            }
            d.await(Duration.ofSeconds(30), () -> {
                try {
                    return PolicySnapshot.open(d.appliance.home.currentSnapshot()).info().entries() == good + pairs;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aSecondVersionOfASourceRemovesTheEntriesItDroppedAndIsPublished() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            land(d.inbox(), "partner-2026-11-01.csv", policy("blocked,ip,192.0.2.1,", "blocked,ip,192.0.2.2,"));
            d.awaitFinished(1, Duration.ofSeconds(60));
            land(d.inbox(), "partner-2026-11-02.csv", policy("blocked,ip,192.0.2.2,", "blocked,ip,192.0.2.3,"));
            d.awaitFinished(2, Duration.ofSeconds(60));

            List<String> values = new ArrayList<>();
            new EntryStore(d.appliance.database).forEachLiveEntry(e -> values.add(e.source() + " " + e.value()));
            values.sort(null);
            assertEquals(List.of("partner.csv 192.0.2.2", "partner.csv 192.0.2.3"), values);
            ImportRun second = d.imports().get(0);
            assertEquals(1, second.counts().added());
            assertEquals(1, second.counts().removed());
            assertEquals(1, second.counts().unchanged());
            d.await(Duration.ofSeconds(30), () -> {
                try {
                    PolicySnapshot s = PolicySnapshot.open(d.appliance.home.currentSnapshot());
                    return s.lookup("192.0.2.1", null, Mode.STANDARD).step() == Step.NONE
                            && s.lookup("192.0.2.3", null, Mode.STANDARD).step() == Step.BLOCKED_IP;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(Files.isDirectory(d.appliance.home.snapshotsDir().resolve("versions")));
        }
    }

    @Test
    void aScheduleMissedWhileTheDaemonWasDownRunsOnceOnStart() throws Exception {
        Path home = dir.resolve("home");
        // An hourly publish last ran five hours ago: five runs were missed, one is due.
        try (RunningDaemon first = RunningDaemon.start(home)) {
            assertTrue(new ScheduleStore(first.appliance.database).claimRun("publish", null,
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(5)));
        }
        try (RunningDaemon d = RunningDaemon.start(home, "schedule.publish.cron=0 * * * *")) {
            d.await(Duration.ofSeconds(60), () -> d.log().contains("published") && d.log().contains("(schedule)"));
            Thread.sleep(1000); // give a wrongly repeated run the chance to happen
            assertEquals(1, d.log().split("\\(schedule\\)", -1).length - 1, d.log());
            OffsetDateTime last = new ScheduleStore(d.appliance.database).lastRun("publish");
            assertTrue(last.isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5)), "the run was recorded");
        }
    }

    @Test
    void thePullScheduleCopiesNewAndChangedFilesIntoTheInboxOnce() throws Exception {
        Path pull = Files.createDirectories(dir.resolve("outgoing"));
        Path file = pull.resolve("partner.csv");
        Files.writeString(file, policy("blocked,ip,192.0.2.50,"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        Path home = dir.resolve("home");
        try (RunningDaemon first = RunningDaemon.start(home)) {
            assertTrue(new ScheduleStore(first.appliance.database).claimRun("pull", null,
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));
        }
        try (RunningDaemon d = RunningDaemon.start(home, "schedule.pull.cron=* * * * *",
                "schedule.pull.from=" + pull.toString().replace("\\", "/"))) {
            d.awaitFinished(1, Duration.ofSeconds(60));
            ImportRun run = d.imports().get(0);
            assertEquals(ImportState.ACCEPTED, run.state(), run.message());
            assertEquals("pull", run.origin());
            assertTrue(Files.exists(file), "the pull folder is never changed");
            assertFalse(d.log().contains("WARNING"), d.log());
        }
    }
}
