package io.gatelist.bench;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import java.util.Arrays;
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
 * IPv4 lookups against blocklist-like lists ({@link BlocklistData}): Gatelist's full standard evaluation beside
 * baselines on the same entries in the same run: {@code Arrays.binarySearch} over the sorted disjoint ranges,
 * the same ranges with a /16 index (the "single flat-range lookup"), and IPAddress's trie
 * ({@code elementContains}, {@code longestPrefixMatch}). The union of the entries is far smaller than the
 * snapshot's partition (nested and adjacent entries merge, and at 1,000,000 entries the 1% of /8-/15 entries
 * cover almost the whole space; the setup prints both sizes), so a second flat
 * baseline searches the snapshot's own ranges, with their values, through the same /16 index: the cost of one
 * lookup that still tells entries apart, without the evaluation's steps. Each invocation evaluates the next address of a fixed
 * random sequence of 1,048,576; the snapshot is opened from a file, memory-mapped, as users open it.
 *
 * <p>{@code gatelistStandardFourSteps}: the caller gives the connecting server's country (the country lists
 * are array lookups). {@code gatelistStandardGeoCountry}: no country given, so every address that no IP entry
 * decides is also looked up in the snapshot's IP-to-country table ({@value BlocklistData#GEO_RANGES} ranges).
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LookupBenchmark {

    static final int QUERIES = 1 << 20;

    /** The entries and the query sequence, shared by every benchmark of a trial. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"100000", "1000000"})
        int entries;

        /** Reputation feed entries compiled beside the lists (half standard, half dynamic); 0: no feeds. */
        @Param({"0"})
        int feedEntries;

        BlocklistData lists;
        BlocklistData feeds;
        int[] queries;
        /** Half inside a random entry, half anywhere: the IPv6 benchmark's mix, for the IPv6/IPv4 ratio. */
        int[] halfInside;
        int[] countries;

        @Setup
        public void setUp() {
            lists = new BlocklistData(4, entries, 42);
            feeds = feedEntries == 0 ? null : new BlocklistData(4, feedEntries, 43);
            queries = BlocklistData.ipv4Queries(QUERIES, 7);
            halfInside = lists.ipv4HalfInsideQueries(QUERIES, 8);
            countries = BlocklistData.queryCountries(QUERIES, 11);
        }
    }

    /** Where each thread is in the query sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** The compiled snapshot. */
    @State(Scope.Benchmark)
    public static class Snapshot {
        PolicySnapshot snapshot;

        @Setup
        public void setUp(Data data) throws Exception {
            snapshot = data.lists.openSnapshot(data.feeds);
        }
    }

    /** The union of all entries as sorted disjoint ranges, for the array baselines. */
    @State(Scope.Benchmark)
    public static class FlatRanges {
        int[] starts; // sign bit flipped: signed order is address order
        int[] ends;
        int[] index16;

        @Setup
        public void setUp(Data data) {
            int n = data.entries;
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (data.lists.low[i] << 6) | data.lists.length[i];
            }
            Arrays.sort(packed);
            int[] s = new int[n];
            int[] e = new int[n];
            int count = 0;
            for (long p : packed) {
                long start = p >>> 6;
                long end = start | (0xFFFFFFFFL >>> (p & 63));
                if (count > 0 && start <= Integer.toUnsignedLong(e[count - 1])) {
                    if (end > Integer.toUnsignedLong(e[count - 1])) {
                        e[count - 1] = (int) end;
                    }
                    continue;
                }
                s[count] = (int) start ^ Integer.MIN_VALUE;
                e[count] = (int) end;
                count++;
            }
            starts = Arrays.copyOf(s, count);
            ends = Arrays.copyOf(e, count);
            System.out.printf("%n# the union of the entries: %,d ranges%n", count);
            index16 = new int[65537];
            int position = 0;
            for (int bucket = 0; bucket <= 65536; bucket++) {
                while (position < count && ((starts[position] ^ Integer.MIN_VALUE) >>> 16) < bucket) {
                    position++;
                }
                index16[bucket] = position;
            }
        }
    }

    /**
     * The snapshot's IPv4 partition (every range, gaps included, as the snapshot walks it) as sorted starts and
     * a value per range, /16-indexed like {@link FlatRanges}: a flat lookup that answers which range, not only
     * whether some entry covers the address.
     */
    @State(Scope.Benchmark)
    public static class Partition {
        int[] starts; // sign bit flipped
        int[] values;
        int[] index16;

        @Setup
        public void setUp(Snapshot s) {
            int[][] ranges = {new int[1024], new int[1024]};
            int[] count = {0};
            boolean[] policyDone = {false};
            s.snapshot.forEachRange(4, (startHigh, startLow, endHigh, endLow) -> {
                if (policyDone[0] || count[0] > 0 && startLow == 0) {
                    policyDone[0] = true; // the IP-to-country table follows the policy table
                    return;
                }
                if (count[0] == ranges[0].length) {
                    ranges[0] = Arrays.copyOf(ranges[0], 2 * count[0]);
                    ranges[1] = Arrays.copyOf(ranges[1], 2 * count[0]);
                }
                int start = (int) startLow;
                ranges[0][count[0]] = start ^ Integer.MIN_VALUE;
                // Any per-range value serves the baseline; the verdict of the range's first address is one.
                ranges[1][count[0]] = (int) s.snapshot.evaluateIpv4(start, CountryCodes.index("US"), Mode.STANDARD);
                count[0]++;
            });
            starts = Arrays.copyOf(ranges[0], count[0]);
            values = Arrays.copyOf(ranges[1], count[0]);
            System.out.printf("%n# the snapshot's IPv4 partition: %,d ranges%n", starts.length);
            index16 = new int[65537];
            int position = 0;
            for (int bucket = 0; bucket <= 65536; bucket++) {
                while (position < starts.length && ((starts[position] ^ Integer.MIN_VALUE) >>> 16) < bucket) {
                    position++;
                }
                index16[bucket] = position;
            }
        }
    }

    /** IPAddress's IPv4 trie of the same entries, and the queries as its address objects. */
    @State(Scope.Benchmark)
    public static class Trie {
        IPv4AddressTrie trie;
        IPv4Address[] queries;

        @Setup
        public void setUp(Data data) {
            trie = new IPv4AddressTrie();
            for (int i = 0; i < data.entries; i++) {
                trie.add(new IPv4Address((int) data.lists.low[i], data.lists.length[i]).toPrefixBlock());
            }
            // The objects are made outside the measurement: only the trie's own work is timed.
            queries = new IPv4Address[QUERIES];
            for (int i = 0; i < QUERIES; i++) {
                queries[i] = new IPv4Address(data.queries[i]);
            }
        }
    }

    @Benchmark
    public long gatelistStandardFourSteps(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv4(data.queries[i], data.countries[i], Mode.STANDARD);
    }

    /**
     * The same four steps without naming the deciding address entry ({@code decideIpv4}: a /18 block index over
     * the joined ranges, a verdict table per country and kind).
     */
    @Benchmark
    public long gatelistStandardFourStepsDecide(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.decideIpv4(data.queries[i], data.countries[i], Mode.STANDARD);
    }

    /**
     * {@code gatelistStandardFourSteps} on queries made as the IPv6 benchmark makes its own (half inside a random
     * entry): what {@code LookupIpv6Benchmark}'s IPv6 figures are compared with.
     */
    @Benchmark
    public long gatelistStandardFourStepsHalfInside(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv4(data.halfInside[i], data.countries[i], Mode.STANDARD);
    }

    /** {@code gatelistStandardFourStepsDecide} on the half-inside queries. */
    @Benchmark
    public long gatelistStandardFourStepsDecideHalfInside(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.decideIpv4(data.halfInside[i], data.countries[i], Mode.STANDARD);
    }

    @Benchmark
    public long gatelistStandardGeoCountry(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv4(data.queries[i], CountryCodes.UNKNOWN, Mode.STANDARD);
    }

    /** No country given, without naming the entry: the IP-to-country table only where no address step decides. */
    @Benchmark
    public long gatelistStandardGeoCountryDecide(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.decideIpv4(data.queries[i], CountryCodes.UNKNOWN, Mode.STANDARD);
    }

    @Benchmark
    public long gatelistDynamic(Data data, Snapshot s, Cursor c) {
        int i = c.next++ & (QUERIES - 1);
        return s.snapshot.evaluateIpv4(data.queries[i], data.countries[i], Mode.DYNAMIC);
    }

    @Benchmark
    public boolean baselineArraysBinarySearch(Data data, FlatRanges f, Cursor c) {
        int ip = data.queries[c.next++ & (QUERIES - 1)];
        int i = Arrays.binarySearch(f.starts, ip ^ Integer.MIN_VALUE);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && Integer.compareUnsigned(ip, f.ends[i]) <= 0;
    }

    @Benchmark
    public boolean baselineFlatRangesIndex16(Data data, FlatRanges f, Cursor c) {
        int ip = data.queries[c.next++ & (QUERIES - 1)];
        int bucket = ip >>> 16;
        int lo = f.index16[bucket] - 1;
        int hi = f.index16[bucket + 1] - 1;
        int key = ip ^ Integer.MIN_VALUE;
        int[] starts = f.starts;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo >= 0 && Integer.compareUnsigned(ip, f.ends[lo]) <= 0;
    }

    @Benchmark
    public int baselineFlatPartitionIndex16(Data data, Partition p, Cursor c) {
        int ip = data.queries[c.next++ & (QUERIES - 1)];
        int bucket = ip >>> 16;
        // The range holding ip is the last one starting at or before it: at or after index16[bucket] - 1 (the
        // range reaching into the bucket) and before index16[bucket + 1]. Range 0 starts at 0.0.0.0.
        int lo = Math.max(0, p.index16[bucket] - 1);
        int hi = p.index16[bucket + 1] - 1;
        int key = ip ^ Integer.MIN_VALUE;
        int[] starts = p.starts;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return p.values[lo];
    }

    @Benchmark
    public boolean baselineIpaddressElementContains(Trie t, Cursor c) {
        return t.trie.elementContains(t.queries[c.next++ & (QUERIES - 1)]);
    }

    @Benchmark
    public Object baselineIpaddressLongestPrefixMatch(Trie t, Cursor c) {
        return t.trie.longestPrefixMatch(t.queries[c.next++ & (QUERIES - 1)]);
    }
}
