package io.gatelist.cli;

import io.gatelist.batch.CompileOutcome;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ProjectFolders;
import io.gatelist.lookup.MatchedEntry;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Verdict;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.LiveOverlapInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gatelist demo}: the whole path on the bundled samples: import with the real jobs, show the overlaps,
 * compile a snapshot and evaluate lookups that reach every step of both modes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Import the bundled samples into a home (default ./demo-home), show the overlaps, compile a "
                + "snapshot and print lookups that show every step of the evaluation order.")
final class DemoCommand implements Callable<Integer> {

    /** One demonstration lookup. */
    private record Example(String ip, String country, Mode mode, String why) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("123.123.123.123", null, Mode.STANDARD, "approved address"),
            new Example("123.123.124.77", null, Mode.STANDARD, "inside an approved CIDR range"),
            new Example("2001:db7:85a3::8a2e:370:7334", null, Mode.STANDARD, "IPv6, listed in full form"),
            new Example("203.0.113.7", null, Mode.STANDARD, "blocked address"),
            new Example("203.0.113.7", null, Mode.DYNAMIC, "dynamic mode ignores the Blocked list"),
            new Example("::ffff:203.0.113.7", null, Mode.STANDARD, "IPv4-mapped IPv6 evaluates as IPv4"),
            new Example("2001:db7:dead::25", null, Mode.STANDARD, "inside a blocked IPv6 range"),
            new Example("172.31.15.165", null, Mode.STANDARD, "the seed's overlap: approved /30 is checked first"),
            new Example("8.8.8.8", "NZ", Mode.STANDARD, "approved country"),
            new Example("8.8.8.8", "NZ", Mode.DYNAMIC, "approved country, dynamic mode"),
            new Example("8.8.8.8", "KP", Mode.STANDARD, "blocked country"),
            new Example("8.8.8.8", "KP", Mode.DYNAMIC, "dynamic mode ignores blocked countries"),
            new Example("8.8.8.8", "US", Mode.STANDARD, "no step matches: reputation data decides"));

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--samples", paramLabel = "DIR", description = "The sample files (default: samples/).")
    Path samples;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = parent.home != null ? parent.home : Path.of("demo-home");
        Path sampleDir = samples != null ? samples : ProjectFolders.locate("samples", "gatelist.samples.dir",
                "GATELIST_SAMPLES");
        List<Path> files = policyFiles(sampleDir);
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("gatelist: no sample CSV files in " + sampleDir);
            return 1;
        }
        long started = System.nanoTime();
        try (Session session = Session.open(demoOptions(home))) {
            out.println("Gatelist demo: home " + session.home.root() + " (embedded H2 database in "
                    + session.home.databaseDir() + ")");
            out.println();
            out.println("1. Import the samples with the import-policy job (JBeret, job repository in the same H2)");
            ImportService service = session.imports();
            FindingStore findings = new FindingStore(session.database);
            for (Path file : files) {
                ImportService.Outcome outcome = service.importFile(file, new ImportService.Options(null,
                        ImportService.chunkSize(session.home), -1));
                Printing.importSummary(out, outcome, findings);
                if (!outcome.completed()) {
                    spec.commandLine().getErr().println("gatelist: the import of " + file + " failed");
                    return 1;
                }
            }
            out.println();
            out.println("2. Overlaps across the whole list state");
            OverlapAnalyzer analyzer = LiveOverlapInput.load(session.database);
            analyzer.analyze(o -> out.printf("%s", TerminalText.format("  %-7s %-24s %s%n", o.severity().id(),
                    o.code().code(), o.message())));
            out.println();
            out.println("3. Compile the snapshot (job compile-snapshot)");
            Path snapshotFile = session.home.currentSnapshot();
            CompileOutcome refused = CompileCommand.compile(session.batch(), snapshotFile, false, false);
            CompileCommand.print(refused, out, out);
            if (!refused.published()) {
                out.println("  The demo publishes anyway, as an operator may after reviewing the overlap:");
                CompileCommand.print(CompileCommand.compile(session.batch(), snapshotFile, true, false), out, out);
            }
            out.println();
            out.println("4. Lookups against " + snapshotFile);
            lookups(out, PolicySnapshot.open(snapshotFile));
            out.println();
            out.printf(Locale.ROOT, "Done in %.1f s. Reports: %s%n", (System.nanoTime() - started) / 1e9,
                    session.home.reportsDir().resolve("index.html"));
            out.println("Try: ./gatelist lookup --snapshot " + snapshotFile + " --json 203.0.113.7");
        }
        return 0;
    }

    private GatelistCommand demoOptions(Path home) {
        GatelistCommand options = new GatelistCommand();
        options.home = home;
        options.db = parent.db;
        options.spec = parent.spec;
        return options;
    }

    private static void lookups(PrintWriter out, PolicySnapshot snapshot) {
        out.printf(Locale.ROOT, "  %-30s %-7s %-8s %-8s %-16s %s%n", "IP", "COUNTRY", "MODE", "VERDICT", "STEP",
                "MATCHED ENTRY");
        for (Example e : EXAMPLES) {
            Verdict v = snapshot.lookup(e.ip(), e.country(), e.mode());
            MatchedEntry m = v.matched();
            String matched = m == null ? "-" : m.list() + " " + m.value() + " (" + m.source() + ":" + m.line() + ")";
            out.printf("%s", TerminalText.format("  %-30s %-7s %-8s %-8s %-16s %s%n      %s%n", e.ip(),
                    e.country() == null ? "-" : e.country(), e.mode().id(), v.decision(), v.step().id(), matched,
                    e.why()));
        }
    }

    private static List<Path> policyFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.csv")) {
            for (Path p : stream) {
                String first;
                try (var reader = Files.newBufferedReader(p)) {
                    first = String.valueOf(reader.readLine()).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
                }
                if (first.startsWith("list,kind,value")) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }
}
