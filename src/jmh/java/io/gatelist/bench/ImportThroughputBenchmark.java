package io.gatelist.bench;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.Database;
import io.gatelist.storage.ImportRun;
import jakarta.batch.runtime.StepExecution;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Import throughput beside H2's own bulk load, side by side in one JVM and one run: each round loads the same
 * generated policy file with {@code CREATE TABLE ... AS SELECT * FROM CSVREAD(...)} into a fresh H2 file database,
 * then imports it with Gatelist's {@code import-policy} job into a fresh appliance home (H2 file database, JBeret
 * JDBC repository, every validation rule). Rounds alternate so that a busy machine slows both alike; the
 * comparison is the median of the per-round ratios.
 *
 * <p>Gatelist's time is split into what the issue measures, "validated with every rule and stored" (claiming the
 * file, the {@code validate-rows} step and the {@code apply} step that makes the rows live), and the whole job
 * (plus the overlap analysis of the live lists and the reports). Process CPU time is printed beside wall time:
 * on a shared machine it is the steadier of the two.
 *
 * <p>Run: {@code scripts/bench-import [--rows N] [--rounds N] [--warmup N] [--chunk-size N] [--work DIR]}.
 */
public final class ImportThroughputBenchmark {

    private record Timing(double seconds, double cpuSeconds) {
    }

