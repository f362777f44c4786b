package io.gatelist.lookup;

/**
 * The IPv6 counterpart of {@link RangeTable4}: the address space cut into consecutive ranges with a value each.
 *
 * <p>The index is taken on the high 64 bits after the leading bits that every boundary but the first (which
 * is always {@code ::}) shares: most entries sit in 2000::/3, often in a few /32s, so an index on fixed leading
 * bits would put them all in a handful of buckets. An address outside that common prefix lies in the first
 * range when it is below the prefix and in the last range when it is above it.
 */
final class RangeTable6 {

    /** A table without entries: one range, the whole space, value 0. */
    static final RangeTable6 EMPTY = new RangeTable6(new long[] {Long.MIN_VALUE, Long.MIN_VALUE}, new int[] {0});

    /** Pairs: high and low half of each range's first address, sign bits flipped so signed order is address order. */
    private final long[] starts;
    private final int[] values;
    private final int[] index;
    private final int skip;
    private final long prefix;
    private final int shift;

    /**
     * @param starts pairs of (high ^ {@link Long#MIN_VALUE}, low ^ {@link Long#MIN_VALUE}); the first is
     *               {@code ::} and they ascend strictly (the parser checks both)
     * @param values one value per range
     */
    RangeTable6(long[] starts, int[] values) {
        this.starts = starts;
        this.values = values;
        int n = values.length;
        int bits = RangeTable4.indexBits(n);
        long firstHigh = n > 1 ? starts[2] ^ Long.MIN_VALUE : 0;
        long lastHigh = starts[2 * (n - 1)] ^ Long.MIN_VALUE;
        int common = n > 1 ? Long.numberOfLeadingZeros(firstHigh ^ lastHigh) : 0;
        this.skip = Math.min(common, 64 - bits);
        this.prefix = top(firstHigh, skip);
        this.shift = 64 - bits;
        int buckets = 1 << bits;
        // As in RangeTable4: count each boundary in the first bucket of the prefix's region whose first address
        // is not below it, then sum. Boundary 0 (::) is at or below every bucket; all others lie in the region.
        int[] slots = new int[buckets + 1];
        slots[0]++;
        for (int i = 1; i < n; i++) {
            long high = starts[2 * i] ^ Long.MIN_VALUE;
            long low = starts[2 * i + 1] ^ Long.MIN_VALUE;
            int bucket = (int) ((high << skip) >>> shift);
            // Two shifts, each below 64: together they clear the whole word when skip + bits == 64.
            boolean aligned = (high << skip << bits) == 0 && low == 0;
            slots[aligned ? bucket : bucket + 1]++;
        }
        int running = -1;
        for (int b = 0; b <= buckets; b++) {
            running += slots[b];
            slots[b] = running;
        }
        this.index = slots;
    }

    /** The leading {@code skip} bits of {@code high}; 0 when {@code skip} is 0 (a shift by 64 is no shift). */
    private static long top(long high, int skip) {
        return (high >>> (63 - skip)) >>> 1;
    }

    /** The number of ranges (boundaries), gaps included. */
    int size() {
        return values.length;
    }

    /** The position of the range containing {@code high:low}. */
    int find(long high, long low) {
        long top = top(high, skip);
        if (top != prefix) {
            return Long.compareUnsigned(top, prefix) < 0 ? 0 : values.length - 1;
        }
        int bucket = (int) ((high << skip) >>> shift);
        int lo = index[bucket];
        int hi = index[bucket + 1];
        long keyHigh = high ^ Long.MIN_VALUE;
        long keyLow = low ^ Long.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long startHigh = starts[2 * mid];
            if (startHigh < keyHigh || startHigh == keyHigh && starts[2 * mid + 1] <= keyLow) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The value of the range containing {@code high:low}; 0 when no entry applies. */
    int value(long high, long low) {
        return values[find(high, low)];
    }

    /** The high half of the first address of the range at {@code position}. */
    long startHigh(int position) {
        return starts[2 * position] ^ Long.MIN_VALUE;
    }

    /** The low half of the first address of the range at {@code position}. */
    long startLow(int position) {
        return starts[2 * position + 1] ^ Long.MIN_VALUE;
    }

    /** The high half of the last address of the range at {@code position}: one before the next range's start. */
    long endHigh(int position) {
        if (position + 1 >= size()) {
            return -1L;
        }
        return startLow(position + 1) == 0 ? startHigh(position + 1) - 1 : startHigh(position + 1);
    }

    /** The low half of the last address of the range at {@code position}. */
    long endLow(int position) {
        return position + 1 >= size() ? -1L : startLow(position + 1) - 1;
    }

    /** The value of the range at {@code position}. */
    int valueAt(int position) {
        return values[position];
    }
}
