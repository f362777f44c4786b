package io.gatelist.snapshot;

import static io.gatelist.lookup.SnapshotFormat.IPV4_BOUNDARY_SIZE;
import static io.gatelist.lookup.SnapshotFormat.IPV6_BOUNDARY_SIZE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Lays out one range table as a snapshot section: the address space cut at every range's first address and
 * after its last, each piece with its value (0 for the gaps between ranges). Storing only first addresses
 * costs 8 bytes per IPv4 piece instead of 12 for start, end and value, and nested entries (a /32 inside a /24)
 * produce adjacent pieces that need no gap between them. An IPv4 table is followed by its index.
 */
final class RangeTableWriter {

    private RangeTableWriter() {
    }

    /**
     * Adds the section of a table to {@code sections}; an empty table adds none.
     *
     * @param ranges sorted, disjoint ranges with non-zero values
     * @param width  32 or 128
     */
    static void write(int id, RangeFlattener.Ranges ranges, int width, List<Section> sections) {
        if (ranges.size == 0) {
            return;
        }
        Boundaries b = boundaries(ranges, width);
        if (width == 32) {
            ByteBuffer data = buffer((long) IPV4_BOUNDARY_SIZE * b.size);
            for (int i = 0; i < b.size; i++) {
                data.putInt(8 * i, (int) b.low[i]).putInt(8 * i + 4, b.value[i]);
            }
            sections.add(new Section(id, b.size, data));
            int[] index = index4(b);
            ByteBuffer indexData = buffer(4L * index.length);
            indexData.asIntBuffer().put(index);
            sections.add(new Section(id + 1, index.length, indexData));
        } else {
            ByteBuffer data = buffer((long) IPV6_BOUNDARY_SIZE * b.size);
            for (int i = 0; i < b.size; i++) {
                int at = IPV6_BOUNDARY_SIZE * i;
                data.putLong(at, b.high[i]).putLong(at + 8, b.low[i]).putInt(at + 16, b.value[i]).putInt(at + 20, 0);
            }
            sections.add(new Section(id, b.size, data));
        }
    }

    /**
     * The index of an IPv4 table: for every bucket of {@link io.gatelist.lookup.SnapshotFormat#indexBits} leading
     * bits, and one past the last, the last boundary at or before the bucket's first address. Stored so that the
     * reader checks it in a pass over the index instead of placing every boundary in a bucket.
     */
    static int[] index4(Boundaries b) {
        int bits = io.gatelist.lookup.SnapshotFormat.indexBits(b.size);
        int[] index = new int[(1 << bits) + 1];
        int last = 0;
        for (int bucket = 0; bucket < index.length; bucket++) {
            long first = (long) bucket << (32 - bits);
            while (last + 1 < b.size && b.low[last + 1] <= first) {
                last++;
            }
            index[bucket] = last;
        }
        return index;
    }

    /** First addresses and values of the pieces, starting at address 0; neighbours never share a value. */
    static Boundaries boundaries(RangeFlattener.Ranges ranges, int width) {
        Boundaries out = new Boundaries(2 * ranges.size + 1);
        long nextHigh = 0; // the first address not yet covered
        long nextLow = 0;
        boolean spaceLeft = true;
        for (int i = 0; i < ranges.size; i++) {
            long sHigh = ranges.startHigh[i];
            long sLow = ranges.startLow[i];
            if (!spaceLeft || compare(sHigh, sLow, nextHigh, nextLow) < 0) {
                throw new IllegalArgumentException("ranges must be sorted and disjoint");
            }
            if (compare(sHigh, sLow, nextHigh, nextLow) > 0) {
                out.add(nextHigh, nextLow, 0); // the gap before this range
            }
            out.add(sHigh, sLow, ranges.value[i]);
            long eHigh = ranges.endHigh[i];
            long eLow = ranges.endLow[i];
            spaceLeft = !isLast(eHigh, eLow, width);
            nextLow = eLow + 1;
            nextHigh = nextLow == 0 ? eHigh + 1 : eHigh;
        }
        if (spaceLeft) {
            out.add(nextHigh, nextLow, 0);
        }
        return out;
    }

    private static boolean isLast(long high, long low, int width) {
        return width == 32 ? low == 0xFFFFFFFFL : high == -1L && low == -1L;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    static ByteBuffer buffer(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("snapshot section larger than 2 GiB");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Boundaries as parallel arrays (IPv4 uses the low half only). */
    static final class Boundaries {
        final long[] high;
        final long[] low;
        final int[] value;
        int size;

        Boundaries(int capacity) {
            high = new long[capacity];
            low = new long[capacity];
            value = new int[capacity];
        }

        void add(long h, long l, int v) {
            if (size > 0 && value[size - 1] == v) {
                return; // the previous piece simply extends
            }
            high[size] = h;
            low[size] = l;
            value[size] = v;
            size++;
        }
    }

    /** A section to be placed in the file. */
    record Section(int id, long count, ByteBuffer data) {
    }
}
