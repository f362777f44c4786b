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
 * IPv4 lookup against blocklist-like lists: Gatelist's full standard evaluation (four steps) beside baselines on
 * the same entries in the same run: {@code Arrays.binarySearch} over sorted disjoint ranges, the same ranges with a
 * /16 index (the "single flat-range lookup"), and IPAddress's trie ({@code elementContains},
 * {@code longestPrefixMatch}). Each invocation evaluates one address of a fixed random sequence of 1M.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LookupBenchmark {

    @Param({"100000"})
    int entries;

    private static final int QUERIES = 1 << 20;

    PolicySnapshot snapshot;
    int[] queries;
    int next;

    /** Disjoint ranges from the flattened entries, for the baselines: starts, ends. */
    int[] starts;
    int[] ends;
    int[] index16;
    IPv4AddressTrie trie;
    IPv4Address[] trieQueries;

    @Setup
    public void setUp() throws Exception {
        BlocklistData data = new BlocklistData(entries, 42);
        snapshot = data.snapshot();
        queries = BlocklistData.queries(QUERIES, 7);
        // Baselines work on the union of all entries flattened to disjoint ranges (sorted by unsigned start).
        long[] ranges = new long[entries];
        for (int i = 0; i < entries; i++) {
            long start = Integer.toUnsignedLong(data.address[i]);
            ranges[i] = (start << 6) | data.length[i];
        }
        Arrays.sort(ranges);
        int[] s = new int[entries];
        int[] e = new int[entries];
        int n = 0;
        for (long packed : ranges) {
            long start = packed >>> 6;
            long end = start | (0xFFFFFFFFL >>> (packed & 63));
            if (n > 0 && start <= Integer.toUnsignedLong(e[n - 1])) {
                if (end > Integer.toUnsignedLong(e[n - 1])) {
                    e[n - 1] = (int) end;
                }
                continue;
            }
            s[n] = (int) start ^ Integer.MIN_VALUE; // biased: signed order equals unsigned order
            e[n] = (int) end;
            n++;
        }
        starts = Arrays.copyOf(s, n);
        ends = Arrays.copyOf(e, n);
        index16 = new int[65537];
        int position = 0;
        for (int bucket = 0; bucket <= 65536; bucket++) {
            while (position < n && ((starts[position] ^ Integer.MIN_VALUE) >>> 16) < bucket) {
                position++;
            }
            index16[bucket] = position;
        }
        trie = new IPv4AddressTrie();
        for (int i = 0; i < entries; i++) {
            trie.add(new IPv4Address(data.address[i], data.length[i]).toPrefixBlock());
        }
        trieQueries = new IPv4Address[1 << 16];
        for (int i = 0; i < trieQueries.length; i++) {
            trieQueries[i] = new IPv4Address(queries[i]);
        }
    }

    @Benchmark
    public long gatelistStandardFourSteps() {
        int ip = queries[next++ & (QUERIES - 1)];
        return snapshot.evaluateIpv4(ip, CountryCodes.UNKNOWN, Mode.STANDARD);
    }

    @Benchmark
    public boolean baselineArraysBinarySearch() {
        int ip = queries[next++ & (QUERIES - 1)];
        int i = Arrays.binarySearch(starts, ip ^ Integer.MIN_VALUE);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && Integer.compareUnsigned(ip, ends[i]) <= 0;
    }

    @Benchmark
    public boolean baselineFlatRangesIndex16() {
        int ip = queries[next++ & (QUERIES - 1)];
        int bucket = ip >>> 16;
        int lo = index16[bucket] - 1;
        int hi = index16[bucket + 1] - 1;
        int key = ip ^ Integer.MIN_VALUE;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo >= 0 && Integer.compareUnsigned(ip, ends[lo]) <= 0;
    }

    @Benchmark
    public boolean baselineIpaddressElementContains() {
        return trie.elementContains(trieQueries[next++ & (trieQueries.length - 1)]);
    }

    @Benchmark
    public Object baselineIpaddressLongestPrefixMatch() {
        return trie.longestPrefixMatch(trieQueries[next++ & (trieQueries.length - 1)]);
    }
}
