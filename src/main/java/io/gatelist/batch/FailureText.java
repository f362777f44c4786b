package io.gatelist.batch;

import io.gatelist.report.TerminalText;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line that says in words why something failed, for a person: what the file system, the network or the
 * database refused, and which file or address, rather than an exception's class name or a driver's code. The line
 * is escaped for a terminal (file names and messages come from outside). Which exception of a cause chain says it
 * depends on the question:
 * <ul>
 * <li>{@link #describe}: why an import, a job or the JVM failed. Wrappers (a batch exception around a storage
 * exception around a driver's) add nothing a person can act on: the cause that matters anywhere in the chain (out
 * of memory, a full disk, a missing or unreadable file), else the innermost message.</li>
 * <li>{@link #ofCommand}: an exception that ended a command. Its thrower usually said what went wrong in words of
 * its own (the file, the import, what to do): the first exception of the chain that says more than its cause.</li>
 * </ul>
 */
public final class FailureText {

    /** Links of a cause chain looked at, against a chain that loops. */
    private static final int DEPTH = 32;

    private FailureText() {
    }

    /** Why {@code failure} (of an import, a job, the JVM) happened, in one line. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown cause";
        }
        int depth = 0;
        for (Throwable t = failure; t != null && depth < DEPTH; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError) {
                return "out of memory (" + TerminalText.escape(String.valueOf(t.getMessage())) + ")";
            }
            if (t instanceof DiskReserve.DiskFullException) {
                return TerminalText.escape(t.getMessage()); // says how much is free, and what to do
            }
        }
        Throwable innermost = failure;
        depth = 0;
        for (Throwable t = failure; t != null && depth < DEPTH; t = t.getCause(), depth++) {
            innermost = t;
            String message = String.valueOf(t.getMessage());
            if (message.toLowerCase(Locale.ROOT).contains("no space left on device")) {
                return "no space left on device" + where(t);
            }
            if (t instanceof NoSuchFileException f) {
                return "no such file: " + TerminalText.escape(f.getFile());
            }
            if (t instanceof AccessDeniedException f) {
                return "permission denied: " + TerminalText.escape(f.getFile());
            }
        }
        String message = innermost.getMessage();
        if (innermost instanceof FileSystemException f && f.getReason() != null) {
            return TerminalText.escape(f.getFile()) + ": " + TerminalText.escape(f.getReason());
        }
        return message == null || message.isBlank() ? innermost.getClass().getSimpleName()
                : TerminalText.escape(message.strip());
    }

    /** {@code e}, which ended a command, as one escaped line, without the "gatelist: " prefix. */
    public static String ofCommand(Throwable e) {
        String words = words(sayer(e));
        String oneLine = words.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
        return TerminalText.escape(oneLine.isEmpty() ? e.getClass().getSimpleName() : oneLine);
    }

    /** " (FILE)" when the exception names the file it was writing. */
    private static String where(Throwable t) {
        return t instanceof FileSystemException f && f.getFile() != null ? " (" + TerminalText.escape(f.getFile())
                + ")" : "";
    }

    /**
     * The exception that says what happened: wrappers that only carry their cause (a message that is the cause's
     * own {@code toString()} or message, or none; an {@link UncheckedIOException}) are looked through.
     */
    private static Throwable sayer(Throwable e) {
        Throwable t = e;
        int depth = 0;
        while (t.getCause() != null && t.getCause() != t && depth++ < DEPTH
                && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())
                        || t.getMessage().equals(t.getCause().getMessage()) || t instanceof UncheckedIOException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String words(Throwable t) {
        if (t instanceof NoSuchFileException f) {
            return file("no such file or directory", f);
        }
        if (t instanceof AccessDeniedException f) {
            return file("permission denied", f);
        }
        if (t instanceof FileAlreadyExistsException f) {
            return file("already exists", f);
        }
        if (t instanceof NotDirectoryException f) {
            return file("not a directory", f);
        }
        if (t instanceof DirectoryNotEmptyException f) {
            return file("directory not empty", f);
        }
        if (t instanceof FileSystemException f) {
            // the operating system's own words: "Read-only file system", "No space left on device", ...
            return file(f.getReason() == null ? "cannot use the file" : lowerFirst(f.getReason()), f);
        }
        if (t instanceof ConnectException) {
            return "connection refused" + detail(t);
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host" + detail(t);
        }
        if (t instanceof SocketTimeoutException) {
            return "timed out" + detail(t);
        }
        if (t instanceof SQLException sql) {
            return database(sql);
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static String database(SQLException e) {
        String message = withoutDriverCode(e.getMessage() == null ? "" : e.getMessage());
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
            return "cannot reach the database: " + message;
        }
        return "the database refused: " + message;
    }

    /**
     * The driver's message without the statement it quotes (shown with --debug) and the error code and version
     * that H2 appends ("… [90008-232]").
     */
    private static String withoutDriverCode(String message) {
        int statement = message.indexOf("; SQL statement:");
        String text = statement >= 0 ? message.substring(0, statement) : message;
        return text.replaceAll("\\s*\\[\\d+-\\d+]\\s*$", "");
    }

    private static String file(String what, FileSystemException f) {
        StringBuilder sb = new StringBuilder(what);
        if (f.getFile() != null) {
            sb.append(": ").append(f.getFile());
        }
        if (f.getOtherFile() != null) {
            sb.append(" -> ").append(f.getOtherFile());
        }
        return sb.toString();
    }

    private static String detail(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() || m.toLowerCase(Locale.ROOT).contains("connection refused") ? ""
                : " (" + m + ")";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
