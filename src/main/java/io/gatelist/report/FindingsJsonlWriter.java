package io.gatelist.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.gatelist.io.AtomicFile;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.FindingStore.StoredFinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code findings.jsonl}: every finding of an import, one JSON object a line, for machines. */
final class FindingsJsonlWriter {

    private FindingsJsonlWriter() {
    }

    /**
     * Streams every finding of {@code importId} into {@code target}, one JSON object a line (the fields report.json's
     * {@code findings} array had), and returns the first {@value ImportReportWriter#EXAMPLES} of each code.
     */
    static Map<String, List<StoredFinding>> write(Path target, FindingStore findings, long importId)
            throws IOException {
        Map<String, List<StoredFinding>> examples = new LinkedHashMap<>();
        AtomicFile.write(target, AtomicFile.Access.OWNER, out -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
                try {
                    findings.forEachFinding(importId, f -> {
                        List<StoredFinding> list = examples.computeIfAbsent(f.code(), k -> new ArrayList<>());
                        if (list.size() < ImportReportWriter.EXAMPLES) {
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

    /** One finding as a JSON object: the form of findings.jsonl's lines and of report.json's examples. */
    static void writeFinding(JsonGenerator g, StoredFinding f) throws IOException {
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
}
