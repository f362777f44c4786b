package io.gatelist.bench;

import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.policy.PolicyEntry;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole overlap analysis of mixed IPv4/IPv6 lists ({@link MixedPolicyData}), from the entries as the store
 * hands them over to the findings, beside IPAddress's trie doing the same analysis in the same run:
 * <ul>
 * <li>{@code sweep}: {@link OverlapAnalyzer}, findings counted per code (what compile and the summaries need);
 * <li>{@code sweepNamed}: the same, with every finding named as an {@code Overlap} with its message (what
 *     {@code overlaps --json} does before writing);
 * <li>{@code trie}: {@link TrieOverlapBaseline}, findings counted per code.
 * </ul>
 * Each trial checks, as it ends, that its last result equals the sweep's totals computed at setup, so the trie is
 * known to find the same numbers of findings per code. Run with {@link BaselineRatios} to get the ratios printed
 * after JMH's table. The trie needs most of a minute per analysis of 1M entries, hence its fewer measurements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OverlapBenchmark {

    @Param({"10000", "100000", "1000000"})
    int entries;

    PolicyEntry[] data;
    Map<OverlapCode, Long> expected;
    volatile Map<OverlapCode, Long> last;

    @Setup
    public void setUp() {
        data = new MixedPolicyData(entries, 42).entries;
        expected = analyse(data, (code, a, b) -> { });
        System.out.println("\n" + entries + " entries, findings per code: " + expected);
    }

    @TearDown
    public void check() {
        if (!expected.equals(last)) {
            throw new IllegalStateException("different findings: " + last + ", the sweep found " + expected);
        }
    }

    private static Map<OverlapCode, Long> analyse(PolicyEntry[] entries, OverlapAnalyzer.PairVisitor visitor) {
        OverlapAnalyzer analyzer = new OverlapAnalyzer(entries.length);
        for (PolicyEntry e : entries) {
            analyzer.add(e);
        }
        return analyzer.analyze(visitor);
    }

    @Benchmark
    public Map<OverlapCode, Long> sweep(Blackhole bh) {
        return last = analyse(data, (code, a, b) -> bh.consume(b));
    }

    @Benchmark
    public Map<OverlapCode, Long> sweepNamed(Blackhole bh) {
        OverlapAnalyzer analyzer = new OverlapAnalyzer(data.length);
        for (PolicyEntry e : data) {
            analyzer.add(e);
        }
        return last = analyzer.analyze(bh::consume);
    }

    @Benchmark
    @Measurement(iterations = 3, time = 2)
    public Map<OverlapCode, Long> trie() {
        return last = TrieOverlapBaseline.analyze(data);
    }
}
