package io.gatelist.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An exclusive lock on a lock file, held across processes (an operating-system file lock, released when the
 * holder ends, however it ends) and across threads of one process (a file lock belongs to the whole JVM, so
 * threads queue on a lock of their own first). Taking it waits a bounded time, then gives up with a message.
 */
final class OpenLock implements AutoCloseable {

    /** How often a waiting taker tries the file lock again. */
    private static final long RETRY_MILLIS = 50;

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock inProcess;
    private final FileChannel channel;
    private final FileLock lock;

    private OpenLock(ReentrantLock inProcess, FileChannel channel, FileLock lock) {
        this.inProcess = inProcess;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} (created if missing), waiting at most {@code wait}; {@code notices} hears once
     * that the wait began.
     *
     * @param what what the holder does, for the messages ("opening or closing the database db/gatelist")
     * @throws StorageException when the wait ran out or the lock file cannot be used
     */
    static OpenLock acquire(Path file, Duration wait, String what, Consumer<String> notices) {
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(),
                f -> new ReentrantLock());
        boolean noticed = false;
        try {
            if (!inProcess.tryLock()) {
                notices.accept("waiting for another thread " + what);
                noticed = true;
                if (!inProcess.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw gaveUp(wait, what);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for another thread " + what);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new OpenLock(inProcess, channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    throw gaveUp(wait, what);
                }
                if (!noticed) {
                    notices.accept("waiting for another gatelist process " + what);
                    noticed = true;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            inProcess.unlock();
            throw new StorageException("cannot use the lock file " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            closeQuietly(channel);
            inProcess.unlock();
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for another gatelist process " + what);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            inProcess.unlock();
            throw e;
        }
    }

    private static StorageException gaveUp(Duration wait, String what) {
        return new StorageException("gave up after " + wait.toSeconds() + " s waiting for another gatelist process "
                + what + "; try again when it has finished (db.open-wait-seconds sets the wait)");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock, if any, goes with the channel
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel below
        } finally {
            closeQuietly(channel);
            inProcess.unlock();
        }
    }
}
