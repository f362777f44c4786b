package io.gatelist.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gatelist.input.ImportKind;
import io.gatelist.io.AtomicFile;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import io.gatelist.storage.ImportRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.json}: exact totals per code with capped examples, for machines. */
final class ReportJsonWriter {

    private ReportJsonWriter() {
    }

    static void write(Path target, ImportReport report) throws IOException {
        AtomicFile.write(target, AtomicFile.Access.OWNER, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                write(g, report);
            }
        });
    }

    private static void write(JsonGenerator g, ImportReport report) throws IOException {
        ImportRun run = report.run();
        FeedStore.Target feed = report.feed();
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("importId", run.id());
        g.writeBooleanField("valid", report.severityTotal("ERROR") == 0);
        g.writeStringField("state", run.state().name());
        g.writeStringField("message", run.message());
        g.writeStringField("kind", ImportKind.stored(run.kind()));
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
        g.writeBooleanField("bom", report.facts().bom());
        g.writeStringField("lineEndings", report.facts().lineEndings());
        g.writeEndObject();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("rowsRead", report.tally().read());
        g.writeNumberField("accepted", report.tally().accepted());
        g.writeNumberField("rejected", report.tally().rejected());
        g.writeNumberField("duplicates", report.tally().duplicates());
        g.writeNumberField("added", run.counts().added());
        g.writeNumberField("removed", run.counts().removed());
        g.writeNumberField("unchanged", run.counts().unchanged());
        g.writeNumberField("errors", report.severityTotal("ERROR"));
        g.writeNumberField("warnings", report.severityTotal("WARNING"));
        g.writeNumberField("infos", report.severityTotal("INFO"));
        g.writeObjectFieldStart("byCode");
        for (Map.Entry<String, long[]> e : report.byCode().entrySet()) {
            String[] codeAndSeverity = e.getKey().split("\\|");
            g.writeObjectFieldStart(codeAndSeverity[0]);
            g.writeStringField("severity", codeAndSeverity[1].toLowerCase(Locale.ROOT));
            g.writeNumberField("count", e.getValue()[0]);
            g.writeArrayFieldStart("examples");
            for (StoredFinding f : report.examples().getOrDefault(codeAndSeverity[0], List.of())) {
                FindingsJsonlWriter.writeFinding(g, f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeNumberField("examplesPerCode", ImportReportWriter.EXAMPLES);
        g.writeStringField("findingsFile", ImportReportWriter.FINDINGS_FILE);
        g.writeStringField("rejectedRowsFile", ImportReportWriter.REJECTED_ROWS_FILE);
        OverlapReportSection.writeJson(g, report.overlaps());
        g.writeEndObject();
    }
}
