package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ScheduleStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever can write the inbox (or the pull folder) can put there more than regular files: a symbolic link to a file
 * only the appliance may read, a named pipe that blocks whoever opens it, a device; and names and contents made of
 * control sequences. None of them is followed, opened or echoed raw.
 */
class InboxHostileFilesTest {

    private static final String SECRET = "root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash";

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

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command));
    }

    private static List<ImportRun> byId(RunningDaemon d) {
        List<ImportRun> runs = new ArrayList<>(d.imports());
        runs.sort(Comparator.comparingLong(ImportRun::id));
        return runs;
    }

    private static List<String> live(RunningDaemon d) {
        List<String> values = new ArrayList<>();
        new EntryStore(d.appliance.database).forEachLiveEntry(e -> values.add(e.source() + " " + e.value()));
        values.sort(null);
        return values;
    }

    /** True when {@code text} holds a character a terminal would act on, other than the line ends between lines. */
    static boolean raw(String text) {
        for (String line : text.split("\n", -1)) {
            for (char c : line.toCharArray()) {
                if (TerminalText.unsafe(c)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aSymbolicLinkIsRefusedNeverFollowedAndMovedAsideAsItIs() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET + "\nbin:x:1:1::/:/sbin/nologin\n");
        Path outside = Files.writeString(dir.resolve("outside.csv"), policy("approved,ip,192.0.2.66,"));
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            Files.createSymbolicLink(d.inbox().resolve("hosts.txt"), secret);
            Files.createSymbolicLink(d.inbox().resolve("partner.csv"), outside);
            Files.createSymbolicLink(d.inbox().resolve("folder.csv"), dir);
            d.awaitFinished(3, Duration.ofSeconds(60));
            land(d.inbox(), "good.csv", policy("blocked,ip,192.0.2.1,"));
            d.awaitFinished(4, Duration.ofSeconds(60));

            List<ImportRun> runs = byId(d);
            for (ImportRun r : runs.subList(0, 3)) {
                assertEquals(ImportState.REJECTED, r.state(), r.message());
                assertTrue(r.message().startsWith("refused: a symbolic link (to "), r.message());
                assertEquals(0, r.counts().read());
                d.await(Duration.ofSeconds(30), () -> Files.exists(d.appliance.home.rejectedDir()
                        .resolve(Long.toString(r.id())).resolve("OUTCOME.txt")));
                Path filed = d.appliance.home.rejectedDir().resolve(Long.toString(r.id())).resolve(r.fileName());
                assertTrue(Files.isSymbolicLink(filed), "the link itself is moved aside: " + filed);
                String outcome = Files.readString(filed.resolveSibling("OUTCOME.txt"));
                assertTrue(outcome.startsWith("REJECTED: refused: a symbolic link"), outcome);
                assertFalse(outcome.contains("SECRET"), outcome);
            }
            assertEquals(ImportState.ACCEPTED, runs.get(3).state(), runs.get(3).message());
            assertEquals(List.of("good.csv 192.0.2.1"), live(d), "nothing through a link became live");
            assertFalse(d.log().contains("SECRET"), d.log());
            assertTrue(Files.readString(secret).startsWith(SECRET), "the link's target is untouched");
            assertTrue(Files.exists(outside));
        }
    }

    @Test
    void aFileNamedLikeAReportIsFiledBesideItsReportsNeverOverwrittenByThem() throws Exception {
        String original = policy("blocked,ip,192.0.2.7,");
        String held = policy("blocked,ip,192.0.2.999,");
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            land(d.inbox(), "report.json", original);
            d.awaitFinished(1, Duration.ofSeconds(60));
            land(d.inbox(), "OUTCOME.txt", held);
            d.awaitFinished(2, Duration.ofSeconds(60));

            d.await(Duration.ofSeconds(30), () -> byId(d).stream().allMatch(r -> !r.storedPath().startsWith(
                    d.appliance.home.processingDir())));
            List<ImportRun> runs = byId(d);
            assertEquals(ImportState.ACCEPTED, runs.get(0).state(), runs.get(0).message());
            Path archived = runs.get(0).storedPath();
            assertEquals("original-report.json", archived.getFileName().toString());
            assertEquals(original, Files.readString(archived), "the original, byte for byte");
            assertTrue(Files.readString(archived.resolveSibling("report.json")).contains("\"importId\""),
                    "the report beside it");

            assertEquals(ImportState.REJECTED, runs.get(1).state(), runs.get(1).message());
            Path rejected = runs.get(1).storedPath();
            assertEquals("original-OUTCOME.txt", rejected.getFileName().toString());
            assertEquals(held, Files.readString(rejected));
            assertTrue(Files.readString(rejected.resolveSibling("OUTCOME.txt")).startsWith("REJECTED: "));
        }
    }

    @Test
    void aNamedPipeOrADeviceIsRefusedAndNeverBlocksTheDaemon() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            run("mkfifo", d.inbox().resolve("pipe.csv").toString());
            int refused = 1;
            try {
                run("mknod", d.inbox().resolve("device.csv").toString(), "c", "1", "3"); // /dev/null's numbers
                refused++;
            } catch (AssertionError e) {
                // not allowed to make device nodes here (not root): the pipe is the case that matters
            }
            d.awaitFinished(refused, Duration.ofSeconds(60));
            land(d.inbox(), "good.csv", policy("blocked,ip,192.0.2.1,"));
            d.awaitFinished(refused + 1, Duration.ofSeconds(60));

            List<ImportRun> runs = byId(d);
            List<String> reasons = new ArrayList<>();
            for (ImportRun r : runs.subList(0, refused)) {
                assertEquals(ImportState.REJECTED, r.state(), r.message());
                reasons.add(r.fileName() + ": " + r.message());
            }
            assertTrue(reasons.contains("pipe.csv: refused: a named pipe (FIFO); the inbox takes regular files only "
                    + "and never follows a link"), reasons.toString());
            if (refused == 2) {
                assertTrue(reasons.contains("device.csv: refused: a character device; the inbox takes regular files "
                        + "only and never follows a link"), reasons.toString());
            }
            assertEquals(ImportState.ACCEPTED, runs.get(refused).state(), runs.get(refused).message());
            assertEquals(List.of("good.csv 192.0.2.1"), live(d));
        }
    }

    @Test
    void aNamedPipeAsTheDoneMarkerDoesNotBlockTheDaemon() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            Files.writeString(d.inbox().resolve(".partner.csv.part"), policy("blocked,ip,192.0.2.1,"));
            run("mkfifo", d.inbox().resolve("partner.csv.done").toString());
            Files.move(d.inbox().resolve(".partner.csv.part"), d.inbox().resolve("partner.csv"),
                    StandardCopyOption.ATOMIC_MOVE);
            d.awaitFinished(1, Duration.ofSeconds(60));
            land(d.inbox(), "second.csv", policy("blocked,ip,192.0.2.2,"));
            d.awaitFinished(2, Duration.ofSeconds(60));
            List<ImportRun> runs = byId(d);
            assertEquals(ImportState.ACCEPTED, runs.get(0).state(), runs.get(0).message());
            assertEquals("inbox", runs.get(0).origin(), "a pipe is not read as the puller's marker");
            assertEquals(ImportState.ACCEPTED, runs.get(1).state(), runs.get(1).message());
        }
    }

    @Test
    void thePullScheduleCopiesRegularFilesOnlyAndNeverFollowsALinkNorOpensAPipe() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET + "\n");
        Path pull = Files.createDirectories(dir.resolve("outgoing"));
        Path file = Files.writeString(pull.resolve("partner.csv"), policy("blocked,ip,192.0.2.50,"));
        Files.createSymbolicLink(pull.resolve("hosts.txt"), secret);
        run("mkfifo", pull.resolve("pipe.csv").toString());
        for (Path p : List.of(file)) {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        }
        Path home = dir.resolve("home");
        try (RunningDaemon first = RunningDaemon.start(home)) {
            assertTrue(new ScheduleStore(first.appliance.database).claimRun("pull", null,
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));
        }
        try (RunningDaemon d = RunningDaemon.start(home, "schedule.pull.cron=* * * * *",
                "schedule.pull.from=" + pull.toString().replace("\\", "/"))) {
            d.awaitFinished(1, Duration.ofSeconds(60));
            d.await(Duration.ofSeconds(30), () -> d.log().contains("not pulled"));
            List<ImportRun> runs = byId(d);
            assertEquals(1, runs.size(), runs.toString());
            assertEquals(ImportState.ACCEPTED, runs.get(0).state(), runs.get(0).message());
            assertEquals("pull", runs.get(0).origin());
            String log = d.log();
            assertTrue(log.contains("hosts.txt (a symbolic link (to " + secret + "))"), log);
            assertTrue(log.contains("pipe.csv (a named pipe (FIFO))"), log);
            assertFalse(log.contains("SECRET"), log);
            try (var inbox = Files.list(d.inbox())) {
                assertEquals(List.of(), inbox.toList(), "nothing but the regular file was copied");
            }
        }
    }

    /**
     * A name made of an escape sequence and a line end, and a file whose first line sets the terminal's title: the
     * log, OUTCOME.txt and the {@code imports} and {@code report} commands show them escaped, one line each.
     */
    @Test
    void controlCharactersInANameOrAFileReachNoLogOrTerminalRaw() throws Exception {
        String name = "evil\u001b[31m\n2026-12-08T00:00:00Z import 99 forged.csv: ACCEPTED.csv";
        Path home = dir.resolve("home");
        long id;
        try (RunningDaemon d = RunningDaemon.start(home)) {
            land(d.inbox(), name, "\u001b]0;owned\u0007\u202eabc,def\n1,2\n");
            d.awaitFinished(1, Duration.ofSeconds(60));
            ImportRun run = d.imports().get(0);
            id = run.id();
            assertEquals(ImportState.REJECTED, run.state(), run.message());
            assertEquals(name, run.fileName(), "stored as it was: only what is written for people is escaped");
            d.await(Duration.ofSeconds(30), () -> Files.exists(home.resolve("rejected").resolve(Long.toString(id))
                    .resolve("OUTCOME.txt")));
            String log = d.log();
            assertFalse(raw(log), log);
            assertFalse(log.lines().anyMatch(l -> l.startsWith("2026-12-08T00:00:00Z")), "no forged line: " + log);
            assertTrue(log.contains("evil\\x1b[31m\\n2026-12-08T00:00:00Z import 99"), log);
            String outcome = Files.readString(home.resolve("rejected").resolve(Long.toString(id))
                    .resolve("OUTCOME.txt"));
            assertFalse(raw(outcome), outcome);
            assertEquals(1, outcome.lines().count(), outcome);
            assertTrue(outcome.contains("\\x1b]0;owned\\x07\\u202eabc,def"), outcome);
        }
        for (String[] command : List.of(new String[] {"imports"}, new String[] {"report", Long.toString(id)})) {
            String[] args = new String[command.length + 2];
            args[0] = "--home";
            args[1] = home.toString();
            System.arraycopy(command, 0, args, 2, command.length);
            CliProcess.Result r = CliProcess.run(dir, null, args);
            assertEquals(0, r.exit(), r.err());
            assertFalse(raw(r.out()), r.out());
            assertTrue(r.out().contains("evil\\x1b[31m\\n2026-12-08T00:00:00Z"), r.out());
        }
    }
}
