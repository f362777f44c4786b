package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.storage.StorageException;
import jakarta.batch.operations.BatchRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * One line in words for a failure: why an import, a job or the JVM failed ({@link FailureText#describe}), and what
 * ended a command ({@link FailureText#ofCommand}); each in its own words, escaped for a terminal.
 */
class FailureTextTest {

    private static final String FILE = "/home/imports/7/list\u001b[2J.csv";
    private static final String ESCAPED = "/home/imports/7/list\\x1b[2J.csv";

    /** A batch exception around a storage exception around a driver's, as a failed step holds them. */
    private static Throwable wrapped(Throwable innermost) {
        return new BatchRuntimeException("JBERET000000: step failed", new StorageException("storage failed")) {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable getCause() {
                return new IllegalStateException("in the middle", innermost);
            }
        };
    }

    @Test
    void aFailureIsSaidByTheCauseThatMattersWhateverWrapsIt() {
        assertEquals("out of memory (Java heap space)",
                FailureText.describe(wrapped(new OutOfMemoryError("Java heap space"))));
        assertEquals("no such file: " + ESCAPED, FailureText.describe(wrapped(new NoSuchFileException(FILE, null,
                "not a regular file"))));
        assertEquals("permission denied: " + ESCAPED, FailureText.describe(wrapped(new AccessDeniedException(FILE))));
        assertEquals("no space left on device (" + ESCAPED + ")", FailureText.describe(wrapped(
                new FileSystemException(FILE, null, "No space left on device"))));
        assertEquals("no space left on device", FailureText.describe(wrapped(new IOException(
                "write failed: No space left on device"))));
        assertEquals(ESCAPED + ": Read-only file system", FailureText.describe(wrapped(new FileSystemException(FILE,
                null, "Read-only file system"))));
        assertEquals("the driver\\nsaid so", FailureText.describe(wrapped(new SQLException("the driver\nsaid so "))));
        assertEquals("IllegalStateException", FailureText.describe(new IllegalStateException()));
        assertEquals("unknown cause", FailureText.describe(null));
    }

    @Test
    void theReserveThatKeepsADiskFromFillingIsSaidInItsOwnWords() throws Exception {
        IOException full = new DiskReserve.DiskFullException("no space left on device: /home has 1.0 MB free, and an "
                + "import keeps 64 MB free (import.reserve-mb in gatelist.properties) so that it can record how it ends");
        assertEquals(full.getMessage(), FailureText.describe(new UncheckedIOException(full.getMessage(), full)));
    }

    @Test
    void aCommandsErrorIsSaidByTheFirstExceptionWithWordsOfItsOwn() {
        assertEquals("cannot write the snapshot /x: cannot create a file in /proc (permission denied)",
                FailureText.ofCommand(new IOException("cannot write the snapshot /x: cannot create a file in /proc "
                        + "(permission denied)", new AccessDeniedException("/proc/.x.tmp"))));
        assertEquals("no such file or directory: " + ESCAPED, FailureText.ofCommand(new UncheckedIOException(
                new NoSuchFileException(FILE))));
        assertEquals("permission denied: /a -> /b", FailureText.ofCommand(new AccessDeniedException("/a", "/b",
                null)));
        assertEquals("read-only file system: /a", FailureText.ofCommand(new FileSystemException("/a", null,
                "Read-only file system")));
        assertEquals("connection refused (by 127.0.0.1:9)", FailureText.ofCommand(new ConnectException(
                "by 127.0.0.1:9")));
        assertEquals("connection refused", FailureText.ofCommand(new ConnectException("Connection refused")));
        assertEquals("unknown host nowhere.invalid", FailureText.ofCommand(new UnknownHostException("nowhere.invalid")));
        assertEquals("cannot reach the database: Connection is broken", FailureText.ofCommand(new StorageException(
                new SQLNonTransientConnectionException("Connection is broken [90067-232]"))));
        assertEquals("the database refused: Table \"X\" not found", FailureText.ofCommand(new StorageException(
                new SQLException("Table \"X\" not found; SQL statement:\nSELECT * FROM x [42102-232]", "42S02"))));
        assertEquals("no import with id 999 (gatelist imports lists them)", FailureText.ofCommand(
                new IllegalArgumentException("no import with id 999\n  (gatelist imports lists them)")));
        assertEquals("IllegalStateException", FailureText.ofCommand(new IllegalStateException()));
    }
}
