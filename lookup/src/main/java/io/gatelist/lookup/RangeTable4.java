package io.gatelist.lookup;

import io.gatelist.lookup.format.SnapshotFormat;
import java.util.Arrays;

/**
 * The IPv4 address space cut into consecutive ranges, each with a value (0 where no entry applies), searched
 * through an index on the leading address bits.
 *
 * <p>A range is given by its first address (a boundary); it ends where the next one starts, so one boundary
 * costs 8 bytes and a gap between entries is just a range with value 0. Boundaries and values are interleaved
 * in one {@code int[]}, exactly as in the file, so that the value sits in the cache line the search already
 * read and opening is a bulk copy. The index, written by the compiler beside the table, holds for every bucket of
 * leading bits the last boundary at or before the bucket's first address: a lookup reads two adjacent index
 * slots and searches the boundaries between them. Heap arrays rather than views of the mapped file: on Java 17
 * the buffer accessors cost about twice as much in this loop (see docs/snapshot-format.md).
 *
 * <p>In a table that stays in the cache ({@link #COUNTED_TABLE_RANGES} ranges or fewer), the search between the
 * two slots has no branch for up to {@link #COUNTED} boundaries, which covers most buckets (index bits are chosen
 * so that a bucket holds one or two boundaries on average; a /32 entry adds two, its start and the address after
 * it): it counts the candidates starting at or before the address. A binary search branches on data as random
 * as the addresses and mispredicts on most lookups; counting measured faster (docs/snapshot-format.md).
 * In a larger table, where each lookup waits on memory, the count measured slower than the search: there the
 * predicted branch lets the processor start the value's load before the comparison is known. The
 * table carries {@link #PADDING} spare ints after its last boundary so that the counted reads never leave it.
 */
final class RangeTable4 {

    /** Boundaries a lookup compares without a branch: candidates beyond it take the binary search. */
    static final int COUNTED = 3;
    /** The largest table searched by counting: 4 MiB of boundaries, a table that stays in the cache. */
    static final int COUNTED_TABLE_RANGES = 1 << 19;
    /** Spare ints after a table's last boundary: one (start, value) pair per counted candidate. */
    static final int PADDING = 2 * COUNTED;

    /** A table without entries: one range, the whole space, value 0. */
    static final RangeTable4 EMPTY = of(new int[] {0, 0});

    /** Pairs: first address (unsigned), value; then {@link #PADDING} spare ints, all ones. */
    private final int[] table;
    private final int size;
    private final int[] index;
    private final int shift;
    private final boolean counted;

    private RangeTable4(int[] table, int size, int bits, int[] index) {
        if (table.length != 2 * size + PADDING) {
            throw new IllegalArgumentException("a table of " + size + " ranges needs " + (2 * size + PADDING)
                    + " ints, not " + table.length);
        }
        // A spare start of 0xFFFFFFFF counts only for the last address, whose range is the last one: the clamp
        // in find() takes care of it. Any smaller start would count for some address and give a wrong range.
        Arrays.fill(table, 2 * size, table.length, -1);
        this.table = table;
        this.size = size;
        this.shift = 32 - bits;
        this.index = index;
        this.counted = size <= COUNTED_TABLE_RANGES;
    }

    /** A table array of {@code ranges} pairs with room for the padding, for the parser to fill. */
    static int[] allocate(int ranges) {
        return new int[2 * ranges + PADDING];
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

    /**
     * As {@link #of(int[])} with an index on {@code bits} leading bits (1 to 24), built as the compiler builds the
     * stored one (for tables made in memory: tests and {@link #EMPTY}).
     */
    static RangeTable4 of(int[] table, int bits) {
        int shift = 32 - bits;
        // Place each boundary in the first bucket whose first address is not below its start (later ones
        // overwrite earlier ones); index[b], the last boundary at or before bucket b's first address, is then the
        // running maximum (boundary numbers ascend; unplaced slots hold 0, and boundary 0 is at slot 0).
        int[] index = new int[(1 << bits) + 1];
        for (int i = 0; i < table.length; i += 2) {
            index[(int) ((Integer.toUnsignedLong(table[i]) + (1L << shift) - 1) >>> shift)] = i / 2;
        }
        for (int b = 1; b < index.length; b++) {
            index[b] = Math.max(index[b - 1], index[b]);
        }
        return new RangeTable4(Arrays.copyOf(table, table.length + PADDING), table.length / 2, bits, index);
    }

    /** See {@link SnapshotFormat#indexBits(long)}. */
    static int indexBits(int boundaries) {
        return SnapshotFormat.indexBits(boundaries);
    }

    /**
     * A table with the index the compiler stored beside it ({@code index[b]}: the last boundary at or before
     * bucket {@code b}'s first address; the parser checked that it is non-decreasing and inside the table).
     *
     * @param table {@code size} pairs in an array from {@link #allocate(int)}
     */
    static RangeTable4 withIndex(int[] table, int size, int bits, int[] index) {
        return new RangeTable4(table, size, bits, index);
    }

    /** The number of ranges (boundaries), gaps included. */
    int size() {
        return size;
    }

    /** The position of the range containing {@code address}. */
    int find(int address) {
        int bucket = address >>> shift;
        int lo = index[bucket];
        int hi = index[bucket + 1];
        int key = address + Integer.MIN_VALUE; // unsigned order through signed compares
        if (hi - lo > COUNTED || !counted) {
            return search(lo, hi, key);
        }
        // The range is lo plus the candidates lo+1 .. hi that start at or before the address. Boundaries after
        // hi start in a later bucket, above the address, so they never count; neither does the padding, except
        // for address 0xFFFFFFFF, whose range is hi (the last one): hence the clamp.
        int[] t = table;
        int p = lo + (t[2 * lo + 2] + Integer.MIN_VALUE <= key ? 1 : 0)
                + (t[2 * lo + 4] + Integer.MIN_VALUE <= key ? 1 : 0)
                + (t[2 * lo + 6] + Integer.MIN_VALUE <= key ? 1 : 0);
        return Math.min(p, hi);
    }

    /** The last boundary in {@code lo..hi} at or before {@code key} (boundary {@code lo} always is). */
    private int search(int lo, int hi, int key) {
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
        return position + 1 < size ? start(position + 1) - 1 : -1;
    }

    /** The value of the range at {@code position}. */
    int valueAt(int position) {
        return table[2 * position + 1];
    }
}
