package io.gatelist.lookup;

import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Sorted, disjoint IPv6 ranges with a value each; the IPv6 counterpart of {@link RangeTable4}. The index is
 * taken on the high 64 bits after the {@code skip} leading bits that every range shares (most policy entries
 * sit in 2000::/3, so a fixed /16 index would put them all in a handful of buckets).
 */
final class RangeTable6 {

    static final RangeTable6 EMPTY = new RangeTable6(1, 0, 0, IntBuffer.wrap(new int[] {0, 0, 0}),
            LongBuffer.wrap(new long[0]), LongBuffer.wrap(new long[0]), LongBuffer.wrap(new long[0]));

    private final int shift;
    private final int skip;
    private final long prefix;
    private final IntBuffer index;
    private final LongBuffer startsHigh;
    private final LongBuffer startsLow;
    private final LongBuffer records; // endHi, endLo, value (low 32 bits of the third long)
    private final int size;

    RangeTable6(int bits, int skip, long prefix, IntBuffer index, LongBuffer startsHigh, LongBuffer startsLow,
            LongBuffer records) {
        this.shift = 64 - bits;
        this.skip = skip;
        this.prefix = prefix;
        this.index = index;
        this.startsHigh = startsHigh;
        this.startsLow = startsLow;
        this.records = records;
        this.size = startsHigh.limit();
    }

    int size() {
        return size;
    }

    /** The position of the range containing {@code hi:lo}, or -1. */
    int find(long hi, long lo) {
        if (size == 0 || (skip != 0 && (hi >>> (64 - skip)) != prefix)) {
            return -1;
        }
        int bucket = (int) ((hi << skip) >>> shift);
        int low = index.get(bucket) - 1;
        int high = index.get(bucket + 1) - 1;
        long keyHi = hi ^ Long.MIN_VALUE;
        long keyLo = lo ^ Long.MIN_VALUE;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            long startHi = startsHigh.get(mid) ^ Long.MIN_VALUE;
            if (startHi < keyHi || (startHi == keyHi && (startsLow.get(mid) ^ Long.MIN_VALUE) <= keyLo)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        if (low < 0) {
            return -1;
        }
        int r = low * 3;
        long endHi = records.get(r) ^ Long.MIN_VALUE;
        if (endHi < keyHi || (endHi == keyHi && (records.get(r + 1) ^ Long.MIN_VALUE) < keyLo)) {
            return -1;
        }
        return low;
    }

    /** The value of the range containing {@code hi:lo}, or 0. */
    int value(long hi, long lo) {
        int position = find(hi, lo);
        return position < 0 ? 0 : valueAt(position);
    }

    long startHigh(int position) {
        return startsHigh.get(position);
    }

    long startLow(int position) {
        return startsLow.get(position);
    }

    long endHigh(int position) {
        return records.get(position * 3);
    }

    long endLow(int position) {
        return records.get(position * 3 + 1);
    }

    int valueAt(int position) {
        return (int) records.get(position * 3 + 2);
    }
}
