package io.gatelist.report;

import io.gatelist.input.ImportKind;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes an import's reports into {@code reports/<import-id>/}: {@code findings.jsonl} (every finding, one JSON
 * object a line, for machines; {@link FindingsJsonlWriter}), {@code rejected-rows.csv} (the rejected rows with their
 * reasons, formula-neutralised; {@link RejectedRowsCsvWriter}), {@code report.json} (exact totals per code with
 * capped examples, for machines; {@link ReportJsonWriter}) and {@code report.html} (summary first, findings grouped
 * by code with the same examples, for people; every value HTML-escaped; readable from disk without a server;
 * {@link ReportHtmlWriter}). Then rewrites {@code reports/index.html}. Each file is replaced atomically, readable by
 * the appliance's user only: reports quote the rows of imported files.
 *
 * <p>Findings and rejected rows are streamed from the store into their files a page at a time; what is held in
 * memory is the totals and at most {@value #EXAMPLES} examples per code and {@value #HTML_REJECTED_ROWS} rejected
 * rows, so an import with millions of bad rows is reported in bounded memory, and report.json stays small.
 */
public final class ImportReportWriter {

    /** Examples kept per finding code, in report.json and the HTML page (all are in findings.jsonl). */
    static final int EXAMPLES = 20;
    /** Every finding, one JSON object a line. */
    public static final String FINDINGS_FILE = "findings.jsonl";
    /** The rejected rows. */
    public static final String REJECTED_ROWS_FILE = "rejected-rows.csv";
    /** Rejected rows shown in the HTML page (all are in rejected-rows.csv). */
    static final int HTML_REJECTED_ROWS = 100;

    private final ImportStore imports;
    private final FindingStore findings;
    private final FeedStore feeds;
    private final Path reportsDir;

    public ImportReportWriter(ImportStore imports, FindingStore findings, Path reportsDir) {
        this(imports, findings, null, reportsDir);
    }

    /** @param feeds where a feed import's feed, database and move are read; {@code null} leaves them out */
    public ImportReportWriter(ImportStore imports, FindingStore findings, FeedStore feeds, Path reportsDir) {
        this.imports = imports;
        this.findings = findings;
        this.feeds = feeds;
        this.reportsDir = reportsDir;
    }

    /** The folder holding an import's reports. */
    public Path folder(long importId) {
        return reportsDir.resolve(Long.toString(importId));
    }

    /** Writes all reports of an import and refreshes the index; returns the HTML page. */
    public Path write(long importId) throws IOException {
        ImportRun run = imports.get(importId);
        Path dir = folder(importId);
        Files.createDirectories(dir);
        FileFacts facts = FileFacts.of(run.storedPath());
        Map<String, long[]> byCode = findings.countsByCode(importId);
        OverlapSummary overlaps = findings.overlapSummary(importId);
        FindingStore.Tally tally = findings.tally(importId);
        FeedStore.Target feed = feeds != null && run.kind() == ImportKind.FEED ? feeds.target(importId) : null;
        Map<String, List<StoredFinding>> examples = FindingsJsonlWriter.write(dir.resolve(FINDINGS_FILE), findings,
                importId);
        List<FindingStore.RejectedRow> rejected = RejectedRowsCsvWriter.write(dir.resolve(REJECTED_ROWS_FILE),
                findings, run);
        ImportReport report = new ImportReport(run, facts, byCode, examples, rejected, tally, overlaps, feed);
        ReportJsonWriter.write(dir.resolve("report.json"), report);
        Path html = dir.resolve("report.html");
        ReportHtmlWriter.write(html, report);
        writeIndex();
        return html;
    }

    /** Rewrites reports/index.html: every import, newest first. */
    public void writeIndex() throws IOException {
        ReportHtmlWriter.writeIndex(reportsDir.resolve("index.html"), imports.recent(10_000),
                run -> Files.exists(folder(run.id()).resolve("report.html")));
    }
}
