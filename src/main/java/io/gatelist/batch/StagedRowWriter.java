package io.gatelist.batch;

import io.gatelist.storage.EntryStore;
import io.gatelist.storage.StagedRow;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a chunk of validated rows in one transaction. JBeret commits the writer's work before it saves the
 * checkpoint, so a JVM killed in between leaves rows past the checkpoint; {@link #open} deletes them and the
 * restarted step writes them again: no row is lost and none is stored twice.
 */
@Named("stagedRowWriter")
@Dependent
public class StagedRowWriter extends AbstractItemWriter {

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    private long id;
    private int lastRecord;

    @Override
    public void open(Serializable checkpoint) {
        id = JobParameters.requireLong("importId", importId);
        lastRecord = checkpoint == null ? -1 : (Integer) checkpoint;
        appliance.database().inTransaction(c -> {
            EntryStore.truncateAfter(c, id, lastRecord);
            return null;
        });
    }

    @Override
    public void writeItems(List<Object> items) {
        List<StagedRow> rows = new ArrayList<>(items.size());
        for (Object item : items) {
            StagedRow row = (StagedRow) item;
            rows.add(row);
            lastRecord = Math.max(lastRecord, row.recordNo());
        }
        appliance.database().inTransaction(c -> {
            EntryStore.write(c, id, rows);
            return null;
        });
    }

    @Override
    public Serializable checkpointInfo() {
        return lastRecord;
    }
}
