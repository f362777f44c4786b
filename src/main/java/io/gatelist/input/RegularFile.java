package io.gatelist.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens files that arrive from outside (the inbox, the pull folder) as regular files only: never through a symbolic
 * link, never a named pipe, a device or a socket. Whoever can write the inbox could otherwise make the appliance read
 * any file it may read ({@code /etc/passwd} through a link) or wedge it (opening a FIFO waits for a writer).
 *
 * <p>A file is examined without following links ({@code lstat}), opened with {@code O_NOFOLLOW} only when it is a
 * regular file, and examined again once open: the open file must be the one examined (same file key, that is device
 * and inode). Java cannot open without blocking, so the open itself runs on a helper thread with a bounded wait: a
 * FIFO swapped in between the look and the open leaves that one thread waiting, never the caller.
 */
public final class RegularFile {

    /** How long an open may take: a regular file opens at once, even on a slow disk. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(10);

    /** The file type bits of {@code st_mode} and the types that are not regular files. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private static final ExecutorService OPENER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gatelist-open");
        t.setDaemon(true);
        return t;
    });

    /** A file that is not a regular file, or that changed between being examined and being opened. */
    public static final class NotRegularException extends FileSystemException {

        private static final long serialVersionUID = 1L;

        public NotRegularException(Path file, String reason) {
            super(file.toString(), null, reason);
        }
    }

    private RegularFile() {
    }

    /** The attributes of {@code file} itself: a link is examined, not followed. */
    public static BasicFileAttributes examine(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * What {@code file} is when it is not a regular file ("a symbolic link to /etc/hosts", "a named pipe (FIFO)",
     * ...), for a refusal's reason; {@code null} for a regular file.
     */
    public static String refusal(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            try {
                return "a symbolic link (to " + Files.readSymbolicLink(file) + ")";
            } catch (IOException | UnsupportedOperationException e) {
                return "a symbolic link";
            }
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
            switch (type) {
                case S_IFIFO:
                    return "a named pipe (FIFO)";
                case S_IFCHR:
                    return "a character device";
                case S_IFBLK:
                    return "a block device";
                case S_IFSOCK:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no unix view here: the general words below say enough
        }
        return "not a regular file";
    }

    /**
     * Opens {@code file} for reading when it is a regular file, without following a link.
     *
     * @throws NotRegularException when it is anything else, or was replaced while it was being opened
     */
    public static InputStream open(Path file) throws IOException {
        return open(file, examine(file));
    }

    /** {@link #open(Path)} for a file examined already: the file opened must be that one. */
    public static InputStream open(Path file, BasicFileAttributes examined) throws IOException {
        String refusal = refusal(file, examined);
        if (refusal != null) {
            throw new NotRegularException(file, refusal);
        }
        CompletableFuture<SeekableByteChannel> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, OPENER);
        SeekableByteChannel channel;
        try {
            channel = opening.get(OPEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            opening.thenAccept(RegularFile::closeQuietly); // should the open ever return
            throw new NotRegularException(file, "opening it did not finish within " + OPEN_WAIT.toSeconds()
                    + " s: replaced by a named pipe?");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            opening.thenAccept(RegularFile::closeQuietly);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while opening " + file);
        }
        BasicFileAttributes now;
        try {
            now = examine(file);
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
        if (!now.isRegularFile() || !Objects.equals(now.fileKey(), examined.fileKey())) {
            closeQuietly(channel);
            throw new NotRegularException(file, "replaced by another file while it was being opened");
        }
        return Channels.newInputStream(channel);
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }
}
