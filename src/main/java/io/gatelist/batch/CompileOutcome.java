package io.gatelist.batch;

import java.io.Serializable;
import java.util.List;

/**
 * What a compile job did, kept as the step's persistent user data in the job repository so that the command
 * that started it (or anyone later) can report it.
 *
 * @param published     true when the snapshot was written
 * @param path          where it was (or would have been) written
 * @param revision      the list revision compiled
 * @param checksum      the snapshot's CRC32C as hex, or {@code null} when refused
 * @param fileSize      the snapshot's size in bytes, or 0
 * @param entries       entries the snapshot holds, as its header counts them (what {@code snapshot info} prints)
 * @param errorOverlaps error-level overlaps found
 * @param examples      lines describing them: each wider entry once, with its count and a few examples
 * @param forced        true when published despite error-level overlaps
 * @param millis        time taken
 * @param shrinkRefusal why it was refused for holding far fewer entries than the snapshot it would replace, or
 *                      {@code null} (absent from outcomes stored before it existed)
 */
public record CompileOutcome(boolean published, String path, long revision, String checksum, long fileSize,
        long entries, long errorOverlaps, List<String> examples, boolean forced, long millis, String shrinkRefusal)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
