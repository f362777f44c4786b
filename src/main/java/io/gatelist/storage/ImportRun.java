package io.gatelist.storage;

import io.gatelist.input.ImportKind;
import java.nio.file.Path;
import java.time.OffsetDateTime;

/**
 * One imported file, as recorded.
 *
 * @param id             the import id
 * @param kind           the file kind; {@code null} while it is not known (an inbox claim not yet read, or a file
 *                       refused as a whole)
 * @param sourceName     the named source this file is a version of
 * @param fileName       the file's original name, for display only (never used as a path)
 * @param storedPath     the import's own copy of the file, which the job reads
 * @param sha256         the content hash
 * @param bytes          the file size
 * @param state          where the import is
 * @param jobExecutionId the JBeret execution that ran it (the latest, after restarts), or 0
 * @param createdAt      when it was claimed
 * @param finishedAt     when it reached a final state, or {@code null}
 * @param counts         rows and diff counts
 * @param message        a human-readable outcome, or {@code null}
 * @param origin         where the file came from: {@code cli}, {@code inbox} or {@code pull}
 * @param duplicateOf    for a DUPLICATE, the import whose content it repeats; else 0
 * @param nodeId         the daemon node that claimed it, or {@code null} for a command-line import
 */
public record ImportRun(long id, ImportKind kind, String sourceName, String fileName, Path storedPath, String sha256,
        long bytes, ImportState state, long jobExecutionId, OffsetDateTime createdAt, OffsetDateTime finishedAt,
        Counts counts, String message, String origin, long duplicateOf, String nodeId) {

    /**
     * Row and diff counts of an import.
     *
     * @param read      data rows read
     * @param accepted  rows stored as entries
     * @param rejected  rows with at least one error, not stored
     * @param added     entries new in this version of the source
     * @param removed   entries of the previous version absent from this one
     * @param unchanged entries present in both
     */
    public record Counts(int read, int accepted, int rejected, int added, int removed, int unchanged) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }
}
