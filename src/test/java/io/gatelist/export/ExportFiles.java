package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code gatelist export} as a real process, as an operator would. */
final class ExportFiles {

    private ExportFiles() {
    }

    /**
     * Publishes the lists' snapshot and exports it in {@code format} to {@code out}, with the options given
     * (e.g. {@code --public-text}); returns {@code out}.
     */
    static Path export(Path dir, RandomLists lists, String format, Path out, String... options) throws Exception {
        Path snapshot = dir.resolve("snapshot.bin");
        Files.write(snapshot, lists.image);
        List<String> args = new ArrayList<>(List.of("export", "--snapshot", snapshot.toString(), "--format", format,
                "--out", out.toString()));
        args.addAll(List.of(options));
        CliProcess.Result r = CliProcess.run(dir, null, args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return out;
    }
}
