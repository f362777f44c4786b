package io.gatelist.lookup;

import io.gatelist.lookup.format.HeloRecords;
import io.gatelist.lookup.format.SnapshotFormat;

/**
 * The Global Approved List's approved HELO/EHLO strings, each tied to the IPs of the nomination it came from
 * (snapshot section {@link SnapshotFormat#SECTION_GLOBAL_HELO}). A HELO name is trivially forged, so a match
 * approves only a connection from one of its nomination's IPs.
 *
 * <p>Strings are stored hashed ({@link HeloRecords#hash}): one {@value HeloRecords#RECORD_SIZE}-byte record per
 * (string, address) pair, sorted by hash, then family, then address, so a lookup is a binary search. Two strings
 * with the same 64-bit hash would share their addresses; that can only approve an address that is itself an
 * approved nomination IP, so a collision never approves a stranger.
 */
final class GlobalHelos {

    static final GlobalHelos EMPTY = new GlobalHelos(new long[0]);

    /** Four longs per record: hash, high, low, family | nomination << 32. */
    private final long[] records;

    private GlobalHelos(long[] records) {
        this.records = records;
    }

    /** The number of (string, address) records. */
    int size() {
        return records.length / 4;
    }

    /**
     * The nomination id of the approved string {@code helo} whose IPs include the address, {@code -n} when the
     * string is approved (for nomination {@code n}) but the address is none of its IPs, or 0 when it is not
     * approved at all.
     */
    long match(String helo, int family, long high, long low) {
        long h = HeloRecords.hash(helo);
        int i = first(h);
        long other = 0;
        for (; i < size() && records[4 * i] == h; i++) {
            long meta = records[4 * i + 3];
            if ((int) meta == family && records[4 * i + 1] == high && records[4 * i + 2] == low) {
                return meta >>> 32;
            }
            other = other == 0 ? meta >>> 32 : other;
        }
        return -other;
    }

    private int first(long h) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(records[4 * mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Checks and wraps the section's records (read as little-endian longs): families 4 or 6, IPv4 addresses in
     * 32 bits, nomination ids above 0, records in order.
     */
    static GlobalHelos decode(long[] longs) throws InvalidSnapshotException {
        for (int i = 0; i < longs.length / 4; i++) {
            long meta = longs[4 * i + 3];
            int family = (int) meta;
            if (family != 4 && family != 6 || (meta >>> 32) == 0) {
                throw new InvalidSnapshotException("invalid snapshot: HELO record " + i + " has family " + family
                        + " and nomination " + (meta >>> 32));
            }
            if (family == 4 && (longs[4 * i + 1] != 0 || (longs[4 * i + 2] >>> 32) != 0)) {
                throw new InvalidSnapshotException("invalid snapshot: HELO record " + i + " holds an IPv4 address "
                        + "wider than 32 bits");
            }
            if (i > 0 && HeloRecords.compare(longs, i - 1, i) >= 0) {
                throw new InvalidSnapshotException("invalid snapshot: HELO records " + (i - 1) + " and " + i
                        + " are out of order or repeated");
            }
        }
        return new GlobalHelos(longs);
    }
}
