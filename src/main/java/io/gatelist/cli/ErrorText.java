package io.gatelist.cli;

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
 * One line that says in words what went wrong, for an exception that ended a command: what the file system,
 * the network or the database refused, and which file or address, rather than the exception's class name or
 * a driver's code. The line is escaped for the terminal (file names and messages come from outside).
 */
final class ErrorText {

    private ErrorText() {
    }

    /** {@code e} as one escaped line, without the "gatelist: " prefix. */
    static String of(Throwable e) {
        String words = words(unwrap(e));
        String oneLine = words.lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining(" "));
        return TerminalText.escape(oneLine.isEmpty() ? e.getClass().getSimpleName() : oneLine);
    }

    /**
     * The exception that says what happened: wrappers that only carry their cause (a message that is the
     * cause's own {@code toString()}, or none) are looked through.
     */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
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
