package io.gatelist.batch;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
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
 * <p>When the step's reader shares a {@link CommitWatermark} (the policy import's does), a chunk is stored by a
 * background thread while the step reads and validates the next one: on two cores the database's work and the
 * validation overlap. At most one chunk is in flight; the next hand-over waits for it and rethrows its failure,
 * and {@link #close} waits for the last one. The checkpoint then lags by one chunk: it is the last record
 * committed at the hand-over, which the reader saves too, so a restart reads the uncommitted chunk again.
 *
 * @param <T> the processor's output for one record
 */
public abstract class CheckpointedWriter<T> extends AbstractItemWriter {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Inject
    StepContext stepContext;

    private int lastRecord;
    /** Shared with the reader when it supports storing in the background; else {@code null}. */
    private CommitWatermark watermark;
    /** The highest record number committed so far (only advanced on the step's thread, after a wait). */
    private int committed;
    /** Whether a chunk is being stored in the background, and its last record. */
    private boolean inFlight;
    private int inFlightLast;
    /** The highest record number that may already be stored: chunks above it are fresh. */
    private int storedUpTo;

    /** The import this writer stores. */
    protected final long id() {
        return id;
    }

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

    /**
     * Whether chunks may be stored in the background when the reader shares a {@link CommitWatermark}: for
     * imports large enough that the overlap pays; small ones keep the simpler synchronous path.
     */
    protected boolean storesInBackground() {
        return false;
    }

    @Override
    public void open(Serializable checkpoint) {
        lastRecord = checkpoint == null ? -1 : (Integer) checkpoint;
        Object shared = stepContext == null ? null : stepContext.getTransientUserData();
        watermark = storesInBackground() && shared instanceof CommitWatermark w ? w : null;
        // A chunk of an earlier, failed execution in this JVM may still be committing: let it end before the
        // truncation, or its rows would land past the checkpoint after it.
        ChunkPipeline.settle(id);
        appliance.database().inTransaction(c -> {
            truncateAfter(c, id, lastRecord);
            return null;
        });
        storedUpTo = lastRecord;
        committed = lastRecord;
        inFlight = false;
        if (watermark != null) {
            watermark.activate(committed);
        }
    }

    @Override
    public void writeItems(List<Object> items) {
        Class<T> type = itemType();
        int first = Integer.MAX_VALUE;
        int last = lastRecord;
        for (Object item : items) {
            int record = recordNo(type.cast(item));
            first = Math.min(first, record);
            last = Math.max(last, record);
        }
        // Every item was checked against the type above. A copy, in one array copy: the chunk may be stored on
        // another thread after JBeret reuses its list.
        @SuppressWarnings("unchecked")
        List<T> chunk = new ArrayList<>((List<T>) (List<?>) items);
        boolean mayBeStored = first <= storedUpTo;
        if (watermark == null) {
            store(chunk, mayBeStored);
            committed = last;
        } else {
            awaitInFlight();
            inFlight = true;
            inFlightLast = last;
            ChunkPipeline.submit(id, () -> store(chunk, mayBeStored));
            watermark.publish(committed);
        }
        lastRecord = last;
        storedUpTo = Math.max(storedUpTo, last);
    }

    private void store(List<T> chunk, boolean mayBeStored) {
        try {
            DiskReserve.check(appliance.home(), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
        appliance.database().inTransaction(c -> {
            write(c, id, chunk, mayBeStored);
            return null;
        });
    }

    /** Waits for the chunk in flight and counts it as committed; rethrows its failure. */
    private void awaitInFlight() {
        if (inFlight) {
            inFlight = false;
            ChunkPipeline.await(id);
            committed = Math.max(committed, inFlightLast);
        }
    }

    /** Waits for the last chunk in flight: the step completes only once every chunk is committed. */
    @Override
    public void close() {
        awaitInFlight();
    }

    @Override
    public Serializable checkpointInfo() {
        return watermark == null ? lastRecord : watermark.checkpoint();
    }
}
