package io.gatelist.snapshot;

import static io.gatelist.lookup.SnapshotFormat.INDEX_PARAMS_SIZE;
import static io.gatelist.lookup.SnapshotFormat.IPV4_RECORD_SIZE;
import static io.gatelist.lookup.SnapshotFormat.IPV6_RECORD_SIZE;
import static io.gatelist.lookup.SnapshotFormat.PART_INDEX;
import static io.gatelist.lookup.SnapshotFormat.PART_RECORDS;
import static io.gatelist.lookup.SnapshotFormat.PART_STARTS;
import static io.gatelist.lookup.SnapshotFormat.PART_STARTS_LOW;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Lays out one range table (index, starts, records) as snapshot sections.
 *
 * <p>The index covers {@code bits} address bits after the {@code skip} leading bits that every range shares,
 * with about one bucket per range (2 to 4 bytes per range), so a lookup searches one or two ranges.
 */
final class RangeTableWriter {

    private static final int MAX_INDEX_BITS = 24;

    private RangeTableWriter() {
    }

    /** Adds the sections of a table to {@code sections}; an empty table adds none. */
    static void write(int table, RangeFlattener.Ranges ranges, int width, List<Section> sections) {
        int n = ranges.size;
        if (n == 0) {
            return;
        }
        int bits = Math.max(1, Math.min(MAX_INDEX_BITS, 31 - Integer.numberOfLeadingZeros(n)));
        bits = Math.min(bits, width == 32 ? 32 : 64);
        int skip;
        long prefix;
        if (width == 32) {
            long first = ranges.startLow[0];
            long last = ranges.endLow[n - 1];
            int common = Integer.numberOfLeadingZeros((int) (first ^ last));
            skip = Math.min(common, 32 - bits);
            prefix = skip == 0 ? 0 : (first >>> (32 - skip));
        } else {
            long first = ranges.startHigh[0];
            long last = ranges.endHigh[n - 1];
            int common = Long.numberOfLeadingZeros(first ^ last);
            skip = Math.min(common, 64 - bits);
            prefix = skip == 0 ? 0 : (first >>> (64 - skip));
        }
        int buckets = 1 << bits;
        ByteBuffer index = buffer(INDEX_PARAMS_SIZE + 4L * (buckets + 1));
        index.put(0, (byte) bits).put(1, (byte) skip).putLong(8, prefix);
        int position = 0;
        for (int bucket = 0; bucket <= buckets; bucket++) {
            while (position < n && bucketOf(ranges, position, width, skip, bits) < bucket) {
                position++;
            }
            index.putInt(INDEX_PARAMS_SIZE + 4 * bucket, position);
        }
        sections.add(new Section(table | PART_INDEX, buckets, index));
        if (width == 32) {
            ByteBuffer starts = buffer(4L * n);
            ByteBuffer records = buffer((long) IPV4_RECORD_SIZE * n);
            for (int i = 0; i < n; i++) {
                starts.putInt(4 * i, (int) ranges.startLow[i]);
                records.putInt(8 * i, (int) ranges.endLow[i]).putInt(8 * i + 4, ranges.value[i]);
            }
            sections.add(new Section(table | PART_STARTS, n, starts));
            sections.add(new Section(table | PART_RECORDS, n, records));
        } else {
            ByteBuffer startsHigh = buffer(8L * n);
            ByteBuffer startsLow = buffer(8L * n);
            ByteBuffer records = buffer((long) IPV6_RECORD_SIZE * n);
            for (int i = 0; i < n; i++) {
                startsHigh.putLong(8 * i, ranges.startHigh[i]);
                startsLow.putLong(8 * i, ranges.startLow[i]);
                int r = IPV6_RECORD_SIZE * i;
                records.putLong(r, ranges.endHigh[i]).putLong(r + 8, ranges.endLow[i])
                        .putInt(r + 16, ranges.value[i]).putInt(r + 20, 0);
            }
            sections.add(new Section(table | PART_STARTS, n, startsHigh));
            sections.add(new Section(table | PART_STARTS_LOW, n, startsLow));
            sections.add(new Section(table | PART_RECORDS, n, records));
        }
    }

    private static int bucketOf(RangeFlattener.Ranges ranges, int i, int width, int skip, int bits) {
        if (width == 32) {
            return ((int) ranges.startLow[i] << skip) >>> (32 - bits);
        }
        return (int) ((ranges.startHigh[i] << skip) >>> (64 - bits));
    }

    static ByteBuffer buffer(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalStateException("snapshot section larger than 2 GiB");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A section to be placed in the file. */
    record Section(int id, long count, ByteBuffer data) {
    }
}
