package io.gatelist.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.gatelist.input.CsvInput;
import io.gatelist.input.CsvLayout;
import io.gatelist.io.AtomicFile;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import io.gatelist.validation.Rule;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes an import's reports into {@code reports/<import-id>/}: {@code findings.jsonl} (every finding, one JSON
 * object a line, for machines), {@code rejected-rows.csv} (the rejected rows with their reasons,
 * formula-neutralised), {@code report.json} (exact totals per code with capped examples, for machines) and
 * {@code report.html} (summary first, findings grouped by code with the same examples, for people; every value
 * HTML-escaped; readable from disk without a server). Then rewrites {@code reports/index.html}.
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
        FeedStore.Target feed = feeds != null && "feed".equals(run.kind()) ? feeds.target(importId) : null;
        Map<String, List<StoredFinding>> examples = writeFindings(dir.resolve(FINDINGS_FILE), run);
        List<FindingStore.RejectedRow> rejected = writeRejectedCsv(dir.resolve(REJECTED_ROWS_FILE), run);
        writeJson(dir.resolve("report.json"), run, facts, byCode, examples, tally, overlaps, feed);
        Path html = dir.resolve("report.html");
        writeHtml(html, run, facts, byCode, examples, rejected, tally, overlaps, feed);
        writeIndex();
        return html;
    }

    private static long severityTotal(Map<String, long[]> byCode, String severity) {
        return byCode.entrySet().stream().filter(e -> e.getKey().endsWith("|" + severity))
                .mapToLong(e -> e.getValue()[0]).sum();
    }

    private void writeJson(Path target, ImportRun run, FileFacts facts, Map<String, long[]> byCode,
            Map<String, List<StoredFinding>> examples, FindingStore.Tally tally, OverlapSummary overlaps,
            FeedStore.Target feed) throws IOException {
        AtomicFile.write(target, AtomicFile.Access.OWNER, out -> {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("importId", run.id());
            g.writeBooleanField("valid", severityTotal(byCode, "ERROR") == 0);
            g.writeStringField("state", run.state().name());
            g.writeStringField("message", run.message());
            g.writeStringField("kind", run.kind());
            g.writeStringField("source", run.sourceName());
            if (feed != null) {
                // the database is the feed's own once the version is live; movedFrom is set when it moved the feed
                g.writeObjectFieldStart("feed");
                g.writeStringField("name", feed.feed());
                g.writeStringField("database", feed.database().id());
                g.writeBooleanField("databaseNamed", feed.databaseExplicit());
                g.writeStringField("movedFrom", feed.movedFrom() == null ? null : feed.movedFrom().id());
                g.writeStringField("rbldnsdDataset", feed.dataset().id());
                g.writeEndObject();
            }
            g.writeNumberField("jobExecutionId", run.jobExecutionId());
            g.writeStringField("createdAt", String.valueOf(run.createdAt()));
            g.writeStringField("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
            g.writeObjectFieldStart("file");
            g.writeStringField("name", run.fileName());
            g.writeStringField("sha256", run.sha256());
            g.writeNumberField("bytes", run.bytes());
            g.writeStringField("encoding", "UTF-8");
            g.writeBooleanField("bom", facts.bom());
            g.writeStringField("lineEndings", facts.lineEndings());
            g.writeEndObject();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("rowsRead", tally.read());
            g.writeNumberField("accepted", tally.accepted());
            g.writeNumberField("rejected", tally.rejected());
            g.writeNumberField("duplicates", tally.duplicates());
            g.writeNumberField("added", run.counts().added());
            g.writeNumberField("removed", run.counts().removed());
            g.writeNumberField("unchanged", run.counts().unchanged());
            g.writeNumberField("errors", severityTotal(byCode, "ERROR"));
            g.writeNumberField("warnings", severityTotal(byCode, "WARNING"));
            g.writeNumberField("infos", severityTotal(byCode, "INFO"));
            g.writeObjectFieldStart("byCode");
            for (Map.Entry<String, long[]> e : byCode.entrySet()) {
                String[] codeAndSeverity = e.getKey().split("\\|");
                g.writeObjectFieldStart(codeAndSeverity[0]);
                g.writeStringField("severity", codeAndSeverity[1].toLowerCase(Locale.ROOT));
                g.writeNumberField("count", e.getValue()[0]);
                g.writeArrayFieldStart("examples");
                for (StoredFinding f : examples.getOrDefault(codeAndSeverity[0], List.of())) {
                    writeFinding(g, f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeNumberField("examplesPerCode", EXAMPLES);
            g.writeStringField("findingsFile", FINDINGS_FILE);
            g.writeStringField("rejectedRowsFile", REJECTED_ROWS_FILE);
            OverlapReportSection.writeJson(g, overlaps);
            g.writeEndObject();
        }
        });
    }

    /**
     * Streams every finding into {@code target}, one JSON object a line (the fields report.json's {@code findings}
     * array had), and returns the first {@value #EXAMPLES} of each code.
     */
    private Map<String, List<StoredFinding>> writeFindings(Path target, ImportRun run) throws IOException {
        Map<String, List<StoredFinding>> examples = new LinkedHashMap<>();
        AtomicFile.write(target, AtomicFile.Access.OWNER, out -> {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            try {
                findings.forEachFinding(run.id(), f -> {
                    List<StoredFinding> list = examples.computeIfAbsent(f.code(), k -> new ArrayList<>());
                    if (list.size() < EXAMPLES) {
                        list.add(f);
                    }
                    try {
                        writeFinding(g, f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (!examples.isEmpty()) {
                g.writeRaw('\n');
            }
        }
        });
        return examples;
    }

    private static void writeFinding(JsonGenerator g, StoredFinding f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("line", f.line());
        if (f.column() > 0) {
            g.writeNumberField("column", f.column());
        }
        g.writeStringField("columnName", f.columnName());
        g.writeStringField("value", f.value());
        g.writeStringField("code", f.code());
        g.writeStringField("severity", f.severity().toLowerCase(Locale.ROOT));
        g.writeStringField("scope", f.fileLevel() ? "file" : "row");
        g.writeStringField("message", f.message());
        g.writeEndObject();
    }

    /**
     * Streams the rejected rows into {@code target} and returns the first {@value #HTML_REJECTED_ROWS} of them, for
     * the page. A file of a CSV kind keeps its header's columns, each row fitted to them (see {@link #fit}); a file
     * of another kind (a feed, RIR statistics) gets its line as read in one {@code _raw} column.
     */
    private List<FindingStore.RejectedRow> writeRejectedCsv(Path target, ImportRun run) throws IOException {
        List<FindingStore.RejectedRow> first = new ArrayList<>();
        List<String> header = headerOf(run);
        boolean asRead = header.isEmpty();
        List<String> columns = new ArrayList<>(asRead ? List.of("_raw") : header);
        columns.add("_line");
        columns.add("_reason");
        AtomicFile.writeText(target, AtomicFile.Access.OWNER, out -> {
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            printer.printRecord(CsvSafety.neutralise(columns)); // header cells come from the file too
            try {
                findings.forEachRejectedRow(run.id(), row -> {
                    if (first.size() < HTML_REJECTED_ROWS) {
                        first.add(row);
                    }
                    List<String> cells = new ArrayList<>(asRead ? List.of(row.raw())
                            : fit(parseRaw(row.raw()), header.size()));
                    cells.add(Integer.toString(row.line()));
                    cells.add(row.reason());
                    try {
                        printer.printRecord(CsvSafety.neutralise(cells));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        });
        return first;
    }

    /**
     * A rejected row's cells fitted to the header's {@code width}, so that {@code _line} and {@code _reason} stay in
     * their columns: a short row is padded with empty cells, and the cells of a long one past the last column are
     * joined to it with the commas they were read with (an unquoted comma in a comment is the usual cause).
     */
    static List<String> fit(List<String> cells, int width) {
        if (cells.size() == width) {
            return cells;
        }
        List<String> fitted = new ArrayList<>(cells.subList(0, Math.min(width, cells.size())));
        while (fitted.size() < width) {
            fitted.add("");
        }
        if (cells.size() > width) {
            fitted.set(width - 1, String.join(",", cells.subList(width - 1, cells.size())));
        }
        return fitted;
    }

    static List<String> parseRaw(String raw) {
        // The cells of a rejected row as read. Most such rows hold no quote and no line break: their cells are the
        // text between commas, exactly what the parser gives, without a parser (and its 16 KB buffer) per row.
        if (raw.indexOf('"') < 0 && raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0) {
            return List.of(raw.split(",", -1));
        }
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(raw))) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of(raw) : records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(raw);
        }
    }

    private static List<String> headerOf(ImportRun run) {
        CsvLayout layout = CsvLayout.forKind(run.kind());
        if (layout == null) {
            return List.of();
        }
        try (CsvInput input = CsvInput.open(run.storedPath(), layout)) {
            return input.header();
        } catch (IOException | RuntimeException e) {
            return layout.columns();
        }
    }

    private void writeHtml(Path target, ImportRun run, FileFacts facts, Map<String, long[]> byCode,
            Map<String, List<StoredFinding>> examples, List<FindingStore.RejectedRow> rejected,
            FindingStore.Tally tally, OverlapSummary overlaps, FeedStore.Target feed) throws IOException {
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
        if (run.kind().equals("mta") || run.kind().equals("helo")) {
            // Nominations replace nothing: what was added is what was nominated, rows and their HELO strings.
            row(page, "Nominated (MTA entries and HELO/EHLO strings)", run.counts().added());
        } else {
            row(page, "Added / removed / unchanged", run.counts().added() + " / " + run.counts().removed() + " / "
                    + run.counts().unchanged());
        }
        row(page, "Errors / warnings / infos", severityTotal(byCode, "ERROR") + " / "
                + severityTotal(byCode, "WARNING") + " / " + severityTotal(byCode, "INFO"));
        row(page, "Source", run.sourceName());
        if (feed != null) {
            row(page, "Feed", feed.feed() + " in the " + feed.database().id() + " database"
                    + (feed.movedFrom() == null ? "" : ", moved there from " + feed.movedFrom().id()
                            + " by this import")
                    + "; exclusions read as rbldnsd " + feed.dataset().id());
        }
        row(page, "File", run.fileName() + " — " + run.bytes() + " bytes, UTF-8" + (facts.bom() ? " with BOM" : "")
                + ", " + facts.lineEndings() + " line ends");
        row(page, "SHA-256", run.sha256());
        row(page, "Job execution", run.jobExecutionId());
        page.raw("</tbody></table>");
        page.raw("<p>Machine-readable: <a href=\"report.json\">report.json</a> (totals and examples) · every "
                + "finding: <a href=\"" + FINDINGS_FILE + "\">" + FINDINGS_FILE + "</a> · rejected rows: "
                + "<a href=\"" + REJECTED_ROWS_FILE + "\">" + REJECTED_ROWS_FILE + "</a></p>");

        page.raw("<h2>Findings by code</h2>");
        if (byCode.isEmpty()) {
            page.raw("<p>No findings.</p>");
        }
        // Errors first, then warnings, then infos; most frequent first within each (the store's order, kept).
        List<Map.Entry<String, long[]>> groups = new ArrayList<>(byCode.entrySet());
        groups.sort(java.util.Comparator.comparingInt(e -> io.gatelist.validation.Severity.valueOf(
                e.getKey().substring(e.getKey().indexOf('|') + 1)).ordinal()));
        for (Map.Entry<String, long[]> e : groups) {
            String[] cs = e.getKey().split("\\|");
            String code = cs[0];
            String severity = cs[1].toLowerCase(Locale.ROOT);
            page.raw("<section class=\"code\"><h3><span class=\"sev " + Html.escape(severity) + "\">"
                    + Html.escape(severity) + "</span> <code>" + Html.escape(code) + "</code> × " + e.getValue()[0]
                    + "</h3>");
            String description = describe(code);
            if (description != null) {
                page.raw("<p class=\"rule\">" + Html.escape(description) + "</p>");
            }
            page.raw("<table><thead><tr><th>Line</th><th>Column</th><th>Value</th><th>Message</th></tr></thead>"
                    + "<tbody>");
            for (StoredFinding f : examples.getOrDefault(code, List.of())) {
                page.raw("<tr><td>" + f.line() + "</td><td>" + Html.escape(f.columnName() == null ? ""
                        : f.columnName() + (f.column() > 0 ? " (" + f.column() + ")" : "")) + "</td><td><code>"
                        + Html.escape(f.value()) + "</code></td><td>" + Html.escape(f.message()) + "</td></tr>");
            }
            page.raw("</tbody></table>");
            if (e.getValue()[0] > EXAMPLES) {
                page.raw("<p class=\"more\">" + (e.getValue()[0] - EXAMPLES)
                        + " more in " + FINDINGS_FILE + ".</p>");
            }
            page.raw("</section>");
        }

        page.raw("<h2>Rejected rows</h2>");
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

        OverlapReportSection.writeHtml(page, overlaps);
        page.writeTo(target);
    }

    private static String describe(String code) {
        for (Rule r : Rule.values()) {
            if (r.code().equals(code)) {
                return r.description();
            }
        }
        return null;
    }

    private static void row(HtmlPage page, String label, Object value) {
        page.raw("<tr><th>" + Html.escape(label) + "</th><td>" + Html.escape(value) + "</td></tr>");
    }

    /** Rewrites reports/index.html: every import, newest first. */
    public void writeIndex() throws IOException {
        HtmlPage page = new HtmlPage("Gatelist imports");
        page.raw("<h1>Imports</h1><table><thead><tr><th>Import</th><th>Started</th><th>Source</th><th>File</th>"
                + "<th>State</th><th>Read</th><th>Accepted</th><th>Rejected</th><th>Outcome</th></tr></thead><tbody>");
        for (ImportRun run : imports.recent(10_000)) {
            boolean hasReport = Files.exists(folder(run.id()).resolve("report.html"));
            String link = hasReport ? "<a href=\"" + run.id() + "/report.html\">" + run.id() + "</a>"
                    : Long.toString(run.id());
            page.raw("<tr><td>" + link + "</td><td>" + Html.escape(run.createdAt()) + "</td><td>"
                    + Html.escape(run.sourceName()) + "</td><td>" + Html.escape(run.fileName()) + "</td><td><span "
                    + "class=\"state " + Html.escape(run.state().name().toLowerCase(Locale.ROOT)) + "\">"
                    + Html.escape(run.state().name()) + "</span></td><td>" + run.counts().read() + "</td><td>"
                    + run.counts().accepted() + "</td><td>" + run.counts().rejected() + "</td><td>"
                    + Html.escape(run.message()) + "</td></tr>");
        }
        page.raw("</tbody></table>");
        page.writeTo(reportsDir.resolve("index.html"));
    }

    /** Facts about the file's bytes that the database does not hold. */
    record FileFacts(boolean bom, String lineEndings) {
        static FileFacts of(Path file) {
            boolean bom = false;
            long crlf = 0;
            long lf = 0;
            long cr = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                int previous = -1;
                int b;
                long position = 0;
                byte[] head = new byte[3];
                while ((b = in.read()) >= 0) {
                    if (position < 3) {
                        head[(int) position] = (byte) b;
                    }
                    position++;
                    if (b == '\n') {
                        if (previous == '\r') {
                            crlf++;
                            cr--;
                        } else {
                            lf++;
                        }
                    } else if (b == '\r') {
                        cr++;
                    }
                    previous = b;
                }
                bom = position >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                        && (head[2] & 0xFF) == 0xBF;
            } catch (IOException e) {
                return new FileFacts(false, "unknown");
            }
            int kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
            String endings = kinds == 0 ? "none" : kinds > 1 ? "mixed" : crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
            return new FileFacts(bom, endings);
        }
    }
}
