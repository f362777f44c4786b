package io.gatelist.lookup;

/**
 * The IPv4 address space cut into consecutive ranges, each with a value (0 where no entry applies), searched
 * through an index on the leading address bits.
 *
 * <p>A range is given by its first address (a boundary); it ends where the next one starts, so one boundary
 * costs 8 bytes and a gap between entries is just a range with value 0. Boundaries and values are interleaved
 * in one {@code int[]}, exactly as in the file, so that the value sits in the cache line the search already
 * read and opening is a bulk copy. The index, written by the compiler beside the table, holds for every bucket of
 * leading bits the last boundary at or before the bucket's first address: a lookup reads two adjacent index
 * slots and searches the one or two boundaries between them. Heap arrays rather than views of the mapped file:
 * on Java 17 the buffer accessors cost about twice as much in this loop (see docs/snapshot-format.md).
 */
final class RangeTable4 {

    /** A table without entries: one range, the whole space, value 0. */
    static final RangeTable4 EMPTY = of(new int[] {0, 0});

    /** Pairs: first address (unsigned), value. */
    private final int[] table;
    private final int[] index;
    private final int shift;

    private RangeTable4(int[] table, int bits, int[] index) {
        this.table = table;
        this.shift = 32 - bits;
        this.index = index;
    }

    /**
     * A table and its index.
     *
     * @param table pairs of (first address, value); the first address is 0 and they ascend strictly as unsigned
     *              numbers (the parser checks both)
     */
    static RangeTable4 of(int[] table) {
        return of(table, indexBits(table.length / 2));
    }

    /** As {@link #of(int[])} with an index on {@code bits} leading bits (1 to 24). */
    static RangeTable4 of(int[] table, int bits) {
        int[] slots = new int[(1 << bits) + 1];
        int shift = 32 - bits;
        for (int i = 0; i < table.length; i += 2) {
            slots[slot(table[i], shift)] = i / 2;
        }
        return indexed(table, bits, slots);
    }

    /**
     * A table whose boundaries were already placed in {@code slots} (boundary {@code i} stored at
     * {@code slots[slot(start, 32 - bits)]}, later ones overwriting earlier ones; the parser does it in its
     * validation pass, sparing a pass over the table). {@code slots} becomes the index.
     */
    static RangeTable4 indexed(int[] table, int bits, int[] slots) {
        // index[b] = the last boundary at or before bucket b's first address: the last one placed at or before
        // b, i.e. a running maximum (boundary numbers ascend; unplaced slots hold 0, and boundary 0 is at slot 0).
        int last = 0;
        for (int b = 0; b < slots.length; b++) {
            last = Math.max(last, slots[b]);
            slots[b] = last;
        }
        return new RangeTable4(table, bits, slots);
    }

    /**
     * The first bucket whose first address is not below {@code start}: where a boundary is placed. A plain
     * store per boundary (no count to increment) keeps the parser's pass free of store-to-load dependencies.
     */
    static int slot(int start, int shift) {
        return (int) ((Integer.toUnsignedLong(start) + (1L << shift) - 1) >>> shift);
    }

    /** See {@link SnapshotFormat#indexBits(long)}. */
    static int indexBits(int boundaries) {
        return SnapshotFormat.indexBits(boundaries);
    }

    /**
     * A table with the index the compiler stored beside it ({@code index[b]}: the last boundary at or before
     * bucket {@code b}'s first address; the parser checked that it is non-decreasing and inside the table).
     */
    static RangeTable4 withIndex(int[] table, int bits, int[] index) {
        return new RangeTable4(table, bits, index);
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
        int key = address + Integer.MIN_VALUE; // unsigned order through signed compares
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (table[2 * mid] + Integer.MIN_VALUE <= key) {
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
        return table[2 * position];
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
