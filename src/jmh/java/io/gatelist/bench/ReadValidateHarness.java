package io.gatelist.bench;

import io.gatelist.batch.DuplicateRows;
import io.gatelist.batch.ImportService;
import io.gatelist.batch.PolicyRowProcessor;
import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.ListName;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.PolicyRowRules;
import io.gatelist.validation.ValidationProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The read + validate CPU path of the validate-rows step without the database or the batch runtime: the file
 * scan, the CSV parser, {@link PolicyRowRules}, the {@link StagedRow} the processor hands the writer, and the
 * writer's duplicate check a chunk at a time, for every row of the benchmark's policy file. It mirrors
 * {@code PolicyRowProcessor.processItem} and {@code DuplicateRows}, so that a profile of this loop is a profile
 * of the step's CPU work minus storage.
 *
 * <p>Run (after {@code scripts/bench-import} built the classpath):
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt)
 * io.gatelist.bench.ReadValidateHarness [--rows N] [--rounds N]}. Prints thread CPU and wall time per round.
 */
public final class ReadValidateHarness {

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 5;
        Path work = Path.of("target", "import-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(work);
        Path file = work.resolve("policy-" + rows + ".csv");
        if (!Files.exists(file)) {
            PolicyFileData.write(file, rows, 42);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long[] counts = run(file);
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %.2f s cpu (this thread), %.2f s wall; rows %d, accepted %d, "
                    + "rejected %d, duplicates %d, findings %d%n", round, cpuSeconds, wall, counts[0], counts[1],
                    counts[2], counts[3], counts[4]);
        }
    }

    /** Rows, accepted, rejected, duplicates, findings. */
    private static long[] run(Path file) throws Exception {
        long[] counts = new long[5];
        PolicyRowRules rules = new PolicyRowRules("bench", list -> list == ListName.APPROVED
                ? new ValidationProfile(16, 32, io.gatelist.finding.Severity.WARNING)
                : new ValidationProfile(8, 19, io.gatelist.finding.Severity.WARNING));
        DuplicateRows duplicates = DuplicateRows.fresh(Files.size(file)); // as the writer sizes it
        List<StagedRow> chunk = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, CsvLayout.POLICY)) {
            CsvRow row;
            while ((row = input.next()) != null) {
                chunk.add(PolicyRowProcessor.stage(rules, row));
                if (chunk.size() == ImportService.DEFAULT_CHUNK_SIZE) {
                    count(duplicates.apply(chunk), counts);
                    chunk.clear();
                }
            }
        }
        count(duplicates.apply(chunk), counts);
        return counts;
    }

    private static void count(List<StagedRow> chunk, long[] counts) {
        for (StagedRow staged : chunk) {
            counts[0]++;
            counts[staged.entry() != null ? 1 : staged.raw() != null ? 2 : 3]++;
            counts[4] += staged.findings().size();
        }
    }
}
