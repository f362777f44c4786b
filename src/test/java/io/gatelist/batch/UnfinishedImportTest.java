package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import decided (applied or held) whose job then failed before its report was written keeps its decision, says
 * it is not finished, and is resumable: {@code resume} writes the report instead of "nothing to resume", and never
 * sends the decision back to VALIDATING.
 */
class UnfinishedImportTest {

    @TempDir
    Path dir;

    @Test
    void aReportThatCouldNotBeWrittenIsResumedAndTheDecisionStands() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            // A file where the report's folder must go: the write-report step fails after the apply step decided.
            Path blocker = Files.writeString(appliance.home.reportsDir().resolve("1"), "not a folder");
            Path file = TestAppliance.csv(dir, "partner.csv", "list,kind,value,comment", "approved,ip,8.8.8.8,",
                    "approved,ip,8.8.4.4,");
            ImportService.Outcome failed = appliance.importFile(file);

            assertFalse(failed.completed());
            ImportRun run = failed.run();
            assertEquals(ImportState.ACCEPTED, run.state(), "the entries were applied: the decision stands");
            assertTrue(run.message().startsWith("applied to source \"partner.csv\": 2 added, 0 removed, 0 unchanged; "
                    + "not finished: step write-report failed: "), run.message());
            assertTrue(run.message().endsWith("resume with: gatelist resume 1"), run.message());
            ImportService imports = appliance.imports();
            assertEquals(1, imports.resumable().size(), "resumable, not 'nothing to resume'");

            Files.delete(blocker);
            ImportService.Outcome resumed = imports.resume(1, new ImportService.Options(null, 3, 0));
            assertTrue(resumed.completed());
            assertEquals(ImportState.ACCEPTED, resumed.run().state(), "a restart does not send it back to VALIDATING");
            assertEquals("applied to source \"partner.csv\": 2 added, 0 removed, 0 unchanged", resumed.run().message());
            for (String report : new String[] {"report.json", "report.html", "findings.jsonl", "rejected-rows.csv"}) {
                assertTrue(Files.exists(appliance.home.reportsDir().resolve("1").resolve(report)), report);
            }
            assertTrue(imports.resumable().isEmpty());
        }
    }

    @Test
    void aDecidedImportWhoseJobCompletedIsNotResumableEvenWithoutItsPage() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            Path file = TestAppliance.csv(dir, "partner.csv", "list,kind,value,comment", "approved,ip,8.8.8.8,",
                    "approved,ip,8.8.8.256,");
            ImportService.Outcome held = appliance.imports().importFile(file, new ImportService.Options(null, 3, 0));
            assertEquals(ImportState.REJECTED, held.run().state());
            assertTrue(held.completed());
            assertTrue(appliance.imports().resumable().isEmpty(), "a finished import is not resumable");

            // A missing page makes a decided import a candidate (a JVM that died in write-report leaves none); the
            // job repository decides.
            Files.delete(held.report());
            assertTrue(appliance.imports().resumable().isEmpty(),
                    "the job repository has the last word: its execution completed");
        }
    }
}
