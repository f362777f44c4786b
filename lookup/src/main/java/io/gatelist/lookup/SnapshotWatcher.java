package io.gatelist.lookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a published snapshot file and swaps to each new version atomically.
 *
 * <p>Callers take {@link #current()} for each lookup (or batch of lookups); a lookup in flight keeps using the
 * snapshot it took, so a swap never disturbs it. A new file that fails validation is refused, reported to the
 * listener once, and the previous snapshot keeps serving. The file must be published by renaming a complete
 * file over the old name (as Gatelist does); the old mapping stays valid because it belongs to the old inode.
 * Only a regular file is ever opened: a directory or FIFO put at the path is refused in the same way, without
 * blocking the watcher, and the next valid file renamed over it is loaded.
 */
public final class SnapshotWatcher implements AutoCloseable {

    /** Hears about swaps and refusals; both methods run on the watcher's thread. */
    public interface Listener {
        /** A new snapshot was validated and is now current. */
        default void loaded(PolicySnapshot snapshot) {
        }

        /** A changed file was refused; the previous snapshot keeps serving. */
        default void refused(Path file, IOException reason) {
        }
    }

    private final Path file;
    private final PolicySnapshot.FileMode mode;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private volatile PolicySnapshot current;
    private Object lastSeen;

    private SnapshotWatcher(Path file, PolicySnapshot.FileMode mode, Listener listener, PolicySnapshot first,
            Object seen) {
        this.file = file;
        this.mode = mode;
        this.listener = listener;
        this.current = first;
        this.lastSeen = seen;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatelist-snapshot-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens {@code file} and polls it every {@code interval} for a new version.
     *
     * @throws IOException when the first snapshot cannot be opened: a watcher always has a valid snapshot
     */
    public static SnapshotWatcher start(Path file, Duration interval, Listener listener) throws IOException {
        return start(file, interval, PolicySnapshot.FileMode.MEMORY_MAPPED, listener);
    }

    /** As {@link #start(Path, Duration, Listener)}, holding each snapshot as {@code mode} says. */
    public static SnapshotWatcher start(Path file, Duration interval, PolicySnapshot.FileMode mode,
            Listener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        Object seen = identity(file);
        PolicySnapshot first = PolicySnapshot.open(file, mode);
        SnapshotWatcher watcher = new SnapshotWatcher(file, mode, listener, first, seen);
        long millis = Math.max(1, interval.toMillis());
        watcher.timer.scheduleWithFixedDelay(watcher::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** The snapshot to use now. Never {@code null}. */
    public PolicySnapshot current() {
        return current;
    }

    /**
     * Checks the file now instead of waiting for the next poll.
     *
     * @return {@code true} when a new snapshot became current
     */
    public synchronized boolean checkNow() {
        Object seen;
        try {
            seen = identity(file);
        } catch (NoSuchFileException e) {
            return false; // between an unlink and a rename, or not yet republished: keep serving
        } catch (IOException e) {
            return false;
        }
        if (seen.equals(lastSeen)) {
            return false;
        }
        lastSeen = seen;
        PolicySnapshot next;
        try {
            next = PolicySnapshot.open(file, mode);
        } catch (IOException e) {
            listener.refused(file, e);
            return false;
        }
        SnapshotInfo now = current.info();
        if (next.info().checksum() == now.checksum() && next.info().revision() == now.revision()
                && next.info().created().equals(now.created())) {
            return false;
        }
        current = next;
        listener.loaded(next);
        return true;
    }

    private void pollQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // A listener's failure must not stop the polling thread.
        }
    }

    private static Object identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
    }

    /** Stops polling. Snapshots already handed out stay usable. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
