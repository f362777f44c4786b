package io.gatelist.batch;

import io.gatelist.storage.GeoStore;
import io.gatelist.storage.GeoStore.StagedGeo;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a chunk of validated delegated-statistics records in one transaction. As with policy imports
 * ({@link StagedRowWriter}), JBeret commits the writer before it saves the checkpoint, so {@link #open} deletes
 * whatever a killed JVM wrote past the last checkpoint and the restarted step writes it again.
 */
@Named("geoRecordWriter")
@Dependent
public class GeoRecordWriter extends AbstractItemWriter {

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
            GeoStore.truncateAfter(c, id, lastRecord);
            return null;
        });
    }

    @Override
    public void writeItems(List<Object> items) {
        List<StagedGeo> rows = new ArrayList<>(items.size());
        for (Object item : items) {
            StagedGeo row = (StagedGeo) item;
            rows.add(row);
            lastRecord = Math.max(lastRecord, row.row().recordNo());
        }
        appliance.database().inTransaction(c -> {
            GeoStore.write(c, id, rows);
            return null;
        });
    }

    @Override
    public Serializable checkpointInfo() {
        return lastRecord;
    }
}
