package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs {@code gatelist export} as a real process, as an operator would. */
final class ExportFiles {

    private ExportFiles() {
    }

    /** Publishes the lists' snapshot and exports it in {@code format} to {@code out}; returns {@code out}. */
    static Path export(Path dir, RandomLists lists, String format, Path out) throws Exception {
        Path snapshot = dir.resolve("snapshot.bin");
        Files.write(snapshot, lists.image);
        CliProcess.Result r = CliProcess.run(dir, null, "export", "--snapshot", snapshot.toString(), "--format",
                format, "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        return out;
    }
}
