package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import jakarta.batch.runtime.BatchStatus;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The importId job parameter every import artifact works on: a job started without it, or with one that is not a
 * number, fails where it is read, saying which parameter and why. The two test jobs (in
 * {@code META-INF/batch-jobs} of the test resources) hold a batchlet and a chunk step as the import jobs do, without
 * the job listener that would fail before any step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportIdParameterTest {

    @TempDir
    static Path dir;

    TestAppliance appliance;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"));
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private long run(String job, String importId) throws InterruptedException {
        Properties parameters = new Properties();
        if (importId != null) {
            parameters.setProperty(JobParameters.IMPORT_ID, importId);
        }
        long execution = appliance.batch.start(job, parameters);
        assertEquals(BatchStatus.FAILED, appliance.batch.await(execution).getBatchStatus());
        return execution;
    }

    @ParameterizedTest
    @CsvSource({
        "import-id-batchlet, write-report",
        "import-id-chunk,    validate-rows"})
    void aMissingImportIdFailsTheStepSayingItIsRequired(String job, String step) throws Exception {
        long execution = run(job, null);
        assertEquals("step " + step + " failed: job parameter importId is required",
                appliance.batch.failureSummary(execution));
    }

    @ParameterizedTest
    @CsvSource({
        "import-id-batchlet, write-report",
        "import-id-chunk,    validate-rows"})
    void anImportIdThatIsNotANumberFailsTheStepSayingWhatItWas(String job, String step) throws Exception {
        long execution = run(job, "12a");
        assertEquals("step " + step + " failed: job parameter importId must be a number, not \"12a\"",
                appliance.batch.failureSummary(execution));
    }

    @ParameterizedTest
    @ValueSource(strings = {"import-policy", "import-mta", "import-helo", "import-geo", "import-feed"})
    void anImportJobWithoutAnImportIdFailsBeforeAnyStep(String job) throws Exception {
        long execution = run(job, null);
        assertTrue(appliance.batch.operator().getStepExecutions(execution).isEmpty(),
                "the job listener refused it before any step ran");
    }
}
