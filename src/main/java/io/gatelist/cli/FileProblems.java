package io.gatelist.cli;

import io.gatelist.report.TerminalText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Says in one line why a file named on the command line could not be used: {@code PATH: reason}, the path once
 * (the JDK's file exceptions carry the path as their whole message when they have no reason), escaped for the
 * terminal.
 */
final class FileProblems {

    private FileProblems() {
    }

    /** {@code PATH: reason} for {@code e}, which happened while using {@code file}. */
    static String describe(Path file, IOException e) {
        if (e instanceof FileSystemException f) {
            String path = f.getFile() != null ? f.getFile() : String.valueOf(file);
            return TerminalText.escape(path) + ": " + TerminalText.escape(reason(f));
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return TerminalText.escape(String.valueOf(file)) + ": " + TerminalText.escape(message);
    }

    private static String reason(FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        return "cannot be used (" + e.getClass().getSimpleName() + ")";
    }
}
