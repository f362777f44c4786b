package io.gatelist.cli;

import io.gatelist.report.TerminalText;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist imports}: the import history, newest first. */
@Command(name = "imports", mixinStandardHelpOptions = true, description = "List imports, newest first.")
final class ImportsCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "How many (default 50).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit takes a number of imports, at least 1, not "
                    + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Session session = Session.openExisting(parent)) {
            out.printf(Locale.ROOT, "%-6s %-10s %-24s %7s %8s %8s  %s%n", "ID", "STATE", "SOURCE", "READ", "ACCEPTED",
                    "REJECTED", "FILE");
            for (ImportRun r : new ImportStore(session.database).recent(limit)) {
                // Names from outside, escaped: one import, one line, no control sequences (TerminalText).
                out.printf(Locale.ROOT, "%-6d %-10s %-24s %7d %8d %8d  %s%n", r.id(), r.state(),
                        TerminalText.escape(r.sourceName()), r.counts().read(), r.counts().accepted(),
                        r.counts().rejected(), TerminalText.escape(r.fileName()));
            }
        }
        return 0;
    }
}
