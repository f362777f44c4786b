package io.gatelist.lookup;

import java.nio.IntBuffer;

/**
 * Sorted, disjoint IPv4 ranges with a value each, searched through an index on leading address bits.
 *
 * <p>The index holds, for every bucket of {@code bits} address bits (after {@code skip} bits that every range
 * shares), the number of ranges starting before the bucket, so a lookup binary-searches only the ranges that
 * start inside the bucket plus the one before it: usually one or two cache lines.
 */
final class RangeTable4 {

    static final RangeTable4 EMPTY = new RangeTable4(1, 0, 0, IntBuffer.wrap(new int[] {0, 0, 0}),
            IntBuffer.wrap(new int[0]), IntBuffer.wrap(new int[0]));

    private final int shift;
    private final int skip;
    private final int prefix;
    private final IntBuffer index;
    private final IntBuffer starts;
    private final IntBuffer records;
    private final int size;

    RangeTable4(int bits, int skip, int prefix, IntBuffer index, IntBuffer starts, IntBuffer records) {
        this.shift = 32 - bits;
        this.skip = skip;
        this.prefix = prefix;
        this.index = index;
        this.starts = starts;
        this.records = records;
        this.size = starts.limit();
    }

    int size() {
        return size;
    }

    /** The position of the range containing {@code address}, or -1. */
    int find(int address) {
        if (size == 0 || (skip != 0 && (address >>> (32 - skip)) != prefix)) {
            return -1;
        }
        int bucket = (address << skip) >>> shift;
        int lo = index.get(bucket) - 1;
        int hi = index.get(bucket + 1) - 1;
        int key = address ^ Integer.MIN_VALUE; // unsigned order through signed compares
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if ((starts.get(mid) ^ Integer.MIN_VALUE) <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo < 0 || (records.get(lo << 1) ^ Integer.MIN_VALUE) < key) {
            return -1;
        }
        return lo;
    }

    /** The value of the range containing {@code address}, or 0. */
    int value(int address) {
        int position = find(address);
        return position < 0 ? 0 : records.get((position << 1) + 1);
    }

    int start(int position) {
        return starts.get(position);
    }

    int end(int position) {
        return records.get(position << 1);
    }

    int valueAt(int position) {
        return records.get((position << 1) + 1);
    }
}
