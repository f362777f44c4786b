package io.gatelist.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Held by the Gatelist process that holds an embedded H2 database and serves it to the others, for as long as it
 * does: an operating-system lock on a file beside the database, so that it goes with the process however the
 * process ends. The daemon, which must be the serving process, waits while another one holds it. The databases
 * opened on one file within one JVM share it (a file lock belongs to the whole JVM).
 */
final class ServingLock implements AutoCloseable {

    /** The locks this JVM holds, by file, with the number of holders. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, FileLock lock, int holders) {
    }

    private final Path file;
    private boolean closed;

    private ServingLock(Path file) {
        this.file = file;
    }

    /** Takes the lock on {@code file}, or returns {@code null} when another process holds it. */
    static ServingLock tryAcquire(Path file) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(key);
            if (held != null) {
                HELD.put(key, new Held(held.channel(), held.lock(), held.holders() + 1));
                return new ServingLock(key);
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return null;
                }
                HELD.put(key, new Held(channel, lock, 1));
                return new ServingLock(key);
            } catch (IOException e) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing was locked
                    }
                }
                throw new StorageException("cannot use the lock file " + key + ": " + e.getMessage());
            }
        }
    }

    /** Lets go of the lock; the last holder in this JVM releases the file. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(file);
            if (held.holders() > 1) {
                HELD.put(file, new Held(held.channel(), held.lock(), held.holders() - 1));
                return;
            }
            HELD.remove(file);
            try {
                held.channel().close(); // releases the lock with it
            } catch (IOException e) {
                // the process's lock goes with the channel, closed or not
            }
        }
    }
}
