package io.gatelist.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexed search of both range tables against a sorted map's floor search, on tables of many sizes (so the
 * index width varies) with boundaries on bucket edges, at the ends of the space and clustered under a common
 * prefix.
 */
class RangeTableTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 1000, 40_000})
    void ipv4SearchAgreesWithAFloorSearch(int boundaries) {
        Random r = new Random(boundaries);
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(0L);
        int bits = RangeTable4.indexBits(boundaries);
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
        RangeTable4 t = RangeTable4.of(table);
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
    @ValueSource(ints = {1, 2, 5, 300, 20_000})
    void ipv6SearchAgreesWithAFloorSearch(int boundaries) {
        Random r = new Random(boundaries * 31L);
        TreeSet<long[]> starts = new TreeSet<>(RangeTableTest::compare);
        starts.add(new long[] {0, 0});
        boolean clustered = boundaries % 2 == 1; // odd sizes: all under 2001:db8::/32, so a prefix is skipped
        while (starts.size() < boundaries) {
            long high = clustered ? 0x20010db800000000L | (r.nextLong() >>> 32 >>> r.nextInt(32))
                    : 0x2000000000000000L | (r.nextLong() >>> 3);
            long low = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> r.nextLong();
                default -> -1L;
            };
            if (r.nextInt(10) == 0) {
                high = -1L; // the top of the space, outside any common prefix
            }
            starts.add(new long[] {high, low});
        }
        long[][] sorted = starts.toArray(new long[0][]);
        long[] table = new long[2 * sorted.length];
        int[] values = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            table[2 * i] = sorted[i][0] ^ Long.MIN_VALUE;
            table[2 * i + 1] = sorted[i][1] ^ Long.MIN_VALUE;
            values[i] = i + 1;
        }
        RangeTable6 t = new RangeTable6(table, values);
        TreeMap<long[], Integer> reference = new TreeMap<>(RangeTableTest::compare);
        for (int i = 0; i < sorted.length; i++) {
            reference.put(sorted[i], i);
        }
        for (long[] s : sorted) {
            long[] below = s[1] == 0 ? new long[] {s[0] - 1, -1L} : new long[] {s[0], s[1] - 1};
            long[] above = s[1] == -1L ? new long[] {s[0] + 1, 0} : new long[] {s[0], s[1] + 1};
            for (long[] probe : new long[][] {below, s, above}) {
                if (reference.floorEntry(probe) != null) { // not wrapped around the space
                    assertEquals(reference.floorEntry(probe).getValue(), t.find(probe[0], probe[1]),
                            Arrays.toString(probe));
                }
            }
        }
        for (int q = 0; q < 20_000; q++) {
            long high = switch (r.nextInt(3)) {
                case 0 -> r.nextLong();
                case 1 -> 0x20010db800000000L | (r.nextLong() >>> 32);
                default -> sorted[r.nextInt(sorted.length)][0];
            };
            long[] probe = {high, r.nextLong()};
            assertEquals(reference.floorEntry(probe).getValue(), t.find(probe[0], probe[1]), Arrays.toString(probe));
        }
        assertEquals(0, t.find(0, 0));
        assertEquals(sorted.length - 1, t.find(-1L, -1L));
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(sorted[i][0], t.startHigh(i));
            assertEquals(sorted[i][1], t.startLow(i));
            assertEquals(i + 1, t.valueAt(i));
        }
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }
}
