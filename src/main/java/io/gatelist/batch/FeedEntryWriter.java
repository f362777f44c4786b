package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FeedStore.StagedFeed;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a chunk of validated feed lines in one transaction. JBeret commits the writer before it saves the
 * checkpoint, so {@link #open} deletes whatever a killed JVM wrote past the last checkpoint; after that every
 * chunk's record range is fresh and is written without a delete (the cost that matters for million-line feeds).
 */
@Named("feedEntryWriter")
@Dependent
public class FeedEntryWriter extends AbstractItemWriter {

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
            FeedStore.truncateAfter(c, id, lastRecord);
            return null;
        });
    }

    @Override
    public void writeItems(List<Object> items) {
        List<StagedFeed> rows = new ArrayList<>(items.size());
        List<StagedFeed> fileRows = new ArrayList<>(1);
        for (Object item : items) {
            StagedFeed row = (StagedFeed) item;
            (row.row().fileLevel() ? fileRows : rows).add(row);
            lastRecord = Math.max(lastRecord, row.row().recordNo());
        }
        appliance.database().inTransaction(c -> {
            // File-level findings use record 0, which the truncation on open keeps: replace them when rewritten.
            FeedStore.write(c, id, fileRows, true);
            FeedStore.write(c, id, rows, false);
            return null;
        });
    }

    @Override
    public Serializable checkpointInfo() {
        return lastRecord;
    }
}
