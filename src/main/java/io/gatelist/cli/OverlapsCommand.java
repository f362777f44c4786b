package io.gatelist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.gatelist.overlap.EntryRef;
import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.storage.EntryStore;
import io.gatelist.validation.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist overlaps [--json]}: every overlap in the live lists. */
@Command(name = "overlaps", mixinStandardHelpOptions = true,
        description = "Analyse the live Approved and Blocked lists for overlaps. Exit code 1 when error-level "
                + "overlaps exist.")
final class OverlapsCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print every finding, uncapped, as one JSON object a line.")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Findings printed per code in text output (default 20; --json prints all).")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        try (Session session = Session.open(parent)) {
            new EntryStore(session.database).forEachLiveEntry(analyzer::add);
        }
        Map<OverlapCode, Long> totals;
        if (json) {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.setPrettyPrinter(new MinimalPrettyPrinter("")); // one object a line: newlines written explicitly
            try {
                totals = analyzer.analyze(o -> write(g, o));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            g.flush();
        } else {
            Map<OverlapCode, Integer> shown = new EnumMap<>(OverlapCode.class);
            StringBuilder text = new StringBuilder();
            totals = analyzer.analyze(o -> {
                if (shown.merge(o.code(), 1, Integer::sum) <= limit) {
                    text.append(String.format(Locale.ROOT, "%-7s %-24s %s%n", o.severity().id(), o.code().code(),
                            o.message()));
                }
            });
            out.print(text);
            if (totals.isEmpty()) {
                out.println("no overlaps in " + analyzer.size() + " address entries");
            }
            for (Map.Entry<OverlapCode, Long> t : totals.entrySet()) {
                out.printf(Locale.ROOT, "%s %s: %d%s%n", t.getKey().severity().id(), t.getKey().code(), t.getValue(),
                        t.getValue() > limit ? " (" + limit + " shown; --json prints all)" : "");
            }
        }
        out.flush();
        boolean errors = totals.keySet().stream().anyMatch(c -> c.severity() == Severity.ERROR);
        return errors ? 1 : 0;
    }

    private static void write(JsonGenerator g, Overlap o) {
        try {
            g.writeStartObject();
            g.writeStringField("code", o.code().code());
            g.writeStringField("severity", o.severity().id());
            ref(g, "a", o.a());
            ref(g, "b", o.b());
            g.writeStringField("message", o.message());
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ref(JsonGenerator g, String name, EntryRef r) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("list", r.list());
        g.writeStringField("value", r.value());
        g.writeStringField("source", r.source());
        g.writeNumberField("line", r.line());
        g.writeEndObject();
    }
}
