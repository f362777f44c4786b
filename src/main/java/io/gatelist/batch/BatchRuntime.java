package io.gatelist.batch;

import io.gatelist.home.ApplianceHome;
import io.gatelist.home.ProjectFolders;
import io.gatelist.storage.Database;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * JBeret running under Weld SE for one appliance home: the jobs of {@code jobs/}, the JDBC job repository in the
 * home's database, and a way to start, restart and wait for executions. Close it to stop the container.
 */
public final class BatchRuntime implements AutoCloseable {

    /** System property naming the folder of job XML files; see {@link #locateJobsFolder()}. */
    public static final String JOBS_DIR_PROPERTY = "gatelist.jobs.dir";

    private final WeldContainer weld;
    private final GatelistBatchEnvironment environment;
    private final JobOperatorImpl operator;

    private BatchRuntime(WeldContainer weld, GatelistBatchEnvironment environment) {
        this.weld = weld;
        this.environment = environment;
        this.operator = new JobOperatorImpl(environment);
    }

    /** Starts a container and a job operator for the home; the database must already be open. */
    public static BatchRuntime start(ApplianceHome home, Database database) {
        FatalErrors.install(); // an Error on any thread ends the JVM rather than leave an execution hanging
        // No Weld shutdown hook: on SIGTERM the daemon stops its job at a checkpoint first, then closes us.
        WeldContainer weld = new Weld("gatelist-" + UUID.randomUUID()).skipShutdownHook().initialize();
        try {
            weld.select(ApplianceContext.class).get().init(home, database);
            Path jobs = locateJobsFolder();
            GatelistBatchEnvironment environment = new GatelistBatchEnvironment(database.dataSource(), jobs,
                    weld.getBeanManager(), Math.max(2, home.intValue("batch.threads", 4)));
            return new BatchRuntime(weld, environment);
        } catch (RuntimeException e) {
            weld.shutdown();
            throw e;
        }
    }

    /**
     * The folder job XML is read from: the {@value #JOBS_DIR_PROPERTY} system property, else the
     * {@code GATELIST_JOBS} environment variable, else {@code jobs/} beside the {@code target/} folder the
     * code was loaded from, else {@code ./jobs}. Copies inside the jar serve when none exists.
     */
    public static Path locateJobsFolder() {
        return ProjectFolders.locate("jobs", JOBS_DIR_PROPERTY, "GATELIST_JOBS");
    }

    public JobOperator operator() {
        return operator;
    }

    /** Starts a job and returns its execution id. */
    public long start(String jobName, Properties parameters) {
        return operator.start(jobName, parameters);
    }

    /** Restarts a failed, stopped or crashed (left STARTED by a dead JVM) execution; returns the new id. */
    public long restart(long executionId, Properties parameters) {
        return operator.restart(executionId, parameters);
    }

    /** Waits until the execution ends and returns it. */
    public JobExecution await(long executionId) throws InterruptedException {
        JobExecution execution = operator.getJobExecution(executionId);
        if (execution instanceof JobExecutionImpl impl) {
            impl.awaitTermination(0, java.util.concurrent.TimeUnit.SECONDS);
        }
        while (isRunning(operator.getJobExecution(executionId).getBatchStatus())) {
            Thread.sleep(20);
        }
        return operator.getJobExecution(executionId);
    }

    /** The persistent user data a step of the execution left, or {@code null}. */
    public Serializable stepData(long executionId, String stepName) {
        List<StepExecution> steps = operator.getStepExecutions(executionId);
        for (StepExecution step : steps) {
            if (step.getStepName().equals(stepName)) {
                return step.getPersistentUserData();
            }
        }
        return null;
    }

    /**
     * A one-line account of why an execution failed: the failed step, and the cause of its failure in words when
     * this JVM ran it (see {@link FailureText}), else its exit status.
     */
    public String failureSummary(long executionId) {
        StringBuilder sb = new StringBuilder();
        for (StepExecution step : operator.getStepExecutions(executionId)) {
            if (step.getBatchStatus() == BatchStatus.FAILED) {
                Throwable cause = step instanceof StepExecutionImpl impl ? impl.getException() : null;
                sb.append(sb.length() == 0 ? "" : "; ").append("step ").append(step.getStepName()).append(" failed: ")
                        .append(cause != null ? FailureText.describe(cause) : step.getExitStatus());
            }
        }
        return sb.length() == 0 ? "execution " + executionId + " ended " + operator.getJobExecution(executionId)
                .getBatchStatus() : sb.toString();
    }

    /** Why the execution's first failed step failed, when this JVM ran it; else {@code null}. */
    public Throwable failureCause(long executionId) {
        for (StepExecution step : operator.getStepExecutions(executionId)) {
            if (step.getBatchStatus() == BatchStatus.FAILED && step instanceof StepExecutionImpl impl
                    && impl.getException() != null) {
                return impl.getException();
            }
        }
        return null;
    }

    private static boolean isRunning(BatchStatus status) {
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
    }

    @Override
    public void close() {
        environment.shutdown();
        if (weld.isRunning()) {
            weld.shutdown();
        }
    }
}
