package io.gatelist.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the given command line (as {@code org.openjdk.jmh.Main} would), then prints, for each parameter
 * set, every benchmark's score and its ratio to the first benchmark of the class (alphabetically: for
 * {@link OverlapBenchmark}, {@code sweep}), so that ours and the baseline from the same run sit side by side.
 */
public final class BaselineRatios {

    private BaselineRatios() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        Map<String, Map<String, RunResult>> byParams = new TreeMap<>();
        for (RunResult r : results) {
            String params = r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k))
                    .reduce((a, b) -> a + " " + b).orElse("");
            String bench = r.getParams().getBenchmark();
            byParams.computeIfAbsent(params, k -> new TreeMap<>()).put(bench.substring(bench.lastIndexOf('.') + 1), r);
        }
        System.out.println();
        System.out.println("Ratios to the first benchmark, same run:");
        for (Map.Entry<String, Map<String, RunResult>> e : byParams.entrySet()) {
            RunResult reference = e.getValue().values().iterator().next();
            double base = reference.getPrimaryResult().getScore();
            for (Map.Entry<String, RunResult> b : e.getValue().entrySet()) {
                var score = b.getValue().getPrimaryResult();
                System.out.printf("%-16s %-12s %12.2f ± %8.2f %s   x%.2f%n", e.getKey(), b.getKey(), score.getScore(),
                        score.getScoreError(), score.getScoreUnit(), score.getScore() / base);
            }
        }
    }
}