    private record GatelistTiming(double stored, double whole, double cpuSeconds, Map<String, Double> steps,
            ImportRun run) {
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 3;
        int warmups = 6;
        int chunkSize = 0;
        Path work = Path.of("target", "import-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmups = Integer.parseInt(args[++i]);
                case "--chunk-size" -> chunkSize = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--rows N, --rounds N, --warmup N, --chunk-size N, --work DIR)");
            }
        }
        work = work.toAbsolutePath();
        Files.createDirectories(work);
        Path file = work.resolve("policy-" + rows + ".csv");
        if (!Files.exists(file)) {
            PolicyFileData.write(file, rows, 42);
        }
        System.out.printf(Locale.ROOT, "file: %s, %d rows, %.1f MB; %d cores, Java %s%n", file, rows,
                Files.size(file) / 1e6, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        // Warm-up rounds on the same file, not reported: both sides reach compiled code before they are timed.
        // On a 2-core machine the JIT compilers take tens of CPU seconds for the import's code (JBeret, Weld, H2,
        // the rules), and the import's two threads share the cores with them; C2 keeps compiling for several
        // rounds. Six warm-ups measure the steady state a long-running appliance imports in; with three, the
        // reported rounds still share a core with the compiler (docs/performance.md has C2's CPU per round and the
        // ratios with three and six).
        for (int w = 1; w <= warmups; w++) {
            System.out.println("warm-up round " + w + " of " + warmups + " (not reported) ...");
            csvread(work.resolve("warm-csvread"), file);
            gatelist(work.resolve("warm-gatelist"), file, chunkSize);
        }

        List<Double> storedRatios = new ArrayList<>();
        List<Double> wholeRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-6s %-22s %10s %12s %10s%n", "round", "what", "seconds", "rows/s",
                "cpu s");
        for (int round = 1; round <= rounds; round++) {
            Timing csv = csvread(work.resolve("csvread-" + round), file);
            GatelistTiming g = gatelist(work.resolve("gatelist-" + round), file, chunkSize);
            System.out.printf(Locale.ROOT, "%-6d %-22s %10.2f %12.0f %10.2f%n", round, "H2 CSVREAD", csv.seconds(),
                    rows / csv.seconds(), csv.cpuSeconds());
            System.out.printf(Locale.ROOT, "%-6d %-22s %10.2f %12.0f%n", round, "Gatelist validated+stored",
                    g.stored(), rows / g.stored());
            System.out.printf(Locale.ROOT, "%-6d %-22s %10.2f %12.0f %10.2f%n", round, "Gatelist whole job",
                    g.whole(), rows / g.whole(), g.cpuSeconds());
            System.out.println("       steps: " + format(g.steps()) + "; read " + g.run().counts().read()
                    + ", accepted " + g.run().counts().accepted() + ", rejected " + g.run().counts().rejected()
                    + ", state " + g.run().state());
            storedRatios.add(csv.seconds() / g.stored());
            wholeRatios.add(csv.seconds() / g.whole());
            cpuRatios.add(csv.cpuSeconds() / g.cpuSeconds());
            System.out.printf(Locale.ROOT, "       ratio to CSVREAD: validated+stored %.2fx, whole job %.2fx, "
                    + "whole job by CPU time %.2fx%n", csv.seconds() / g.stored(), csv.seconds() / g.whole(),
                    csv.cpuSeconds() / g.cpuSeconds());
        }
        System.out.printf(Locale.ROOT, "median ratio to CSVREAD over %d rounds: validated+stored %.2fx, whole job "
                + "%.2fx, whole job by CPU time %.2fx%n", rounds, median(storedRatios), median(wholeRatios),
                median(cpuRatios));
        deleteRounds(work);
    }

    /** H2's own bulk load of the file into a fresh database. */
    private static Timing csvread(Path dir, Path file) throws SQLException, IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("csvread") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            long cpu = cpuNanos();
            long start = System.nanoTime();
            // DDL takes no parameters: the path (the benchmark's own file) is written as an escaped SQL literal.
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE policy_csv AS SELECT * FROM CSVREAD('"
                        + file.toString().replace("'", "''") + "', NULL, 'charset=UTF-8')");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (cpuNanos() - cpu) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            return new Timing(seconds, cpuSeconds);
        }
    }

    /** Gatelist's import of the file into a fresh appliance home; the runtime starts before the clock does. */
    private static GatelistTiming gatelist(Path dir, Path file, int chunkSize) throws Exception {
        deleteRecursively(dir);
        ApplianceHome home = ApplianceHome.open(dir);
        Database database = Database.open(home);
        BatchRuntime batch = BatchRuntime.start(home, database);
        try {
            ImportService service = new ImportService(home, database, batch);
            int chunk = chunkSize > 0 ? chunkSize : home.intValue("import.chunk-size", 0);
            ImportService.Options options = new ImportService.Options(null, chunk > 0 ? chunk : defaultChunkSize(),
                    -1);
            long cpu = cpuNanos();
            long start = System.nanoTime();
            long id = service.claim(file, ImportService.sourceName(file), ImportKind.POLICY);
            double claim = (System.nanoTime() - start) / 1e9;
            java.util.Map<String, Long> before = threadCpu();
            ImportService.Outcome outcome = service.run(id, options);
            double whole = (System.nanoTime() - start) / 1e9;
            if (Boolean.getBoolean("bench.threads")) {
                java.util.Map<String, Long> after = threadCpu();
                after.forEach((k, v) -> {
                    long d = v - before.getOrDefault(k, 0L);
                    if (d > 100_000_000L) {
                        System.out.printf(Locale.ROOT, "       thread %-60s %.2f s cpu%n", k, d / 1e9);
                    }
                });
            }
            double cpuSeconds = (cpuNanos() - cpu) / 1e9;
            Map<String, Double> steps = new LinkedHashMap<>();
            steps.put("claim", claim);
            for (StepExecution step : batch.operator().getStepExecutions(outcome.executionId())) {
                steps.put(step.getStepName(), (step.getEndTime().getTime() - step.getStartTime().getTime()) / 1e3);
            }
            double stored = claim + steps.getOrDefault("validate-rows", 0.0) + steps.getOrDefault("apply", 0.0);
            return new GatelistTiming(stored, whole, cpuSeconds, steps, outcome.run());
        } finally {
            batch.close();
            // Frees the embedded database (opened with DB_CLOSE_DELAY=-1) before the next round opens another.
            try (Connection c = DriverManager.getConnection(home.jdbcUrl(), home.dbUser(), home.dbPassword());
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            database.close();
        }
    }

    /** The chunk size the job uses when none is configured: the job XML's default. */
    private static int defaultChunkSize() throws IOException {
        String xml = Files.readString(BatchRuntime.locateJobsFolder().resolve("import-policy.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("chunkSize'\\]\\}\\?:(\\d+);").matcher(xml);
        return m.find() ? Integer.parseInt(m.group(1)) : 1000;
    }

    private static java.util.Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> cpu = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                cpu.merge(info.getThreadName() + "#" + id, t, Long::sum);
            }
        }
        return cpu;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String format(Map<String, Double> steps) {
        StringBuilder sb = new StringBuilder();
        steps.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.2f s", v)));
        return sb.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Removes the rounds' databases and homes, keeping the generated files for the next run. */
    private static void deleteRounds(Path work) throws IOException {
        try (Stream<Path> children = Files.list(work)) {
            for (Path child : children.toList()) {
                if (Files.isDirectory(child)) {
                    deleteRecursively(child);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
