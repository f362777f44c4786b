package io.gatelist.batch;

import io.gatelist.report.TerminalText;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * One line that says why something failed, for a person: the cause that matters in an exception's chain (out of
 * memory, a full disk, a missing or unreadable file) in words, else the innermost message, escaped for a terminal.
 * Wrappers (a batch exception around a storage exception around a driver's) add nothing a person can act on.
 */
public final class FailureText {

    /** Links of a cause chain looked at, against a chain that loops. */
    private static final int DEPTH = 32;

    private FailureText() {
    }

    /** Why {@code failure} happened, in one line. */
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

    /** " (FILE)" when the exception names the file it was writing. */
    private static String where(Throwable t) {
        return t instanceof FileSystemException f && f.getFile() != null ? " (" + TerminalText.escape(f.getFile())
                + ")" : "";
    }
}
