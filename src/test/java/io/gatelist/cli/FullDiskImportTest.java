package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up under an import, for real: the home lives on a small tmpfs mounted for the test (which
 * needs root; where mounting is not permitted the test is skipped, and says so). The import fails while the
 * database can still record it (FAILED, "no space left on device", a resume hint) instead of meeting the full disk
 * mid-write and staying VALIDATING, and once there is room again it resumes to exact totals.
 */
class FullDiskImportTest {

    private static final int ROWS = 300_000;

    @TempDir
    Path dir;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        String output = command("mount", "-t", "tmpfs", "-o", "size=100m", "tmpfs", disk.toString());
        mounted = output == null;
        Assumptions.assumeTrue(mounted, "SKIPPED: mounting a tmpfs is not permitted here, so a full disk cannot be "
                + "made for real: " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && command("umount", disk.toString()) != null) {
            command("umount", "-l", disk.toString()); // a process that has not let go yet: detach it
        }
    }

    @Test
    void aDiskThatFillsUpFailsTheImportResumablyAndSaysSo() throws Exception {
        Path home = disk.resolve("home");
        Path file = badRows(dir.resolve("typos.csv"));
        CliProcess.Result full = CliProcess.run(dir, null, "--home", home.toString(), "import", file.toString());
        assertEquals(1, full.exit(), full.out() + full.err());
        List<String> said = full.err().lines().filter(l -> l.startsWith("gatelist: ")).toList();
        assertEquals(1, said.size(), full.err());
        assertTrue(said.get(0).contains("failed: step validate-rows failed: no space left on device: " + home
                + " has "), said.get(0));
        assertTrue(said.get(0).endsWith("resume with: gatelist resume 1"), said.get(0));
        try (Database db = Database.open(ApplianceHome.open(home))) {
            assertEquals(List.of("FAILED"), db.withConnection(c -> Jdbc.query(c, "SELECT state FROM import_run",
                    rs -> rs.getString(1))), "recorded while there was room: not left VALIDATING");
        }

        assertEquals(null, command("mount", "-o", "remount,size=400m", disk.toString()));
        CliProcess.Result resumed = CliProcess.run(dir, null, "--home", home.toString(), "resume");
        assertEquals(4, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("rows read 300000, accepted 0, rejected 300000; nothing applied"),
                resumed.out());
        try (var lines = Files.lines(home.resolve("reports").resolve("1").resolve("findings.jsonl"))) {
            assertEquals(ROWS, lines.count());
        }
    }

    @Test
    void aFileThatWouldFillTheDiskIsRefusedBeforeItIsCopied() throws Exception {
        Path home = Files.createDirectories(disk.resolve("home"));
        Files.writeString(home.resolve("gatelist.properties"), "import.reserve-mb=90\n");
        Path file = badRows(dir.resolve("typos.csv"));
        CliProcess.Result refused = CliProcess.run(dir, null, "--home", home.toString(), "import", file.toString());
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("gatelist: cannot import " + file + ": no space left on device: " + home
                + " has "), refused.err());
        assertTrue(refused.err().contains("an import keeps 90 MB free (import.reserve-mb in gatelist.properties)"),
                refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        try (Database db = Database.open(ApplianceHome.open(home))) {
            assertEquals(0L, (long) db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_run")));
        }
        try (var left = Files.list(home.resolve("imports"))) {
            assertEquals(0, left.count(), "no copy, no temporary file");
        }
    }

    private static Path badRows(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("approved,ip,10." + ((i >>> 16) & 0xFF) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF)
                        + "999,partner " + i + "\n");
            }
        }
        return file;
    }

    /** Runs a system command; {@code null} when it succeeded, else what it printed. */
    private static String command(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
