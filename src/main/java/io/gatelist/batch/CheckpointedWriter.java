package io.gatelist.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The restart safety every import's chunk writer shares. Each chunk is stored in one transaction, and JBeret
 * commits the writer's work before it saves the checkpoint, so a JVM killed in between leaves records past the
 * checkpoint: {@link #open} deletes them and the restarted step writes them again. No record is lost and none is
 * stored twice. The checkpoint is the highest record number written.
 *
 * <p>A subclass says how its kind of import deletes and stores records; it learns, for each chunk, whether the
 * chunk's records may already be stored (written before without a reopen), so that it can skip the delete for a
 * chunk past everything stored, which on a large import is most of the writer's time.
 *
 * @param <T> the processor's output for one record
 */
public abstract class CheckpointedWriter<T> extends AbstractItemWriter {

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    private long id;
    private int lastRecord;
    /** The highest record number that may already be stored: chunks above it are fresh. */
    private int storedUpTo;

    /** The record number of one item. */
    protected abstract int recordNo(T item);

    /** Deletes everything the import stored past {@code recordNo}, in the caller's transaction. */
    protected abstract void truncateAfter(Connection c, long importId, int recordNo) throws SQLException;

    /**
     * Stores one chunk in the caller's transaction.
     *
     * @param mayBeStored whether some of these records may already be stored, and must then be replaced
     */
    protected abstract void write(Connection c, long importId, List<T> items, boolean mayBeStored)
            throws SQLException;

    /** The item type, to check what the processor hands over. */
    protected abstract Class<T> itemType();

    @Override
    public void open(Serializable checkpoint) {
        id = JobParameters.requireLong("importId", importId);
        lastRecord = checkpoint == null ? -1 : (Integer) checkpoint;
        appliance.database().inTransaction(c -> {
            truncateAfter(c, id, lastRecord);
            return null;
        });
        storedUpTo = lastRecord;
    }

    @Override
    public void writeItems(List<Object> items) {
        List<T> chunk = new ArrayList<>(items.size());
        int first = Integer.MAX_VALUE;
        int last = lastRecord;
        for (Object item : items) {
            T typed = itemType().cast(item);
            chunk.add(typed);
            first = Math.min(first, recordNo(typed));
            last = Math.max(last, recordNo(typed));
        }
        boolean mayBeStored = first <= storedUpTo;
        appliance.database().inTransaction(c -> {
            write(c, id, chunk, mayBeStored);
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
