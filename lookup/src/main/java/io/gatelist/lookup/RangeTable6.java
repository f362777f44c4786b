package io.gatelist.lookup;

import io.gatelist.lookup.format.SnapshotFormat;

/**
 * An IPv6 table of blocks: sorted, disjoint address blocks with a value each; addresses in no block have the
 * value 0. A block is a CIDR prefix (the common case: a flattened blocklist entry that nothing nests in) or a
 * run that extends to the next block's start, for flattened ranges that are not one prefix. Gaps cost nothing,
 * where a partition of the space spends a record on each.
 *
 * <p>The index is taken on the high 64 bits after the leading bits that every block shares: most entries sit in
 * 2000::/3, often in a few /32s, so an index on fixed leading bits would put them all in a handful of buckets. An
 * address outside that common prefix lies before every block when it is below the prefix and after the last
 * when it is above it.
 *
 * <p>The starts' high halves are an array of their own, and the low halves, values and prefix codes pairs in a
 * second one. The search compares high halves only (the low half only between blocks in the same /64), so its
 * reads stay in the smaller array, a third of the table, where a bucket's blocks share a cache line; one read of
 * the second array then checks the block found and gives its value. Interleaved triples, one cache line for the
 * search and the value, measured slower (docs/snapshot-format.md has the figures): their search read 24-byte
 * records from the whole table.
 *
 * <p>A sparse table also keeps a bit per bucket of a grid sixteen times finer than the index: set when a block
 * holds some address of the bucket. Most addresses a mail server looks up are on no list, and in a blocklist of
 * scattered entries most such buckets hold no block: the bit answers those without the search, whose reads of
 * the index and of a record miss the cache.
 */
final class RangeTable6 {

    /** Masks of a block's network bits by code: 0-128 a prefix length, {@link SnapshotFormat#RUN_CODE} none. */
    private static final long[] MASK_HIGH = new long[256];
    private static final long[] MASK_LOW = new long[256];
    /**
     * A block's host bits by code, the complement of the masks for a prefix: what sets a prefix block's start
     * to its last address, and must be 0 in its start. 0 for a run (and for the codes no block may have).
     */
    static final long[] HOST_HIGH = new long[256];
    static final long[] HOST_LOW = new long[256];

    static {
        for (int p = 0; p <= 128; p++) {
            MASK_HIGH[p] = p == 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
            MASK_LOW[p] = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
            HOST_HIGH[p] = ~MASK_HIGH[p];
            HOST_LOW[p] = ~MASK_LOW[p];
        }
        // Every other code leaves the masks 0: the address is inside (the parser refuses codes other than 0-128
        // and RUN_CODE).
    }

    /** A table without blocks: every address has the value 0. Built after the masks. */
    static final RangeTable6 EMPTY = new RangeTable6(new long[0], new long[0]);

    /** The high half of each block's start ^ {@link Long#MIN_VALUE}: signed order is address order. */
    private final long[] highs;
    /**
     * Pairs: the low half of each block's start ^ {@link Long#MIN_VALUE}, and its value (low 32 bits) | prefix
     * code (bits 32-39).
     */
    private final long[] lowsAndValues;
    private final int size;
    private final int[] index;
    private final int skip;
    private final long prefix;
    private final int shift;
    /** The occupied buckets, a bit each; null when more than half are (an IP-to-country table covers its space). */
    private final long[] occupied;
    private final int occupiedShift;

    /**
     * @param highs         the blocks' start high halves, sign bit flipped
     * @param lowsAndValues pairs as described above; starts strictly ascending and blocks disjoint (the parser
     *                      checks both)
     */
    RangeTable6(long[] highs, long[] lowsAndValues) {
        this(highs, lowsAndValues, BucketIndex6.of(highs, lowsAndValues));
    }

    /** A table whose index and bitmap are built: by the snapshot decoder, as it copied the blocks. */
    RangeTable6(long[] highs, long[] lowsAndValues, BucketIndex6 buckets) {
        if (lowsAndValues.length != 2 * highs.length || buckets.size != highs.length) {
            throw new IllegalArgumentException("a pair of longs per block expected: " + highs.length + " blocks, "
                    + lowsAndValues.length + " longs, " + buckets.size + " indexed");
        }
        this.highs = highs;
        this.lowsAndValues = lowsAndValues;
        this.size = highs.length;
        this.index = buckets.index;
        this.skip = buckets.skip;
        this.prefix = buckets.prefix;
        this.shift = buckets.shift;
        this.occupied = buckets.occupied();
        this.occupiedShift = buckets.occupiedShift;
    }

