package io.gatelist.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader only ever sees the old file or the whole new one, also after a crash: the new
 * content goes to a temporary file in the target's directory (a rename is atomic only within one file system) that
 * has the permissions chosen for the target from the start; it is forced to disk, renamed over the target in one
 * step, and the directory forced, so that the rename survives a power loss too. A reader that opened or mapped the old file keeps reading it (the old
 * inode), and nothing is ever rewritten in place. However a write ends short of the rename (an exception, a full
 * disk), the target is as it was and the temporary file is gone.
 *
 * <p>The temporary file's name starts with a dot and the target's name, and is unique, so that several writers
 * sharing a directory (nodes sharing a home) never write into each other's file, and an inbox or a directory
 * listing passes it over.
 */
public final class AtomicFile {

    /** Who may read the file once it is in place; set explicitly, whatever the process's umask. */
    public enum Access {
        /**
         * {@code rw-r--r--}: read by other processes under other users: an export that Postfix, rbldnsd or nft
         * loads, a snapshot that a mail server's lookup maps.
         */
        SHARED("rw-r--r--"),
        /** {@code rw-------}: the appliance's own, such as reports, which quote the rows of imported files. */
        OWNER("rw-------");

        private final String permissions;

        Access(String permissions) {
            this.permissions = permissions;
        }

        /** The permissions in {@code ls} form, e.g. {@code rw-r--r--}. */
        public String permissions() {
            return permissions;
        }
    }

    /** Writes the content as bytes. */
    @FunctionalInterface
    public interface Bytes {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the content as text, which is stored as UTF-8. */
    @FunctionalInterface
    public interface Text {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Replaces {@code target} with what {@code content} writes; the content may close the stream. */
    public static void write(Path target, Access access, Bytes content) throws IOException {
        try (Pending pending = begin(target, access)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(pending.path(),
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                content.writeTo(out);
            }
            pending.commit();
        }
    }

    /** Replaces {@code target} with the UTF-8 text {@code content} writes. */
    public static void writeText(Path target, Access access, Text content) throws IOException {
        write(target, access, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            content.writeTo(text);
            text.close(); // flushes; a no-op when the content closed it already (a JSON generator does)
        });
    }

    /**
     * Starts a replacement whose content is written by other means (a download, say) and may be checked before it
     * is committed: an empty temporary file named {@code .TARGET.<unique>.tmp} beside the target, with the
     * permissions of {@code access}. Close the result in every case: unless it was committed, that removes it.
     */
    public static Pending begin(Path target, Access access) throws IOException {
        return begin(target, access, ".tmp");
    }

    /**
     * As {@link #begin(Path, Access)}, the temporary file's name ending in {@code suffix} (such as
     * {@code .download}) rather than {@code .tmp}, so that a listing says what is under way.
     *
     * @throws IOException when the directory cannot be made or written (nothing is left behind)
     */
    public static Pending begin(Path target, Access access, String suffix) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", suffix);
        try {
            // Set rather than passed to createTempFile: the attribute given at creation is narrowed by the umask.
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(access.permissions()));
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
        return new Pending(target.toAbsolutePath(), directory, temp);
    }

    /**
     * A replacement under way: the temporary file that becomes the target on {@link #commit()}. Closing it removes
     * the temporary file unless it was committed.
     */
    public static final class Pending implements Closeable {
        private final Path target;
        private final Path directory;
        private final Path temp;
        private boolean committed;

        private Pending(Path target, Path directory, Path temp) {
            this.target = target;
            this.directory = directory;
            this.temp = temp;
        }

        /** The temporary file to write the content into; it exists, empty, when the replacement begins. */
        public Path path() {
            return temp;
        }

        /**
         * Forces the temporary file to disk, renames it over the target in one step and forces the directory. The
         * content must be complete and its streams closed.
         *
         * @throws IOException when any of it fails; the target is then as it was (close removes the temporary
         *                     file). A file system that cannot rename atomically is refused in words.
         */
        public void commit() throws IOException {
            if (committed) {
                throw new IllegalStateException(target + " is already committed");
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: the file system does not support "
                        + "atomic renames in " + directory, e);
            }
            committed = true;
            syncDirectory(directory);
        }

        /** Removes the temporary file, unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes a rename in {@code directory} durable (Linux); a platform that cannot open a directory skips it. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the rename itself is atomic all the same
        }
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
