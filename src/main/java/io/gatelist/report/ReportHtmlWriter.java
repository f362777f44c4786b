package io.gatelist.report;

import io.gatelist.finding.Rule;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The HTML pages of import reports, for people: an import's {@code report.html} (summary first, findings grouped by
 * code with the same examples as report.json, the first rejected rows) and the index of all imports. Every value is
 * HTML-escaped; the pages read from disk without a server.
 */
final class ReportHtmlWriter {

    private ReportHtmlWriter() {
    }

    /** Writes an import's page. */
    static void write(Path target, ImportReport report) throws IOException {
        ImportRun run = report.run();
        FindingStore.Tally tally = report.tally();
        FeedStore.Target feed = report.feed();
        HtmlPage page = new HtmlPage("Import " + run.id() + " — " + run.fileName());
        page.raw("<p class=\"crumbs\"><a href=\"../index.html\">All imports</a></p>");
        page.raw("<h1>Import " + run.id() + ": " + Html.escape(run.fileName()) + " <span class=\"state "
                + Html.escape(run.state().name().toLowerCase(Locale.ROOT)) + "\">" + Html.escape(run.state().name())
                + "</span></h1>");
        page.raw("<p class=\"message\">" + Html.escape(run.message()) + "</p>");
        page.raw("<table class=\"summary\"><tbody>");
        row(page, "Rows read", tally.read());
        row(page, "Accepted", tally.accepted());
        row(page, "Rejected", tally.rejected());
        row(page, "Duplicates (stored once)", tally.duplicates());
        if (run.kind() != null && run.kind().nominates()) {
            // Nominations replace nothing: what was added is what was nominated, rows and their HELO strings.
            row(page, "Nominated (MTA entries and HELO/EHLO strings)", run.counts().added());
        } else {
            row(page, "Added / removed / unchanged", run.counts().added() + " / " + run.counts().removed() + " / "
                    + run.counts().unchanged());
        }
        row(page, "Errors / warnings / infos", report.severityTotal("ERROR") + " / "
                + report.severityTotal("WARNING") + " / " + report.severityTotal("INFO"));
        row(page, "Source", run.sourceName());
        if (feed != null) {
            row(page, "Feed", feed.feed() + " in the " + feed.database().id() + " database"
                    + (feed.movedFrom() == null ? "" : ", moved there from " + feed.movedFrom().id()
                            + " by this import")
                    + "; exclusions read as rbldnsd " + feed.dataset().id());
        }
        row(page, "File", run.fileName() + " — " + run.bytes() + " bytes, UTF-8"
                + (report.facts().bom() ? " with BOM" : "") + ", " + report.facts().lineEndings() + " line ends");
        row(page, "SHA-256", run.sha256());
        row(page, "Job execution", run.jobExecutionId());
        page.raw("</tbody></table>");
        page.raw("<p>Machine-readable: <a href=\"report.json\">report.json</a> (totals and examples) · every "
                + "finding: <a href=\"" + ImportReportWriter.FINDINGS_FILE + "\">" + ImportReportWriter.FINDINGS_FILE
                + "</a> · rejected rows: <a href=\"" + ImportReportWriter.REJECTED_ROWS_FILE + "\">"
                + ImportReportWriter.REJECTED_ROWS_FILE + "</a></p>");

        page.raw("<h2>Findings by code</h2>");
        if (report.byCode().isEmpty()) {
            page.raw("<p>No findings.</p>");
        }
        // Errors first, then warnings, then infos; most frequent first within each (the store's order, kept).
        List<Map.Entry<String, long[]>> groups = new ArrayList<>(report.byCode().entrySet());
        groups.sort(java.util.Comparator.comparingInt(e -> io.gatelist.finding.Severity.valueOf(
                e.getKey().substring(e.getKey().indexOf('|') + 1)).ordinal()));
        for (Map.Entry<String, long[]> e : groups) {
            String[] cs = e.getKey().split("\\|");
            String code = cs[0];
            String severity = cs[1].toLowerCase(Locale.ROOT);
            page.raw("<section class=\"code\"><h3><span class=\"sev " + Html.escape(severity) + "\">"
                    + Html.escape(severity) + "</span> <code>" + Html.escape(code) + "</code> × " + e.getValue()[0]
                    + "</h3>");
            Rule rule = Rule.ofCode(code);
            if (rule != null) {
                page.raw("<p class=\"rule\">" + Html.escape(rule.description()) + "</p>");
            }
            page.raw("<table><thead><tr><th>Line</th><th>Column</th><th>Value</th><th>Message</th></tr></thead>"
                    + "<tbody>");
            for (StoredFinding f : report.examples().getOrDefault(code, List.of())) {
                page.raw("<tr><td>" + f.line() + "</td><td>" + Html.escape(f.columnName() == null ? ""
                        : f.columnName() + (f.column() > 0 ? " (" + f.column() + ")" : "")) + "</td><td><code>"
                        + Html.escape(f.value()) + "</code></td><td>" + Html.escape(f.message()) + "</td></tr>");
            }
            page.raw("</tbody></table>");
            if (e.getValue()[0] > ImportReportWriter.EXAMPLES) {
                page.raw("<p class=\"more\">" + (e.getValue()[0] - ImportReportWriter.EXAMPLES)
                        + " more in " + ImportReportWriter.FINDINGS_FILE + ".</p>");
            }
            page.raw("</section>");
        }

        page.raw("<h2>Rejected rows</h2>");
        List<FindingStore.RejectedRow> rejected = report.rejected();
        if (rejected.isEmpty()) {
            page.raw("<p>None.</p>");
        } else {
            page.raw("<table><thead><tr><th>Line</th><th>Row as read</th><th>Reason</th></tr></thead><tbody>");
            for (FindingStore.RejectedRow r : rejected) {
                page.raw("<tr><td>" + r.line() + "</td><td><code>" + Html.escape(r.raw()) + "</code></td><td>"
                        + Html.escape(r.reason()) + "</td></tr>");
            }
            page.raw("</tbody></table>");
            if (tally.rejected() > rejected.size()) {
                page.raw("<p class=\"more\">" + (tally.rejected() - rejected.size())
                        + " more in rejected-rows.csv.</p>");
            }
        }

        OverlapReportSection.writeHtml(page, report.overlaps());
        page.writeTo(target);
    }

