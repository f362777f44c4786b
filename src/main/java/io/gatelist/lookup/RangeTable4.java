package io.gatelist.lookup;

/**
 * The IPv4 address space cut into consecutive ranges, each with a value (0 where no entry applies), searched
 * through an index on the leading address bits.
 *
 * <p>A range is given by its first address (a boundary); it ends where the next one starts, so one boundary
 * costs 8 bytes and a gap between entries is just a range with value 0. Boundaries and values are interleaved
 * in one {@code int[]} so that the value sits in the cache line the search already read. The index, built
 * when the snapshot is opened, holds for every bucket of leading bits the last boundary at or before the
 * bucket's first address: a lookup reads two adjacent index slots and searches the one or two boundaries
 * between them. Heap arrays rather than views of the mapped file: on Java 17 the buffer accessors cost about
 * twice as much in this loop (measured; see docs/snapshot-format.md).
 */
final class RangeTable4 {

    /** A table without entries: one range, the whole space, value 0. */
    static final RangeTable4 EMPTY = new RangeTable4(new int[] {Integer.MIN_VALUE, 0});

    /** Pairs: first address with the sign bit flipped (so signed order is address order), value. */
    private final int[] table;
    private final int[] index;
    private final int shift;

    /**
     * @param table pairs of (first address ^ {@link Integer#MIN_VALUE}, value); the first address of the first
     *              pair is 0 and the addresses ascend strictly (the parser checks both)
     */
    RangeTable4(int[] table) {
        this(table, indexBits(table.length / 2));
    }

    /** As {@link #RangeTable4(int[])} with an index on {@code bits} leading bits (1 to 24). */
    RangeTable4(int[] table, int bits) {
        this.table = table;
        int n = table.length / 2;
        this.shift = 32 - bits;
        int buckets = 1 << bits;
        this.index = new int[buckets + 1];
        // Bucket k holds the last boundary at or before its first address: it is i - 1 for the first boundary i
        // that starts after that address. One pass over the boundaries, the rest is Arrays.fill.
        int filled = 0;
        for (int i = 1; i < n; i++) {
            int start = table[2 * i] ^ Integer.MIN_VALUE;
            int bucket = start >>> shift;
            int last = (start << bits) == 0 ? bucket - 1 : bucket; // buckets whose first address is below start
            if (last >= filled) {
                java.util.Arrays.fill(index, filled, last + 1, i - 1);
                filled = last + 1;
            }
        }
        java.util.Arrays.fill(index, filled, buckets + 1, n - 1);
    }

    /**
     * About one bucket per boundary: fewer makes each search longer, more makes the index a larger share of
     * what a lookup pulls into the cache. Capped at 2^22 buckets (16 MiB).
     */
    static int indexBits(int boundaries) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, boundaries - 1));
        return Math.max(1, Math.min(22, bits));
    }

    /** The number of ranges (boundaries), gaps included. */
    int size() {
        return table.length / 2;
    }

    /** The position of the range containing {@code address}. */
    int find(int address) {
        int bucket = address >>> shift;
        int lo = index[bucket];
        int hi = index[bucket + 1];
        int key = address ^ Integer.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (table[2 * mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The value of the range containing {@code address}; 0 when no entry applies. */
    int value(int address) {
        return table[2 * find(address) + 1];
    }

    /** The first address of the range at {@code position}. */
    int start(int position) {
        return table[2 * position] ^ Integer.MIN_VALUE;
    }

    /** The last address of the range at {@code position}. */
    int end(int position) {
        return position + 1 < size() ? start(position + 1) - 1 : -1;
    }

    /** The value of the range at {@code position}. */
    int valueAt(int position) {
        return table[2 * position + 1];
    }
}
