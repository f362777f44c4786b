package io.gatelist.bench;

import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.input.CsvRow;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.StagedRow;
import io.gatelist.validation.Finding;
import io.gatelist.validation.FirstOccurrences;
import io.gatelist.validation.LocatedFinding;
import io.gatelist.validation.PolicyRowRules;
import io.gatelist.validation.Rule;
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
 * scan, the CSV parser, {@link PolicyRowRules}, duplicate detection and the {@link StagedRow} the processor hands
 * the writer, for every row of the benchmark's policy file. It mirrors {@code PolicyRowProcessor.processItem}
 * so that a profile of this loop is a profile of the step's own thread minus storage.
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
                ? new ValidationProfile(16, 32, io.gatelist.validation.Severity.WARNING)
                : new ValidationProfile(8, 19, io.gatelist.validation.Severity.WARNING));
        FirstOccurrences first = new FirstOccurrences((int) (Files.size(file) / 64)); // as the processor sizes it
        try (CsvInput input = CsvInput.open(file, CsvLayout.POLICY)) {
            CsvRow row;
            while ((row = input.next()) != null) {
                StagedRow staged = process(rules, first, row);
                counts[0]++;
                counts[staged.entry() != null ? 1 : staged.raw() != null ? 2 : 3]++;
                counts[4] += staged.findings().size();
            }
        }
        return counts;
    }

    /** What {@code PolicyRowProcessor.processItem} does for a row once its rules are ready. */
    private static StagedRow process(PolicyRowRules rules, FirstOccurrences first, CsvRow row) {
        if (row.isFileProblem()) {
            return new StagedRow(row.recordNo(), row.line(), null, row.problems(), null, null, true);
        }
        PolicyRowRules.Outcome outcome = rules.check(row);
        PolicyEntry entry = outcome.entry();
        if (entry == null) {
            String reason = outcome.reason();
            return new StagedRow(row.recordNo(), row.line(), null, outcome.findings(),
                    CsvInput.formatRaw(row.cells()), reason == null ? "rejected" : reason, false);
        }
        long earlier = first.putIfAbsent(entry.list(), entry.kind(), entry.prefix(), entry.country(), row.recordNo(),
                row.line());
        if (earlier != FirstOccurrences.ABSENT && FirstOccurrences.recordOf(earlier) != row.recordNo()) {
            List<LocatedFinding> findings = new ArrayList<>(outcome.findings());
            findings.add(new LocatedFinding(row.line(), row.columnNumber("value"), Finding.of(Rule.DUPLICATE_ROW,
                    "value", row.cell("value"), entry.list().id() + " " + entry.value() + " already appears on line "
                            + FirstOccurrences.lineOf(earlier) + "; stored once")));
            return new StagedRow(row.recordNo(), row.line(), null, findings, null, null, false);
        }
        return new StagedRow(row.recordNo(), row.line(), entry, outcome.findings(), null, null, false);
    }
}
