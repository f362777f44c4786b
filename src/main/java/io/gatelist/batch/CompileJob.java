package io.gatelist.batch;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Path;
import java.util.Properties;

/** Runs the compile-snapshot job (jobs/compile-snapshot.xml) and returns what it did. */
public final class CompileJob {

    /** The job's id in jobs/. */
    public static final String NAME = "compile-snapshot";

    private CompileJob() {
    }

    /**
     * Compiles the live lists into {@code target}.
     *
     * @param accept      publish despite error-level overlaps
     * @param allowShrink publish however many fewer entries the snapshot holds than the one it replaces
     * @throws IllegalStateException when the job fails, with the failure's own message when this process has it
     */
    public static CompileOutcome run(BatchRuntime batch, Path target, boolean accept, boolean allowShrink)
            throws InterruptedException {
        Properties parameters = new Properties();
        parameters.setProperty(JobParameters.OUT, target.toAbsolutePath().toString());
        parameters.setProperty(JobParameters.ACCEPT_OVERLAPS, Boolean.toString(accept));
        parameters.setProperty(JobParameters.ALLOW_SHRINK, Boolean.toString(allowShrink));
        long execution = batch.start(NAME, parameters);
        JobExecution ended = batch.await(execution);
        if (ended.getBatchStatus() != BatchStatus.COMPLETED) {
            Throwable cause = batch.failureCause(execution);
            throw new IllegalStateException("the compile job failed: " + (cause != null && cause.getMessage() != null
                    ? cause.getMessage() : batch.failureSummary(execution)), cause);
        }
        return (CompileOutcome) batch.stepData(execution, "compile");
    }
}
