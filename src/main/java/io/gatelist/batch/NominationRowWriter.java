package io.gatelist.batch;

import io.gatelist.gal.NominationRow;
import io.gatelist.gal.NominationStaging;
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
 * Stores a chunk of validated nomination rows in one transaction: findings and rejected rows where every import
 * keeps them, accepted rows in {@code nomination_row}. As with {@link StagedRowWriter}, {@link #open} deletes what a
 * killed JVM wrote past the last checkpoint, and a chunk written again replaces its records.
 */
@Named("nominationRowWriter")
@Dependent
public class NominationRowWriter extends AbstractItemWriter {

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
            NominationStaging.truncateAfter(c, id, lastRecord);
            return null;
        });
    }

    @Override
    public void writeItems(List<Object> items) {
        List<StagedRow> rows = new ArrayList<>(items.size());
        List<NominationRow> accepted = new ArrayList<>(items.size());
        int first = Integer.MAX_VALUE;
        for (Object item : items) {
            StagedNomination staged = (StagedNomination) item;
            rows.add(staged.row());
            if (staged.nomination() != null) {
                accepted.add(staged.nomination());
            }
            first = Math.min(first, staged.row().recordNo());
            lastRecord = Math.max(lastRecord, staged.row().recordNo());
        }
        int from = first;
        int to = lastRecord;
        appliance.database().inTransaction(c -> {
            EntryStore.write(c, id, rows, true);
            NominationStaging.write(c, id, from, to, accepted);
            return null;
        });
    }

    @Override
    public Serializable checkpointInfo() {
        return lastRecord;
    }
}
