package io.gatelist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes (FIFOs) made with the real {@code mkfifo}, for tests of what readers do when one is where a file was
 * expected: opening a FIFO for reading blocks until something writes to it. Where mkfifo is missing the test is
 * skipped and says so (see {@link Interop}).
 */
public final class Fifo {

    private Fifo() {
    }

    /** Makes a FIFO at {@code path}. */
    public static Path make(Path path) throws IOException, InterruptedException {
        Path mkfifo = Interop.require("mkfifo", "coreutils");
        Process p = new ProcessBuilder(mkfifo.toString(), path.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed: " + out);
        }
        return path;
    }

    /** Puts a FIFO at {@code target} by renaming one over it, as a publisher renames a new file into place. */
    public static void renameOver(Path target) throws IOException, InterruptedException {
        Path fifo = make(target.resolveSibling("." + target.getFileName() + ".fifo"));
        Files.move(fifo, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
