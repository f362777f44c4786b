package io.gatelist.snapshot;

import io.gatelist.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a snapshot image so that a reader never sees a partial file ({@link AtomicFile}): readers that mapped
 * the old file keep the old inode; the old file is never rewritten in place. A snapshot is read by other processes
 * (a mail server running as its own user), so it gets the permissions of an ordinary file: rw-r--r--.
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
        AtomicFile.Pending pending;
        try {
            pending = AtomicFile.begin(target, AtomicFile.Access.SHARED);
        } catch (IOException e) {
            throw new IOException("cannot write the snapshot " + target + ": cannot create a file in " + directory
                    + " (" + reason(e) + ")", e);
        }
        try (pending) {
            try (FileChannel channel = FileChannel.open(pending.path(), StandardOpenOption.WRITE)) {
                ByteBuffer data = image.duplicate().clear();
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            }
            try {
                pending.commit();
            } catch (IOException e) {
                if (e.getCause() instanceof AtomicMoveNotSupportedException) {
                    throw e; // says so in words already
                }
                throw new IOException("cannot write the snapshot " + target + ": cannot put it in place ("
                        + reason(e) + ")", e);
            }
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
}
