package io.gatelist.inbox;

import io.gatelist.storage.Database;
import io.gatelist.storage.EntryKeys;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.Jdbc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The purge schedule: without it, JBeret's job repository, the reports and the archive grow without bound.
 * Deletes finished job instances older than the retention (never one whose import could still be resumed),
 * findings and reports of old imports, and archived or rejected originals older than their retention. The import
 * history rows themselves stay.
 */
final class Retention {

    /** What one purge removed. */
    record Result(int jobInstances, int reports, int archiveDays, int rejected) {
    }

    private final Database db;
    private final Path reportsDir;
    private final Path archiveDir;
    private final Path rejectedDir;

    Retention(Database db, Path reportsDir, Path archiveDir, Path rejectedDir) {
        this.db = db;
        this.reportsDir = reportsDir;
        this.archiveDir = archiveDir;
        this.rejectedDir = rejectedDir;
    }

    Result purge(OffsetDateTime now, int executionDays, int reportDays, int archiveDays) throws IOException {
        OffsetDateTime executionCutoff = now.minusDays(executionDays);
        // A job instance goes when every execution ended before the cutoff and one completed (or was abandoned);
        // an instance whose executions all failed may still be resumed, so it stays. Executions and step executions
        // go with it (JBeret's foreign keys cascade).
        int instances = db.inTransaction(c -> Jdbc.update(c, "DELETE FROM JOB_INSTANCE WHERE JOBINSTANCEID IN ("
                + "SELECT i.JOBINSTANCEID FROM JOB_INSTANCE i WHERE EXISTS (SELECT 1 FROM JOB_EXECUTION e "
                + "WHERE e.JOBINSTANCEID = i.JOBINSTANCEID AND e.BATCHSTATUS IN ('COMPLETED', 'ABANDONED')) "
                + "AND NOT EXISTS (SELECT 1 FROM JOB_EXECUTION e WHERE e.JOBINSTANCEID = i.JOBINSTANCEID "
                + "AND (e.ENDTIME IS NULL OR e.ENDTIME >= ?)))",
                // JBeret writes its times as java.sql.Timestamp; compare in the same terms.
                java.sql.Timestamp.from(executionCutoff.toInstant())));
        OffsetDateTime reportCutoff = now.minusDays(reportDays);
        List<Long> old = db.withConnection(c -> Jdbc.query(c, "SELECT id FROM import_run WHERE finished_at < ? "
                + "AND state IN ('ACCEPTED', 'REJECTED', 'DUPLICATE')", rs -> rs.getLong(1), reportCutoff));
        int reports = 0;
        for (long id : old) {
            db.inTransaction(c -> {
                Jdbc.update(c, "DELETE FROM import_finding WHERE import_id = ?", id);
                Jdbc.update(c, "DELETE FROM rejected_row WHERE import_id = ?", id);
                Jdbc.update(c, "DELETE FROM finding_block WHERE " + EntryStore.OF_IMPORT, EntryKeys.first(id),
                        EntryKeys.last(id));
                Jdbc.update(c, "DELETE FROM overlap_finding WHERE import_id = ?", id);
                Jdbc.update(c, "DELETE FROM overlap_count WHERE import_id = ?", id);
                return null;
            });
            Path dir = reportsDir.resolve(Long.toString(id));
            if (Files.isDirectory(dir)) {
                deleteTree(dir);
                reports++;
            }
        }
        LocalDate archiveCutoff = now.toLocalDate().minusDays(archiveDays);
        int days = 0;
        if (Files.isDirectory(archiveDir)) {
            try (DirectoryStream<Path> dates = Files.newDirectoryStream(archiveDir)) {
                for (Path day : dates) {
                    try {
                        if (LocalDate.parse(day.getFileName().toString()).isBefore(archiveCutoff)) {
                            deleteTree(day);
                            days++;
                        }
                    } catch (DateTimeParseException e) {
                        // not one of ours: leave it
                    }
                }
            }
        }
        int rejected = 0;
        if (Files.isDirectory(rejectedDir)) {
            try (DirectoryStream<Path> ids = Files.newDirectoryStream(rejectedDir)) {
                for (Path dir : ids) {
                    OffsetDateTime modified = OffsetDateTime.ofInstant(Files.getLastModifiedTime(dir).toInstant(),
                            ZoneOffset.UTC);
                    if (modified.toLocalDate().isBefore(archiveCutoff)) {
                        deleteTree(dir);
                        rejected++;
                    }
                }
            }
        }
        return new Result(instances, reports, days, rejected);
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
