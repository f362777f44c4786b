package io.gatelist.overlap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The JSON form of a finding, shared by {@code gatelist overlaps --json}, the analyse-overlaps job's
 * {@code overlaps.jsonl} and the import reports:
 * <pre>
 * {"code":"blocked-inside-approved","severity":"error",
 *  "a":{"list":"approved","value":"172.31.15.164/30","source":"approved.csv","line":9},
 *  "b":{"list":"blocked","value":"172.31.15.164/31","source":"blocked.csv","line":3},
 *  "message":"…","fix":"…"}
 * </pre>
 * {@code a} is the wider (or first) entry, {@code value} its canonical text; {@code fix} is {@code null} for
 * information. In {@code approved-exempts-listed} findings one side is a block a reputation feed lists:
 * {@code "list":"feed"}, {@code source} the feed's name, {@code line} the line of the feed file that lists it. The keys and their order are stable.
 */
public final class OverlapJson {

    private OverlapJson() {
    }

    /**
     * Runs the analysis and writes every finding, uncapped, one object a line, in the analyzer's order.
     *
     * @param alsoTo another visitor that sees every finding in the same pass (a digest), or {@code null}
     * @return the number of findings per code
     */
    public static Map<OverlapCode, Long> writeLines(OverlapAnalyzer analyzer, Writer out,
            OverlapAnalyzer.PairVisitor alsoTo) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.setPrettyPrinter(new MinimalPrettyPrinter("")); // no separator: each line ends with an explicit newline
        Map<OverlapCode, Long> totals;
        try {
            OverlapAnalyzer.PairVisitor write = analyzer.naming(o -> {
                try {
                    writeLine(g, o);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            totals = analyzer.analyze(alsoTo == null ? write : (code, wider, narrower) -> {
                alsoTo.pair(code, wider, narrower);
                write.pair(code, wider, narrower);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.flush();
        return totals;
    }

    /** Writes one finding as an object followed by a newline (for a generator with no pretty printer). */
    public static void writeLine(JsonGenerator g, Overlap o) throws IOException {
        write(g, o);
        g.writeRaw('\n');
    }

    /** Writes one finding as an object. */
    public static void write(JsonGenerator g, Overlap o) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", o.code().code());
        g.writeStringField("severity", o.severity().id());
        writeEntry(g, "a", o.a());
        writeEntry(g, "b", o.b());
        g.writeStringField("message", o.message());
        g.writeStringField("fix", o.fix());
        g.writeEndObject();
    }

    /** Writes an entry as the object field {@code name}: list, value, source, line. */
    public static void writeEntry(JsonGenerator g, String name, EntryRef e) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("list", e.list());
        g.writeStringField("value", e.value());
        g.writeStringField("source", e.source());
        g.writeNumberField("line", e.line());
        g.writeEndObject();
    }
}
