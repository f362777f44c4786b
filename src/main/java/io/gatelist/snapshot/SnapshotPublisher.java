package io.gatelist.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a snapshot image so that a reader never sees a partial file: write a temporary file in the same
 * directory, fsync it, rename it over the target atomically, then fsync the directory. Readers that mapped the
 * old file keep the old inode; the old file is never rewritten in place.
 */
public final class SnapshotPublisher {

    private SnapshotPublisher() {
    }

    /**
     * Writes {@code image} to {@code target} atomically.
     *
     * @throws IOException naming the target and what the file system refused
     */
    public static void publish(ByteBuffer image, Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write the snapshot " + target + ": cannot create a file in " + directory
                    + " (" + reason(e) + ")", e);
        }
        try {
            readableByAll(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer data = image.duplicate().position(0).limit(image.capacity());
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot publish " + target + " atomically: the file system does not support "
                        + "atomic renames in " + directory, e);
            } catch (IOException e) {
                throw new IOException("cannot write the snapshot " + target + ": cannot put it in place ("
                        + reason(e) + ")", e);
            }
            syncDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A temporary file is created readable by its owner only; a snapshot is read by other processes (a mail
     * server running as its own user), so it gets the permissions of an ordinary file: rw-r--r--.
     */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** What the file system refused, in words (its exceptions name the file, not the reason). */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " is in the way";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    private static void syncDirectory(Path directory) {
        // Makes the rename durable on Linux; some platforms cannot open a directory, which is harmless.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort
        }
    }
}
