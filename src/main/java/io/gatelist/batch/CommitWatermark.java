package io.gatelist.batch;

/**
 * Where a chunk step's stored records end, shared by a reader and a writer that stores chunks in the background
 * (see {@link CheckpointedWriter}). The reader registers it in the step context's transient user data when it
 * opens; a writer that takes it up (see {@link #activate}) may store a chunk while the step reads the next one,
 * because both then save the same checkpoint: the last record committed when the chunk was handed over, not the
 * last record read. A restart re-reads what was not committed yet instead of skipping it.
 */
public final class CommitWatermark {

    /** Whether a writer publishes here; until then the reader keeps its own checkpoint. */
    private volatile boolean active;
    /** The highest record number whose chunk is committed as of the last hand-over; -1 before any. */
    private volatile int checkpoint = -1;

    /** Called by a writer that stores in the background, when it opens, with its checkpoint. */
    void activate(int committedRecord) {
        checkpoint = committedRecord;
        active = true;
    }

    /** Whether a writer took this watermark up. */
    boolean active() {
        return active;
    }

    /** Called by the writer once per chunk, before the step saves its checkpoint. */
    void publish(int committedRecord) {
        checkpoint = committedRecord;
    }

    /** The record number both the reader and the writer save as their checkpoint. */
    int checkpoint() {
        return checkpoint;
    }
}
