package io.gatelist.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's floor for the lookups: the time of one load that depends on the previous one, at random cache lines
 * of a working set of the given size. A lookup that must read the entry it matches, at random in a table of that
 * size, costs at least this much for each such read. The IPv6 tables hold 128-bit starts, so 1,000,000 blocks
 * take at least 16 MB, where this figure is several times the whole of an IPv4 decision; run it beside
 * {@link LookupIpv6Benchmark} to read the two in the same conditions.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryLatencyBenchmark {

    /** One int per 64-byte line: the stride keeps every load on a line of its own. */
    private static final int INTS_PER_LINE = 16;

    @Param({"1", "2", "4", "16", "24"})
    int megabytes;

    private int[] next;
    private int at;

    /** A single cycle through every line in a random order, so that no prefetcher can guess the next one. */
    @Setup
    public void setUp() {
        int lines = megabytes * (1 << 20) / 64;
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        Random r = new Random(17);
        for (int i = lines - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        next = new int[lines * INTS_PER_LINE];
        for (int i = 0; i < lines; i++) {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
    }

    /** One dependent load. */
    @Benchmark
    public int dependentLoad() {
        return at = next[at];
    }
}
