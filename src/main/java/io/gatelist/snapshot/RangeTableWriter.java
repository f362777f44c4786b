package io.gatelist.snapshot;

import static io.gatelist.lookup.format.SnapshotFormat.IPV4_BOUNDARY_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.IPV6_BLOCK_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.IPV6_GROUPS;
import static io.gatelist.lookup.format.SnapshotFormat.RUN_CODE;

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
        if (width == 32) {
            Boundaries b = boundaries(ranges, width);
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
            Blocks b = blocks6(ranges);
            ByteBuffer data = buffer((long) IPV6_BLOCK_SIZE * b.size);
            int[] groups = new int[IPV6_GROUPS];
            for (int i = 0; i < b.size; i++) {
                // The top byte is the group's; the prefix code takes its place.
                data.putLong(16 * i, (long) b.code[i] << 56 | (b.high[i] & 0x00FF_FFFF_FFFF_FFFFL))
                        .putLong(16 * i + 8, b.low[i]).putInt(16 * b.size + 4 * i, b.value[i]);
                groups[(int) (b.high[i] >>> 56) + 1]++;
            }
            for (int g = 1; g < IPV6_GROUPS; g++) {
                groups[g] += groups[g - 1];
            }
            sections.add(new Section(id, b.size, data));
            ByteBuffer groupData = buffer(4L * IPV6_GROUPS);
            groupData.asIntBuffer().put(groups);
            sections.add(new Section(id + 1, IPV6_GROUPS, groupData));
        }
    }

    /**
     * The index of an IPv4 table: for every bucket of {@link io.gatelist.lookup.format.SnapshotFormat#indexBits}
     * leading bits, and one past the last, the last boundary at or before the bucket's first address. Stored so that
     * the reader checks it in a pass over the index instead of placing every boundary in a bucket.
     */
    static int[] index4(Boundaries b) {
        int bits = io.gatelist.lookup.format.SnapshotFormat.indexBits(b.size);
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

    /**
     * The blocks of an IPv6 table. A flattened range followed by another with no gap between them (or reaching the
     * end of the space) is a run: it ends where the next block starts. A range followed by a gap is written as its
     * CIDR prefixes when it is one or two of them (an entry with nothing nested in it is one: the common case),
     * else as a run followed by a value-0 run that covers the gap; either way at most two blocks per range.
     */
    static Blocks blocks6(RangeFlattener.Ranges ranges) {
        Blocks out = new Blocks(2 * ranges.size + 1);
        for (int i = 0; i < ranges.size; i++) {
            long sHigh = ranges.startHigh[i];
            long sLow = ranges.startLow[i];
            long eHigh = ranges.endHigh[i];
            long eLow = ranges.endLow[i];
            int v = ranges.value[i];
            long nextLow = eLow + 1;
            long nextHigh = nextLow == 0 ? eHigh + 1 : eHigh;
            boolean last = eHigh == -1L && eLow == -1L;
            boolean adjacent = last || i + 1 < ranges.size && ranges.startHigh[i + 1] == nextHigh
                    && ranges.startLow[i + 1] == nextLow;
            int first = prefixLength(sHigh, sLow, eHigh, eLow);
            if (adjacent) {
                out.add(sHigh, sLow, RUN_CODE, v);
                continue;
            }
            long firstEndLow = sLow | (first <= 64 ? -1L : first == 128 ? 0 : -1L >>> (first - 64));
            long firstEndHigh = sHigh | (first >= 64 ? 0 : first == 0 ? -1L : -1L >>> first);
            if (firstEndHigh == eHigh && firstEndLow == eLow) {
                out.add(sHigh, sLow, first, v); // one prefix
                continue;
            }
            long secondLow = firstEndLow + 1;
            long secondHigh = secondLow == 0 ? firstEndHigh + 1 : firstEndHigh;
            int second = prefixLength(secondHigh, secondLow, eHigh, eLow);
            long secondEndLow = secondLow | (second <= 64 ? -1L : second == 128 ? 0 : -1L >>> (second - 64));
            long secondEndHigh = secondHigh | (second >= 64 ? 0 : second == 0 ? -1L : -1L >>> second);
            if (secondEndHigh == eHigh && secondEndLow == eLow) {
                out.add(sHigh, sLow, first, v); // two prefixes
                out.add(secondHigh, secondLow, second, v);
            } else {
                out.add(sHigh, sLow, RUN_CODE, v);
                out.add(nextHigh, nextLow, RUN_CODE, 0);
            }
        }
        return out;
    }

    /**
     * The length of the largest prefix block that starts at {@code s} and ends at or before {@code e}: as long as
     * both the alignment of {@code s} and the size of the range allow.
     */
    static int prefixLength(long sHigh, long sLow, long eHigh, long eLow) {
        int aligned = sLow != 0 ? Long.numberOfTrailingZeros(sLow) : 64 + Long.numberOfTrailingZeros(sHigh);
        // size - 1 = e - s as 128 bits; the block 2^k fits when 2^k - 1 <= e - s.
        long dLow = eLow - sLow;
        long dHigh = eHigh - sHigh - (Long.compareUnsigned(eLow, sLow) < 0 ? 1 : 0);
        int fits; // the largest k with 2^k - 1 <= d
        if (dHigh == -1L && dLow == -1L) {
            fits = 128;
        } else {
            long pLow = dLow + 1;
            long pHigh = pLow == 0 ? dHigh + 1 : dHigh;
            fits = pHigh != 0 ? 127 - Long.numberOfLeadingZeros(pHigh) : 63 - Long.numberOfLeadingZeros(pLow);
        }
        return 128 - Math.min(aligned, fits);
    }

    /** IPv6 blocks as parallel arrays. */
    static final class Blocks {
        final long[] high;
        final long[] low;
        final int[] code;
        final int[] value;
        int size;

        Blocks(int capacity) {
            high = new long[capacity];
            low = new long[capacity];
            code = new int[capacity];
            value = new int[capacity];
        }

        void add(long h, long l, int c, int v) {
            high[size] = h;
            low[size] = l;
            code[size] = c;
            value[size] = v;
            size++;
        }
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
