package io.gatelist.lookup;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot's header and counters.
 *
 * @param formatVersion  the file format version
 * @param overlapsForced true when the snapshot was compiled despite error-level overlaps
 * @param fileSize       the exact file size in bytes
 * @param created        when it was compiled
 * @param revision       the list revision it was compiled from
 * @param checksum       the CRC32C recorded in the header (verified when the snapshot was opened)
 * @param entries        number of entries in the explanation table
 * @param counts         named counters (entries per list, ranges per table), in file order
 */
public record SnapshotInfo(int formatVersion, boolean overlapsForced, long fileSize, Instant created, long revision,
        int checksum, int entries, Map<String, Integer> counts) {

    /** The checksum as 8 lower-case hex digits. */
    public String checksumHex() {
        return String.format("%08x", checksum);
    }
}
