package io.gatelist.cli;

import io.gatelist.finding.Severity;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.overlap.OverlapDigest;
import io.gatelist.overlap.OverlapJson;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.overlap.OverlapText;
import io.gatelist.storage.LiveOverlapInput;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gatelist overlaps [--json]}: every overlap in the live lists.
 *
 * <p>It runs the analysis in this process rather than through the analyse-overlaps job: {@code --json} streams
 * every finding, uncapped, straight to standard output, where a job would have to spool them to a file first;
 * the analysis changes nothing, so a job repository has nothing to checkpoint or restart; and it saves the
 * second or two of starting Weld and JBeret. The job and this command call the same analyzer on the same live
 * entries and write findings with the same {@link OverlapJson}, so their output is identical.
 */
@Command(name = "overlaps", mixinStandardHelpOptions = true,
        description = "Analyse the live Approved and Blocked lists for overlaps, and the approved entries that "
                + "exempt ranges a reputation feed lists. Exit code 1 when error-level overlaps exist.")
final class OverlapsCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print every finding, uncapped, as one JSON object a line.")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Wider entries shown per code in text output (default 20; --json prints every finding).")
    int limit;

    @Option(names = "--examples", defaultValue = "5", paramLabel = "N",
            description = "Findings shown per wider entry in text output (default 5).")
    int examples;

    @Override
    public Integer call() throws Exception {
        if (limit < 0 || examples < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--limit and --examples must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        OverlapAnalyzer analyzer;
        try (Session session = Session.openExisting(parent)) {
            analyzer = LiveOverlapInput.load(session.database);
        }
        boolean errors;
        if (json) {
            errors = hasErrors(OverlapJson.writeLines(analyzer, out, null));
        } else {
            OverlapDigest digest = new OverlapDigest(analyzer, limit, examples);
            analyzer.analyze(digest);
            OverlapSummary summary = digest.summary();
            // Source names are file names from outside: each line escaped (TerminalText).
            OverlapText.lines(summary, code -> true, limit, examples).forEach(
                    line -> out.println(io.gatelist.report.TerminalText.escape(line)));
            errors = summary.hasErrors();
        }
        out.flush();
        return errors ? 1 : 0;
    }

    private static boolean hasErrors(Map<OverlapCode, Long> totals) {
        return totals.keySet().stream().anyMatch(c -> c.severity() == Severity.ERROR);
    }
}
