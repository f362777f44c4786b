package io.gatelist.cli;

import io.gatelist.batch.ImportService;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Terminal summaries shared by commands. */
final class Printing {

    private Printing() {
    }

    /** A few lines on one import: state, counts, findings and where the report is. */
    static void importSummary(PrintWriter out, ImportRun run, FindingStore findings, java.nio.file.Path report) {
        ImportRun.Counts c = run.counts();
        // The file's name, the source's and the message come from outside: escaped (TerminalText).
        out.printf(Locale.ROOT, "import %d  %s  (source \"%s\")  %s%n", run.id(), TerminalText.escape(run.fileName()),
                TerminalText.escape(run.sourceName()), run.state());
        out.printf(Locale.ROOT, "  rows read %d, accepted %d, rejected %d; %d added, %d removed, %d unchanged%n",
                c.read(), c.accepted(), c.rejected(), c.added(), c.removed(), c.unchanged());
        Map<String, long[]> byCode = findings.countsByCode(run.id());
        long errors = 0;
        long warnings = 0;
        long infos = 0;
        StringBuilder codes = new StringBuilder();
        for (Map.Entry<String, long[]> e : byCode.entrySet()) {
            String[] cs = e.getKey().split("\\|");
            long n = e.getValue()[0];
            switch (cs[1]) {
                case "ERROR" -> errors += n;
                case "WARNING" -> warnings += n;
                default -> infos += n;
            }
            codes.append(codes.length() == 0 ? "" : ", ").append(cs[0]).append(" ×").append(n);
        }
        out.printf(Locale.ROOT, "  findings: %d error%s, %d warning%s, %d info%s%n", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s", infos, infos == 1 ? "" : "s");
        if (codes.length() > 0) {
            out.println("    " + codes);
        }
        if (run.message() != null) {
            out.println("  " + TerminalText.escape(run.message()));
        }
        if (report != null) {
            out.println("  report: " + report.toAbsolutePath());
        }
    }

    static void importSummary(PrintWriter out, ImportService.Outcome outcome, FindingStore findings) {
        importSummary(out, outcome.run(), findings, outcome.report());
    }
}
