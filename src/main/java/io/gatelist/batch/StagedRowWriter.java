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
 * restarted step writes them again: no row is lost and none is stored twice. A chunk whose records may already be
 * stored (one written again without a reopen) replaces them; chunks past everything stored skip that delete, which
 * on a large import was most of the writer's time.
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
    /** The highest record number that may already be stored: chunks above it are fresh and need no delete. */
    private int storedUpTo;

    @Override
    public void open(Serializable checkpoint) {
        id = JobParameters.requireLong("importId", importId);
        lastRecord = checkpoint == null ? -1 : (Integer) checkpoint;
        appliance.database().inTransaction(c -> {
            EntryStore.truncateAfter(c, id, lastRecord);
            return null;
        });
        storedUpTo = lastRecord;
    }

    @Override
    public void writeItems(List<Object> items) {
        List<StagedRow> rows = new ArrayList<>(items.size());
        int first = Integer.MAX_VALUE;
        int last = lastRecord;
        for (Object item : items) {
            StagedRow row = (StagedRow) item;
            rows.add(row);
            first = Math.min(first, row.recordNo());
            last = Math.max(last, row.recordNo());
        }
        boolean replace = first <= storedUpTo;
        appliance.database().inTransaction(c -> {
            EntryStore.write(c, id, rows, replace);
            return null;
        });
        lastRecord = last;
        storedUpTo = Math.max(storedUpTo, last);
    }

    @Override
    public Serializable checkpointInfo() {
        return lastRecord;
    }
}
