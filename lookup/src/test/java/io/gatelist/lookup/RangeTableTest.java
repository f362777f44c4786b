package io.gatelist.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.lookup.format.SnapshotFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexed search of both range tables against a sorted map, on tables of many sizes (so the index width
 * varies) with boundaries on bucket edges, at the ends of the space and clustered under a common prefix; IPv6
 * blocks of every prefix length and runs, with the gaps between them.
 */
class RangeTableTest {

    /**
     * {@code indexDelta} widens or narrows the index from the compiler's choice: narrow buckets hold more boundaries
     * than a lookup counts (the binary search), wide ones hold none or a few (the counted path, the padding);
     * 600,000 boundaries are more than a table searched by counting holds.
     */
    @ParameterizedTest
    @CsvSource({"1,0", "2,0", "3,0", "4,0", "5,0", "7,0", "64,0", "1000,0", "40000,0", "7,-2", "64,-4", "1000,-5",
        "40000,-6", "64,3", "1000,4", "600000,0"})
    void ipv4SearchAgreesWithAFloorSearch(int boundaries, int indexDelta) {
        Random r = new Random(boundaries);
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(0L);
        int bits = Math.max(1, Math.min(24, RangeTable4.indexBits(boundaries) + indexDelta));
        while (starts.size() < boundaries) {
            long s = switch (r.nextInt(4)) {
                case 0 -> (long) r.nextInt(1 << bits) << (32 - bits); // exactly on a bucket's first address
                case 1 -> 0xFFFFFFFFL - r.nextInt(4); // at the top of the space
                case 2 -> 0x0A000000L + r.nextInt(1 << 12); // clustered
                default -> Integer.toUnsignedLong(r.nextInt());
            };
            starts.add(s);
        }
        long[] sorted = starts.stream().mapToLong(Long::longValue).toArray();
        int[] table = new int[2 * sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            table[2 * i] = (int) sorted[i];
            table[2 * i + 1] = i + 1;
        }
        RangeTable4 t = RangeTable4.of(table, bits);
        TreeMap<Long, Integer> reference = new TreeMap<>();
        for (int i = 0; i < sorted.length; i++) {
            reference.put(sorted[i], i);
        }
        for (long s : sorted) {
            for (long probe : new long[] {s - 1, s, s + 1}) {
                if (probe >= 0 && probe <= 0xFFFFFFFFL) {
                    assertEquals(reference.floorEntry(probe).getValue(), t.find((int) probe), "address " + probe);
                }
            }
        }
        for (int q = 0; q < 20_000; q++) {
            long probe = Integer.toUnsignedLong(r.nextInt());
            assertEquals(reference.floorEntry(probe).getValue(), t.find((int) probe), "address " + probe);
        }
        assertEquals(0, t.find(0));
        assertEquals(sorted.length - 1, t.find(-1));
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(sorted[i], Integer.toUnsignedLong(t.start(i)));
            assertEquals(i + 1 < sorted.length ? sorted[i + 1] - 1 : 0xFFFFFFFFL, Integer.toUnsignedLong(t.end(i)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 300, 301, 20_000, 20_001, 2_008, 20_008})
    void ipv6BlockSearchAgreesWithAReference(int blocks) {
        Random r = new Random(blocks * 31L);
        boolean clustered = blocks % 2 == 1; // odd sizes: all under 2001:db8::/32, so a prefix is skipped
        // Sizes ending in 8: bursts of 1-8 /128 blocks sharing their high half, so in one bucket: buckets of every
        // fill.
        boolean bursts = blocks % 10 == 8;
        long burstHigh = 0;
        int burstLeft = 0;
        // Disjoint blocks: random prefixes, kept when they overlap none kept before; a few runs between them.
        TreeMap<long[], long[]> kept = new TreeMap<>(RangeTableTest::compare); // start -> {end high, low, length}
        while (kept.size() < blocks) {
            long high = clustered ? 0x20010db800000000L | (r.nextLong() >>> 32 >>> r.nextInt(32))
                    : 0x2000000000000000L | (r.nextLong() >>> 3);
            long low = r.nextLong();
            int length = switch (r.nextInt(4)) {
                case 0 -> 128;
                case 1 -> 64;
                case 2 -> 33 + r.nextInt(95);
                default -> 120 + r.nextInt(9);
            };
            if (!clustered && r.nextInt(50) == 0) {
                length = 8 + r.nextInt(25); // wide: across many buckets of the occupancy grid
            }
            if (bursts) {
                if (burstLeft == 0) {
                    burstHigh = high;
                    burstLeft = 1 + r.nextInt(8);
                }
                high = burstHigh;
                length = 128;
                burstLeft--;
            }
            if (r.nextInt(20) == 0) {
                high = -1L; // the top of the space, outside any common prefix
                length = 112 + r.nextInt(17);
            }
            long maskHigh = length >= 64 ? -1L : -1L << (64 - length);
            long maskLow = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
            long[] start = {high & maskHigh, low & maskLow};
            long[] end = {start[0] | ~maskHigh, start[1] | ~maskLow, length, 0}; // [3]: the value, set below
            var before = kept.floorEntry(end);
            if (before != null && compare(before.getValue(), start) >= 0) {
                continue; // overlaps the block starting at or before our end
            }
            kept.put(start, end);
        }
        long[][] starts = kept.keySet().toArray(new long[0][]);
        long[] highs = new long[starts.length];
        long[] lowsAndValues = new long[2 * starts.length];
        for (int i = 0; i < starts.length; i++) {
            long[] end = kept.get(starts[i]);
            boolean run = i % 7 == 3; // a run: it reaches the next block
            end[3] = i + 1;
            highs[i] = starts[i][0] ^ Long.MIN_VALUE;
            lowsAndValues[2 * i] = starts[i][1] ^ Long.MIN_VALUE;
            lowsAndValues[2 * i + 1] = (i + 1) | (long) (run ? SnapshotFormat.RUN_CODE : (int) end[2]) << 32;
            if (run) {
                end[0] = i + 1 < starts.length ? (starts[i + 1][1] == 0 ? starts[i + 1][0] - 1 : starts[i + 1][0]) : -1L;
                end[1] = i + 1 < starts.length ? starts[i + 1][1] - 1 : -1L;
            }
        }
        RangeTable6 t = new RangeTable6(highs, lowsAndValues);
        List<long[]> probes = new ArrayList<>();
        for (int i = 0; i < starts.length; i++) {
            long[] s = starts[i];
            long[] e = kept.get(s);
            probes.add(s);
            probes.add(new long[] {e[0], e[1]});
            probes.add(s[1] == 0 ? new long[] {s[0] - 1, -1L} : new long[] {s[0], s[1] - 1});
            probes.add(e[1] == -1L ? new long[] {e[0] + 1, 0} : new long[] {e[0], e[1] + 1});
            if (e[0] != s[0]) { // somewhere inside a block whose high halves differ: maybe in a middle bucket
                probes.add(new long[] {s[0] + Long.remainderUnsigned(r.nextLong(), e[0] - s[0]), r.nextLong()});
            }
        }
        for (int q = 0; q < 20_000; q++) {
            long high = switch (r.nextInt(3)) {
                case 0 -> r.nextLong();
                case 1 -> 0x20010db800000000L | (r.nextLong() >>> 32);
                default -> starts.length == 0 ? 0 : starts[r.nextInt(starts.length)][0];
            };
            probes.add(new long[] {high, r.nextLong()});
        }
        probes.add(new long[] {0, 0});
        probes.add(new long[] {-1L, -1L});
        for (long[] probe : probes) {
            var floor = kept.floorEntry(probe);
            int expected = floor != null && compare(probe, floor.getValue()) <= 0
                    ? (int) floor.getValue()[3] : 0;
            assertEquals(expected, t.value(probe[0], probe[1]), Arrays.toString(probe));
        }
        // The walk visits a partition of the space: consecutive ranges, blocks with their bounds.
        long[] next = {0, 0};
        boolean[] done = {false};
        t.forEachRange((sh, sl, eh, el) -> {
            assertEquals(next[0], sh);
            assertEquals(next[1], sl);
            assertEquals(t.value(sh, sl), t.value(eh, el));
            done[0] = eh == -1L && el == -1L;
            next[1] = el + 1;
            next[0] = next[1] == 0 ? eh + 1 : eh;
        });
        assertEquals(true, done[0]);
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }
}
