package io.gatelist.batch;

import io.gatelist.storage.ImportStore;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Keeps the import's state in step with its job execution, including restarts. */
@Named("importJobListener")
@Dependent
public class ImportJobListener extends AbstractJobListener {

    @Inject
    ApplianceContext appliance;

    @Inject
    JobContext jobContext;

    @Inject
    @ImportId
    long id;

    @Override
    public void beforeJob() {
        new ImportStore(appliance.database()).startValidating(id, jobContext.getExecutionId());
    }
}
