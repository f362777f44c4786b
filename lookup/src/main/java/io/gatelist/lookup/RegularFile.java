package io.gatelist.lookup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Opens snapshot files for reading only when they are regular files. Opening a FIFO blocks until something writes
 * to it, and a device or directory is never a snapshot: whatever is at the path is examined without following a
 * link first (a link may name a regular file, as a path given on a command line may), and the file opened must be
 * the one examined. A file renamed over the path in between (a publisher's rename) is examined and opened again.
 */
final class RegularFile {

    /** Opens tried while renames keep replacing the file: a publisher renames once per snapshot, not in a loop. */
    private static final int ATTEMPTS = 3;

    private RegularFile() {
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws java.nio.file.NoSuchFileException when nothing is there
     * @throws FileSystemException               when it is a directory, a FIFO, a socket or a device (the reason
     *                                           says which), or when it kept changing while it was being opened
     */
    static FileChannel open(Path file) throws IOException {
        for (int attempt = 1; ; attempt++) {
            BasicFileAttributes examined = examine(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                BasicFileAttributes opened = Files.readAttributes(file, BasicFileAttributes.class);
                if (opened.isRegularFile() && Objects.equals(examined.fileKey(), opened.fileKey())) {
                    return channel;
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
            if (attempt == ATTEMPTS) {
                throw new FileSystemException(file.toString(), null, "kept changing while it was being opened");
            }
        }
    }

    /** The attributes of the regular file at {@code file}, or of the regular file its link names. */
    private static BasicFileAttributes examine(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                a = Files.readAttributes(file, BasicFileAttributes.class);
            }
        } catch (NoSuchFileException e) {
            // The JDK's message is the path alone; say what is wrong, once.
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, a.isDirectory()
                    ? "is a directory, not a snapshot file"
                    : "is not a regular file (a FIFO, socket or device), so it is not read");
        }
        return a;
    }
}
