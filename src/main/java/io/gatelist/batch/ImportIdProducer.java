package io.gatelist.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Produces {@link ImportId}: the {@code importId} property of the artifact being created (JBeret resolves
 * {@link BatchProperty} against the artifact's own properties while it creates it), checked once here rather than
 * in every artifact.
 */
@Dependent
class ImportIdProducer {

    @Produces
    @ImportId
    static long importId(@BatchProperty(name = JobParameters.IMPORT_ID) String value) {
        return JobParameters.requireLong(JobParameters.IMPORT_ID, value);
    }
}
