package io.gatelist.cli;

import io.gatelist.batch.ImportService;
import io.gatelist.input.ImportKind;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Terminal summaries shared by commands. */
final class Printing {

    /** Errors of a held file named on the terminal; the rest are in its report. */
    static final int HELD_REASONS = 5;

    private Printing() {
    }

    /** A few lines on one import: state, counts, findings and where the report is. */
    static void importSummary(PrintWriter out, ImportRun run, FindingStore findings, java.nio.file.Path report) {
        // The file's name, the source's and the message come from outside: escaped (TerminalText).
        out.printf(Locale.ROOT, "import %d  %s  (source \"%s\")  %s%n", run.id(), TerminalText.escape(run.fileName()),
                TerminalText.escape(run.sourceName()), run.state());
        out.println("  " + counts(run));
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
            out.println("  report: " + TerminalText.escape(report.toAbsolutePath().toString()));
        }
    }

    static void importSummary(PrintWriter out, ImportService.Outcome outcome, FindingStore findings) {
        importSummary(out, outcome.run(), findings, outcome.report());
    }

    /**
     * The counts line, in the words of the import's kind and with the counts it stored: rows of a list, records of
     * RIR statistics (those that place addresses), lines of a feed. Nominations are not versions of a source
     * (nothing is removed or unchanged): what they nominated is in the outcome message.
     */
    static String counts(ImportRun run) {
        ImportRun.Counts c = run.counts();
        int duplicates = c.read() - c.accepted() - c.rejected();
        // The kind is null for a file refused before it was told (empty, binary, of no known kind): rows, as a list.
        ImportKind kind = run.kind();
        String line = (kind == ImportKind.GEO ? "records read" : kind == ImportKind.FEED ? "lines read" : "rows read")
                + " " + c.read() + (kind == ImportKind.GEO ? " (asn, available and reserved records are skipped)" : "")
                + ", accepted " + c.accepted() + ", rejected " + c.rejected()
                + (duplicates > 0 ? ", " + duplicates + " duplicate" + (duplicates == 1 ? "" : "s") + " stored once"
                        : "");
        if (kind != null && kind.nominates()) {
            return line;
        }
        if (run.state() != ImportState.ACCEPTED) {
            return line + "; nothing applied";
        }
        String entries = kind == ImportKind.GEO ? " ranges" : kind == ImportKind.FEED ? " lines" : "";
        return line + "; " + c.added() + entries + " added, " + c.removed() + " removed, " + c.unchanged()
                + " unchanged";
    }

    /**
     * On standard error: why a file was held or refused (its first errors, each with its line, column and value,
     * escaped for the terminal) and how to apply it anyway when the limit {@code maxRejected} held it (-1: no
     * limit was given, or it is not known).
     */
    static void heldReasons(PrintWriter err, ImportRun run, FindingStore findings, String file, int maxRejected) {
        err.println("gatelist: " + TerminalText.escape(file) + " was not applied: " + TerminalText.escape(
                run.message() == null ? run.state().name() : run.message()));
        List<FindingStore.StoredFinding> first = findings.firstFindings(run.id(), "ERROR", HELD_REASONS + 1);
        for (FindingStore.StoredFinding f : first.subList(0, Math.min(HELD_REASONS, first.size()))) {
            err.println("  " + located(f) + f.code() + ": " + TerminalText.escape(f.message()));
        }
        if (first.size() > HELD_REASONS) {
            err.println("  ... (every finding is in the import's report: gatelist report " + run.id() + ")");
        }
        if (maxRejected >= 0 && run.counts().rejected() > maxRejected && findings.tally(run.id()).fileErrors() == 0) {
            err.println("  to apply the accepted rows anyway: --max-rejected " + run.counts().rejected()
                    + " (or -1 for no limit)");
        }
    }

    /** "line 4, column value (3): " for a finding, as much of it as is known. */
    private static String located(FindingStore.StoredFinding f) {
        StringBuilder at = new StringBuilder();
        if (f.line() > 0) {
            at.append("line ").append(f.line());
        }
        if (f.columnName() != null || f.column() > 0) {
            at.append(at.length() == 0 ? "" : ", ").append("column ");
            at.append(f.columnName() != null ? TerminalText.escape(f.columnName()) + (f.column() > 0 ? " (" + f.column()
                    + ")" : "") : Integer.toString(f.column()));
        }
        return at.length() == 0 ? "" : at + ": ";
    }
}
