package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.storage.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge keeps the job repository, reports and archive bounded, and never removes what can be resumed. */
class RetentionTest {

    @TempDir
    Path dir;

    @Test
    void oldFinishedHistoryIsPurgedAndResumableExecutionsAndRecentFilesStay() throws Exception {
        try (TestAppliance a = TestAppliance.open(dir.resolve("home"))) {
            ImportService.Outcome old = a.importFile(TestAppliance.csv(dir, "old.csv", "list,kind,value",
                    "blocked,ip,192.0.2.1"));
            ImportService.Outcome failed = a.importFile(TestAppliance.csv(dir, "failed.csv", "list,kind,value",
                    "blocked,ip,192.0.2.2"));
            ImportService.Outcome recent = a.importFile(TestAppliance.csv(dir, "recent.csv", "list,kind,value",
                    "blocked,ip,192.0.2.3"));
            Timestamp sixtyDaysAgo = Timestamp.from(Instant.now().minus(60, ChronoUnit.DAYS));
            OffsetDateTime hundredDaysAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(100);
            a.database.inTransaction(c -> {
                // Two old executions: one completed, one that failed and was never resumed.
                Jdbc.update(c, "UPDATE JOB_EXECUTION SET ENDTIME = ? WHERE JOBEXECUTIONID IN (?, ?)", sixtyDaysAgo,
                        old.executionId(), failed.executionId());
                Jdbc.update(c, "UPDATE JOB_EXECUTION SET BATCHSTATUS = 'FAILED' WHERE JOBEXECUTIONID = ?",
                        failed.executionId());
                Jdbc.update(c, "UPDATE import_run SET finished_at = ? WHERE id = ?", hundredDaysAgo, old.run().id());
                return null;
            });
            Path oldDay = Files.createDirectories(a.home.archiveDir().resolve("2020-01-01").resolve("9"));
            Files.writeString(oldDay.resolve("ancient.csv"), "x");
            Path today = Files.createDirectories(a.home.archiveDir().resolve(java.time.LocalDate.now(ZoneOffset.UTC)
                    .toString()).resolve("10"));
            Files.writeString(today.resolve("fresh.csv"), "x");

            Retention.Result r = new Retention(a.database, a.home.reportsDir(), a.home.archiveDir(),
                    a.home.rejectedDir()).purge(OffsetDateTime.now(ZoneOffset.UTC), 30, 90, 365);

            assertEquals(1, r.jobInstances(), "only the completed old instance");
            long executions = a.database.withConnection(c -> Jdbc.queryLong(c,
                    "SELECT COUNT(*) FROM JOB_EXECUTION WHERE JOBEXECUTIONID = ?", old.executionId()));
            assertEquals(0, executions);
            long kept = a.database.withConnection(c -> Jdbc.queryLong(c,
                    "SELECT COUNT(*) FROM JOB_EXECUTION WHERE JOBEXECUTIONID IN (?, ?)", failed.executionId(),
                    recent.executionId()));
            assertEquals(2, kept, "a failed execution may still be resumed; a recent one is recent");
            assertEquals(1, r.reports());
            assertFalse(Files.exists(a.home.reportsDir().resolve(Long.toString(old.run().id()))));
            assertTrue(Files.exists(a.home.reportsDir().resolve(Long.toString(recent.run().id()))));
            assertEquals(1, r.archiveDays());
            assertFalse(Files.exists(oldDay));
            assertTrue(Files.exists(today.resolve("fresh.csv")));
            assertEquals("ACCEPTED", a.database.withConnection(c -> Jdbc.queryOne(c,
                    "SELECT state FROM import_run WHERE id = ?", rs -> rs.getString(1), old.run().id())),
                    "the import history itself stays");
        }
    }
}
