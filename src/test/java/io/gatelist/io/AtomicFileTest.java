package io.gatelist.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a file: a reader sees the old file or the whole new one, and a failure leaves nothing behind. */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aContentThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("table.cidr");
        Files.writeString(target, "old\n");
        IOException failure = new IOException("the exporter gave up");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.writeText(target,
                AtomicFile.Access.SHARED, out -> {
                    out.write("half of the new ".repeat(10_000));
                    out.flush();
                    throw failure;
                }));
        assertSame(failure, thrown, "the content's own exception, unchanged");
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of("table.cidr"), names(dir));
    }

    @Test
    void aRenameThatFailsLeavesTheTargetAndNoTemporaryFile() throws Exception {
        Path target = Files.createDirectories(dir.resolve("in-the-way"));
        Files.writeString(target.resolve("inside"), "kept\n");
        assertThrows(IOException.class, () -> AtomicFile.writeText(target, AtomicFile.Access.SHARED,
                out -> out.write("new\n")));
        assertEquals("kept\n", Files.readString(target.resolve("inside")));
        assertEquals(List.of("in-the-way"), names(dir));
    }

    @Test
    void aReplacementAbandonedBeforeItsCommitLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("gatelist.bin");
        Files.writeString(target, "installed\n");
        Path temp;
        try (AtomicFile.Pending pending = AtomicFile.begin(target, AtomicFile.Access.SHARED, ".download")) {
            temp = pending.path();
            assertEquals(dir, temp.getParent(), "beside the target: a rename is atomic within one file system");
            assertTrue(temp.getFileName().toString().startsWith(".gatelist.bin."), temp.toString());
            assertTrue(temp.getFileName().toString().endsWith(".download"), temp.toString());
            Files.writeString(temp, "a download that failed its checks\n");
        }
        assertFalse(Files.exists(temp));
        assertEquals("installed\n", Files.readString(target));
        assertEquals(List.of("gatelist.bin"), names(dir));
    }

    @Test
    void aCommittedReplacementIsTheTargetAndLeavesNothingElse() throws Exception {
        Path target = dir.resolve("deeper").resolve("gatelist.bin");
        try (AtomicFile.Pending pending = AtomicFile.begin(target, AtomicFile.Access.SHARED)) {
            Files.writeString(pending.path(), "new\n");
            pending.commit();
            assertThrows(IllegalStateException.class, pending::commit);
        }
        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of("gatelist.bin"), names(target.getParent()));
    }

    @Test
    void aMissingDirectoryThatCannotBeMadeFailsWithNothingWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(IOException.class, () -> AtomicFile.writeText(file.resolve("below-a-file"),
                AtomicFile.Access.SHARED, out -> out.write("new\n")));
        assertEquals(List.of("a-file"), names(dir));
    }

    @Test
    void thePermissionsAreTheOnesChosenWhateverTheOldFileHad() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path shared = Files.writeString(dir.resolve("export.txt"), "old\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.writeText(shared, AtomicFile.Access.SHARED, out -> out.write("new\n"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));

        Path owner = Files.writeString(dir.resolve("report.json"), "old\n");
        Files.setPosixFilePermissions(owner, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile.write(owner, AtomicFile.Access.OWNER, out -> out.write(1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(owner)));

        try (AtomicFile.Pending pending = AtomicFile.begin(dir.resolve("download.bin"), AtomicFile.Access.SHARED)) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pending.path())),
                    "the temporary file has its final permissions from the start");
        }
    }

    @Test
    void theContentMayCloseItsStream() throws Exception {
        Path target = dir.resolve("report.json");
        AtomicFile.writeText(target, AtomicFile.Access.OWNER, out -> {
            out.write("{}\n");
            out.close(); // as a JSON generator does when it is closed
        });
        assertEquals("{}\n", Files.readString(target));
    }

    /**
     * A writer replaces the file over and over with contents of changing length, each written in many small pieces;
     * a reader reads it all the while. Every read is one whole version: its first line says how many lines follow,
     * and they are all there, each naming the version. Written in place, a read would meet a file cut short.
     */
    @Test
    void aReaderNeverSeesAHalfFile() throws Exception {
        Path target = dir.resolve("current.txt");
        AtomicFile.writeText(target, AtomicFile.Access.SHARED, out -> version(out, 0));
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && bad.get() == null) {
                try {
                    String problem = checkWhole(Files.readString(target, StandardCharsets.UTF_8));
                    if (problem != null) {
                        bad.set(problem);
                    }
                    reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                    bad.set("the file was missing for a moment");
                } catch (IOException e) {
                    bad.set(e.toString());
                }
            }
        }, "reader");
        reader.start();
        try {
            for (int v = 1; v <= 100 && bad.get() == null; v++) {
                int version = v;
                AtomicFile.writeText(target, AtomicFile.Access.SHARED, out -> version(out, version));
            }
            // Bounded wait for the reader to have read while versions changed: a read per version is not promised.
            for (int i = 0; i < 1000 && reads.get() < 20 && bad.get() == null; i++) {
                Thread.sleep(5);
            }
        } finally {
            done.set(true);
            reader.join(30_000);
        }
        assertEquals(null, bad.get());
        assertTrue(reads.get() > 0, "the reader read");
        assertEquals(null, checkWhole(Files.readString(target)));
        assertEquals(List.of("current.txt"), names(dir));
    }

    /** Version {@code v}: a line with the count, then that many lines naming the version, flushed piece by piece. */
    private static void version(java.io.Writer out, int v) throws IOException {
        int lines = 200 + (v * 7919) % 800;
        out.write(lines + "\n");
        for (int i = 0; i < lines; i++) {
            out.write("version " + v + " line " + i + "\n");
            if (i % 50 == 0) {
                out.flush();
                Thread.yield();
            }
        }
    }

    /** {@code null} when {@code text} is one whole version, else what is wrong with it. */
    private static String checkWhole(String text) {
        if (text.isEmpty()) {
            return "an empty file";
        }
        String[] lines = text.split("\n", -1);
        int expected;
        try {
            expected = Integer.parseInt(lines[0]);
        } catch (NumberFormatException e) {
            return "a first line of " + lines[0];
        }
        if (lines.length != expected + 2 || !lines[lines.length - 1].isEmpty()) {
            return "a file of " + (lines.length - 1) + " lines, its first line says " + expected + " follow";
        }
        String version = lines[1].substring(0, lines[1].indexOf(" line "));
        for (int i = 1; i <= expected; i++) {
            if (!lines[i].equals(version + " line " + (i - 1))) {
                return "line " + (i + 1) + " is " + lines[i] + " in " + version;
            }
        }
        return null;
    }

    private static List<String> names(Path directory) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
