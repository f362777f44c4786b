package io.gatelist.bench;

import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPv6 lookups against blocklist-like IPv6 lists ({@link BlocklistData}: 60% /128, 20% /64, 20% other lengths,
 * in 2000::/3), beside IPAddress's IPv6 trie on the same entries. Half the queries fall inside an entry, half
 * anywhere in 2000::/3. A flat baseline binary-searches the snapshot's own IPv6 ranges (starts as sign-flipped
 * {@code long} pairs, a value per range) without an index. For the IPv6/IPv4 ratio, compare with
 * {@link LookupBenchmark}'s {@code HalfInside} benchmarks of the same run, whose IPv4 queries are made the same way.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LookupIpv6Benchmark {

    static final int QUERIES = 1 << 20;

    /** The entries and the query sequence. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"100000", "1000000"})
        int entries;

        BlocklistData lists;
        long[] queries; // pairs: high, low
        int[] countries;

        @Setup
        public void setUp() {
            lists = new BlocklistData(6, entries, 43);
            queries = lists.ipv6Queries(QUERIES, 8);
            countries = BlocklistData.queryCountries(QUERIES, 11);
        }
    }

    /** Where each thread is in the query sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** The compiled snapshot, opened from a file. */
    @State(Scope.Benchmark)
    public static class Snapshot {
        PolicySnapshot snapshot;

        @Setup
        public void setUp(Data data) throws Exception {
            snapshot = data.lists.openSnapshot();
        }
    }

    /** The snapshot's IPv6 partition as sorted 128-bit starts and a value per range, for the flat baseline. */
    @State(Scope.Benchmark)
    public static class Partition {
        long[] highs; // sign bit flipped: signed order is address order
        long[] lows;
        int[] values;

        @Setup
        public void setUp(Snapshot s) {
            java.util.List<long[]> ranges = new java.util.ArrayList<>();
            s.snapshot.forEachRange(6, (startHigh, startLow, endHigh, endLow) -> ranges.add(
                    new long[] {startHigh, startLow}));
            int n = 1;
            while (n < ranges.size() && (ranges.get(n)[0] != 0 || ranges.get(n)[1] != 0)) {
                n++; // the IP-to-country table follows the policy table, starting again at ::
            }
            highs = new long[n];
            lows = new long[n];
            values = new int[n];
            for (int i = 0; i < n; i++) {
                highs[i] = ranges.get(i)[0] ^ Long.MIN_VALUE;
                lows[i] = ranges.get(i)[1] ^ Long.MIN_VALUE;
                values[i] = (int) s.snapshot.evaluateIpv6(ranges.get(i)[0], ranges.get(i)[1],
                        CountryCodes.index("US"), Mode.STANDARD);
            }
            System.out.printf("%n# the snapshot's IPv6 partition: %,d ranges%n", n);
        }
    }

    /** IPAddress's IPv6 trie of the same entries, and the queries as its address objects. */
    @State(Scope.Benchmark)
    public static class Trie {
        IPv6AddressTrie trie;
        IPv6Address[] queries;

        @Setup
        public void setUp(Data data) {
            trie = new IPv6AddressTrie();
            for (int i = 0; i < data.entries; i++) {
                trie.add(new IPv6Address(bytes(data.lists.high[i], data.lists.low[i]), data.lists.length[i])
                        .toPrefixBlock());
            }
            queries = new IPv6Address[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                queries[i] = new IPv6Address(bytes(data.queries[2 * i], data.queries[2 * i + 1]));
            }
        }

        private static byte[] bytes(long high, long low) {
            return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
        }
    }

    @Benchmark
    public long gatelistIpv6StandardFourSteps(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv6(data.queries[2 * i], data.queries[2 * i + 1], data.countries[i],
                Mode.STANDARD);
    }

    /** The same four steps without naming the deciding address entry ({@code decideIpv6}). */
    @Benchmark
    public long gatelistIpv6StandardFourStepsDecide(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.decideIpv6(data.queries[2 * i], data.queries[2 * i + 1], data.countries[i],
                Mode.STANDARD);
    }

    @Benchmark
    public long gatelistIpv6GeoCountry(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv6(data.queries[2 * i], data.queries[2 * i + 1], CountryCodes.UNKNOWN,
                Mode.STANDARD);
    }

    @Benchmark
    public int baselineIpv6FlatPartitionBinarySearch(Data data, Partition p, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        long keyHigh = data.queries[2 * i] ^ Long.MIN_VALUE;
        long keyLow = data.queries[2 * i + 1] ^ Long.MIN_VALUE;
        long[] highs = p.highs;
        int lo = 0; // range 0 starts at ::
        int hi = highs.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (highs[mid] < keyHigh || highs[mid] == keyHigh && p.lows[mid] <= keyLow) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return p.values[lo];
    }

    @Benchmark
    public boolean baselineIpaddressIpv6ElementContains(Trie t, Cursor c) {
        return t.trie.elementContains(t.queries[c.next++ & (QUERIES - 1)]);
    }

    @Benchmark
    public Object baselineIpaddressIpv6LongestPrefixMatch(Trie t, Cursor c) {
        return t.trie.longestPrefixMatch(t.queries[c.next++ & (QUERIES - 1)]);
    }
}