    /** Writes the index of imports, newest first, linking those whose page {@code hasPage} says exists. */
    static void writeIndex(Path target, List<ImportRun> runs, Predicate<ImportRun> hasPage) throws IOException {
        HtmlPage page = new HtmlPage("Gatelist imports");
        page.raw("<h1>Imports</h1><table><thead><tr><th>Import</th><th>Started</th><th>Source</th><th>File</th>"
                + "<th>State</th><th>Read</th><th>Accepted</th><th>Rejected</th><th>Outcome</th></tr></thead><tbody>");
        for (ImportRun run : runs) {
            String link = hasPage.test(run) ? "<a href=\"" + run.id() + "/report.html\">" + run.id() + "</a>"
                    : Long.toString(run.id());
            page.raw("<tr><td>" + link + "</td><td>" + Html.escape(run.createdAt()) + "</td><td>"
                    + Html.escape(run.sourceName()) + "</td><td>" + Html.escape(run.fileName()) + "</td><td><span "
                    + "class=\"state " + Html.escape(run.state().name().toLowerCase(Locale.ROOT)) + "\">"
                    + Html.escape(run.state().name()) + "</span></td><td>" + run.counts().read() + "</td><td>"
                    + run.counts().accepted() + "</td><td>" + run.counts().rejected() + "</td><td>"
                    + Html.escape(run.message()) + "</td></tr>");
        }
        page.raw("</tbody></table>");
        page.writeTo(target);
    }

    private static void row(HtmlPage page, String label, Object value) {
        page.raw("<tr><th>" + Html.escape(label) + "</th><td>" + Html.escape(value) + "</td></tr>");
    }
}
