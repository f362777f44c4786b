package io.gatelist.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a file in the inbox counts as complete, and what is never opened. The rules take the time as an argument, so
 * "later" is a number here, not a wait.
 */
class LandingRulesTest {

    @TempDir
    Path inbox;

    private static final long HOUR = 3_600_000;

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void aFileHeldOpenForWritingByThisProcessIsNotTakenHoweverLongItRestsUnchanged() throws Exception {
        Path file = inbox.resolve("open.csv");
        LandingRules rules = new LandingRules(2, 2000);
        long now = System.currentTimeMillis();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("list,kind,value\n".getBytes());
            out.flush();
            for (int poll = 1; poll <= 5; poll++) {
                assertEquals(List.of(), rules.poll(inbox, now + poll * HOUR), "still open for writing");
            }
        }
        assertEquals(List.of(file), rules.poll(inbox, now + 6 * HOUR), "closed: taken");
    }

    @Test
    void aFileHeldOpenForWritingByAnotherProcessIsNotTaken() throws Exception {
        Path file = inbox.resolve("appending.csv");
        LandingRules rules = new LandingRules(2, 2000);
        long now = System.currentTimeMillis();
        // Opens the file for appending, writes a line and keeps it open until its standard input closes.
        Process writer = new ProcessBuilder("sh", "-c", "exec 3>>\"$0\"; echo 'list,kind,value' >&3; read _",
                file.toString()).start();
        try {
            while (!Files.exists(file) || Files.size(file) == 0) {
                assertTrue(writer.isAlive(), "the writer ended early");
                Thread.sleep(10);
            }
            for (int poll = 1; poll <= 5; poll++) {
                assertEquals(List.of(), rules.poll(inbox, now + poll * HOUR), "another process writes it");
            }
        } finally {
            writer.getOutputStream().close();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(file), rules.poll(inbox, now + 6 * HOUR));
    }

    @Test
    void aFileOpenOnlyForReadingIsTaken() throws Exception {
        Path file = Files.writeString(inbox.resolve("read.csv"), "list,kind,value\n");
        LandingRules rules = new LandingRules(2, 2000);
        long now = System.currentTimeMillis();
        try (var in = Files.newInputStream(file)) {
            rules.poll(inbox, now + HOUR);
            assertEquals(List.of(file), rules.poll(inbox, now + 2 * HOUR));
        }
    }

    /** A copy that keeps an old modification time does not look quiet while it grows. */
    @Test
    void theQuietTimeCountsFromTheLastChangeSeenNotFromAnOldModificationTime() throws Exception {
        Path file = Files.writeString(inbox.resolve("copied.csv"), "list,kind,value\n");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 10 * HOUR);
        Files.setLastModifiedTime(file, old);
        LandingRules rules = new LandingRules(2, 2000);
        long t = System.currentTimeMillis();
        assertEquals(List.of(), rules.poll(inbox, t));
        Files.writeString(file, "blocked,ip,192.0.2.1,\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, old);
        assertEquals(List.of(), rules.poll(inbox, t + 1000), "it changed at this poll");
        assertEquals(List.of(), rules.poll(inbox, t + 2000), "unchanged for 1 s of the 2 s");
        assertEquals(List.of(file), rules.poll(inbox, t + 3000), "unchanged for 2 s");
    }

    @Test
    @Timeout(30)
    void linksPipesAndDevicesAreReturnedAtOnceWithoutBeingOpenedAndFoldersAreLeftAlone() throws Exception {
        Path target = Files.writeString(inbox.getParent().resolve(inbox.getFileName() + "-target.csv"), "x\n");
        Path link = Files.createSymbolicLink(inbox.resolve("link.csv"), target);
        Path pipe = inbox.resolve("pipe.csv");
        mkfifo(pipe);
        Files.createDirectories(inbox.resolve("folder.csv"));
        Files.createSymbolicLink(inbox.resolve(".hidden-link.csv"), target);
        LandingRules rules = new LandingRules(2, 2000);
        assertEquals(List.of(link, pipe), rules.poll(inbox, System.currentTimeMillis()));

        BasicFileAttributes linkAttributes = RegularFile.examine(link);
        assertEquals("a symbolic link (to " + target + ")", RegularFile.refusal(link, linkAttributes));
        assertEquals("a named pipe (FIFO)", RegularFile.refusal(pipe, RegularFile.examine(pipe)));
        assertEquals("a directory", RegularFile.refusal(inbox.resolve("folder.csv"),
                RegularFile.examine(inbox.resolve("folder.csv"))));
        RegularFile.NotRegularException refusedPipe = assertThrows(RegularFile.NotRegularException.class,
                () -> RegularFile.open(pipe));
        assertEquals("a named pipe (FIFO)", refusedPipe.getReason());
        assertThrows(RegularFile.NotRegularException.class, () -> RegularFile.open(link));
    }

    /** The file opened must be the file examined: one put in its place meanwhile is not read. */
    @Test
    void aFileReplacedBetweenItsExaminationAndItsOpeningIsNotRead() throws Exception {
        Path file = Files.writeString(inbox.resolve("swapped.csv"), "first\n");
        BasicFileAttributes examined = RegularFile.examine(file);
        Path other = Files.writeString(inbox.resolve(".other"), "second\n");
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        RegularFile.NotRegularException e = assertThrows(RegularFile.NotRegularException.class,
                () -> RegularFile.open(file, examined));
        assertTrue(e.getReason().contains("replaced"), e.getReason());
        try (var in = RegularFile.open(file)) {
            assertEquals("second\n", new String(in.readAllBytes()));
        }
    }
}