    /** The leading {@code skip} bits of {@code high}; 0 when {@code skip} is 0 (a shift by 64 is no shift). */
    static long top(long high, int skip) {
        return (high >>> (63 - skip)) >>> 1;
    }

    /** The number of blocks. */
    int size() {
        return size;
    }

    /** The position of the last block starting at or before {@code high:low}, or -1. */
    int find(long high, long low) {
        long top = top(high, skip);
        if (top != prefix) {
            return Long.compareUnsigned(top, prefix) < 0 ? -1 : size - 1;
        }
        int bucket = (int) ((high << skip) >>> shift);
        // Blocks starting in the bucket are index[bucket] .. index[bucket + 1] - 1; the one before them is the
        // candidate when none of them starts at or before the address.
        int lo = index[bucket] - 1;
        int hi = index[bucket + 1] - 1;
        long keyHigh = high ^ Long.MIN_VALUE;
        long keyLow = low ^ Long.MIN_VALUE;
        long[] h = highs;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long startHigh = h[mid];
            if (startHigh < keyHigh || startHigh == keyHigh && lowsAndValues[2 * mid] <= keyLow) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The value of the block holding {@code high:low}; 0 when no block does. */
    int value(long high, long low) {
        long[] bits = occupied;
        if (bits != null && top(high, skip) == prefix) {
            int bucket = (int) ((high << skip) >>> occupiedShift);
            if ((bits[bucket >>> 6] & 1L << bucket) == 0) {
                return 0; // no block holds any address of the bucket
            }
        }
        int at = find(high, low);
        if (at < 0) {
            return 0;
        }
        long meta = lowsAndValues[2 * at + 1];
        int code = (int) (meta >>> 32) & 0xFF;
        // Both starts carry the flipped sign bit, so it cancels in the XOR.
        boolean inside = ((high ^ Long.MIN_VALUE ^ highs[at]) & MASK_HIGH[code]) == 0
                & ((low ^ Long.MIN_VALUE ^ lowsAndValues[2 * at]) & MASK_LOW[code]) == 0;
        return inside ? (int) meta : 0;
    }

    /** The high half of the first address of the block at {@code position}. */
    long startHigh(int position) {
        return highs[position] ^ Long.MIN_VALUE;
    }

    /** The low half of the first address of the block at {@code position}. */
    long startLow(int position) {
        return lowsAndValues[2 * position] ^ Long.MIN_VALUE;
    }

    /** The value of the block at {@code position}. */
    int valueAt(int position) {
        return (int) lowsAndValues[2 * position + 1];
    }

    /** The prefix code of the block at {@code position}: its prefix length, or {@link SnapshotFormat#RUN_CODE}. */
    int codeAt(int position) {
        return (int) (lowsAndValues[2 * position + 1] >>> 32) & 0xFF;
    }

    /** The high half of the last address of the block at {@code position}. */
    long endHigh(int position) {
        int code = codeAt(position);
        if (code == SnapshotFormat.RUN_CODE) {
            if (position + 1 >= size) {
                return -1L;
            }
            return startLow(position + 1) == 0 ? startHigh(position + 1) - 1 : startHigh(position + 1);
        }
        return startHigh(position) | HOST_HIGH[code];
    }

    /** The low half of the last address of the block at {@code position}. */
    long endLow(int position) {
        int code = codeAt(position);
        if (code == SnapshotFormat.RUN_CODE) {
            return position + 1 >= size ? -1L : startLow(position + 1) - 1;
        }
        return startLow(position) | HOST_LOW[code];
    }

    /**
     * Visits the space cut into consecutive ranges, each inside one block or one gap between blocks, in ascending
     * order: what a partition of the space would hold.
     */
    void forEachRange(PolicySnapshot.RangeVisitor visitor) {
        long nextHigh = 0; // the first address not yet visited
        long nextLow = 0;
        boolean done = false;
        for (int i = 0; i < size && !done; i++) {
            long sHigh = startHigh(i);
            long sLow = startLow(i);
            if (sHigh != nextHigh || sLow != nextLow) { // a gap before the block
                visitor.range(nextHigh, nextLow, sLow == 0 ? sHigh - 1 : sHigh, sLow - 1);
            }
            long eHigh = endHigh(i);
            long eLow = endLow(i);
            visitor.range(sHigh, sLow, eHigh, eLow);
            done = eHigh == -1L && eLow == -1L;
            nextLow = eLow + 1;
            nextHigh = nextLow == 0 ? eHigh + 1 : eHigh;
        }
        if (!done) {
            visitor.range(nextHigh, nextLow, -1L, -1L);
        }
    }
}
