package io.gatelist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.MatchedEntry;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Verdict;
import io.gatelist.report.TerminalJsonEscapes;
import io.gatelist.report.TerminalText;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist lookup --snapshot FILE IP...}: evaluates addresses against a snapshot. */
@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = "Evaluate IP addresses against a snapshot. Standard mode: approved-ip, blocked-ip, "
                + "approved-country, blocked-country, then global-approved (the Global Approved List, by IP, or by "
                + "--helo from one of its nomination's IPs). Dynamic mode ignores the Blocked lists. An invalid address "
                + "gives an error on its own line and does not stop the others (exit code 1 at the end).")
final class LookupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "The snapshot file.")
    Path snapshotFile;

    @Option(names = "--mode", defaultValue = "standard", paramLabel = "MODE", completionCandidates = Modes.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--country", paramLabel = "CC", description = "The connecting server's ISO 3166-1 alpha-2 "
            + "country; without it the snapshot's IP-to-country table decides.")
    String country;

    @Option(names = "--helo", paramLabel = "NAME", description = "The HELO/EHLO name the client gave. An approved "
            + "Global Approved List string approves only a connection from one of its nomination's IPs (a HELO "
            + "alone is trivially forged); a match from another address is noted on stderr and ignored.")
    String helo;

    @Option(names = "--json", description = "One JSON object a line: ip, verdict, step, matched.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "IP", description = "Addresses to evaluate; - reads one a line from "
            + "standard input.")
    List<String> addresses;

    @Override
    public Integer call() throws IOException {
        if (country != null && CountryCodes.index(country) == CountryCodes.UNKNOWN) {
            throw new ParameterException(spec.commandLine(), "--country takes a two-letter code, not \"" + country
                    + "\"");
        }
        PolicySnapshot snapshot;
        try {
            snapshot = PolicySnapshot.open(snapshotFile);
        } catch (IOException e) {
            spec.commandLine().getErr().println("gatelist: " + FileProblems.describe(snapshotFile, e));
            return 1;
        }
        // A 64 KiB buffer in front of the command line's writer: one write per buffer, not per line.
        Writer out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        Output output = json ? new JsonOutput(out) : new TextOutput(out);
        boolean allValid = true;
        for (String address : addresses) {
            if (address.equals("-")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8),
                        1 << 16);
                String line;
                while (true) {
                    // Output is buffered for throughput (a million addresses in a few seconds), but whoever
                    // feeds addresses one at a time must see each answer: flush whenever the input has run dry.
                    if (!in.ready()) {
                        output.flush();
                    }
                    if ((line = in.readLine()) == null) {
                        break;
                    }
                    String ip = line.strip();
                    if (!ip.isEmpty() && !ip.startsWith("#")) {
                        allValid &= evaluate(snapshot, ip, mode, output);
                    }
                }
            } else {
                allValid &= evaluate(snapshot, address.strip(), mode, output);
            }
        }
        output.close();
        return allValid ? 0 : 1;
    }

    private boolean evaluate(PolicySnapshot snapshot, String ip, Mode m, Output output) throws IOException {
        Verdict verdict;
        try {
            verdict = helo == null ? snapshot.lookup(ip, country, m) : snapshot.lookup(ip, country, m, helo);
            if (helo != null) {
                PolicySnapshot.HeloMatch match = snapshot.matchHelo(helo, ip);
                if (match.nomination() != 0 && !match.fromItsIp()) {
                    spec.commandLine().getErr().println(TerminalText.escape("gatelist: " + ip + ": HELO "
                            + helo.strip() + " is approved for nomination " + match.nomination() + ", but " + ip
                            + " is not one of its IPs: ignored (possibly forged)"));
                }
            }
        } catch (IllegalArgumentException e) {
            output.error(ip, e.getMessage());
            return false;
        }
        output.verdict(ip, verdict);
        return true;
    }

    /** The modes as the command line writes them, for the help. */
    static final class Modes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Mode.values()).map(Mode::id).iterator();
        }
    }

    private interface Output {
        void verdict(String ip, Verdict v) throws IOException;

        void error(String ip, String message) throws IOException;

        void flush() throws IOException;

        void close() throws IOException;
    }

    /**
     * Tab-separated: ip, verdict, step, matched entry (source:line), country. The address as given and the entry's
     * value and source (a file name, a feed's reason) are escaped ({@link TerminalText}): a tab or a line end in them
     * cannot shift columns or forge a line, and no control sequence reaches the terminal.
     */
    private static final class TextOutput implements Output {
        private final Writer out;

        TextOutput(Writer out) {
            this.out = out;
        }

        @Override
        public void verdict(String ip, Verdict v) throws IOException {
            MatchedEntry e = v.matched();
            out.write(TerminalText.escape(ip) + "\t" + v.decision() + "\t" + v.step().id() + "\t"
                    + (e == null ? "-" : e.list() + " " + TerminalText.escape(e.value()) + " ("
                            + TerminalText.escape(e.source()) + ":" + e.line() + ")")
                    + (v.country() == null ? "" : "\tcountry " + TerminalText.escape(v.country())) + "\n");
        }

        @Override
        public void error(String ip, String message) throws IOException {
            out.write(TerminalText.escape(ip) + "\tERROR\t" + TerminalText.escape(message) + "\n");
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class JsonOutput implements Output {
        private final JsonGenerator g;

        JsonOutput(Writer out) throws IOException {
            g = new JsonFactory().createGenerator(out);
            g.setCharacterEscapes(new TerminalJsonEscapes()); // valid JSON, and nothing raw for a terminal
            g.setPrettyPrinter(new MinimalPrettyPrinter("")); // one object a line: newlines written explicitly
        }

        @Override
        public void verdict(String ip, Verdict v) throws IOException {
            g.writeStartObject();
            g.writeStringField("ip", ip);
            g.writeStringField("verdict", v.decision().name());
            g.writeStringField("step", v.step().id());
            MatchedEntry e = v.matched();
            if (e == null) {
                g.writeNullField("matched");
            } else {
                g.writeObjectFieldStart("matched");
                g.writeStringField("list", e.list());
                g.writeStringField("value", e.value());
                g.writeStringField("source", e.source());
                g.writeNumberField("line", e.line());
                g.writeEndObject();
            }
            g.writeStringField("country", v.country());
            g.writeEndObject();
            g.writeRaw('\n');
        }

        @Override
        public void error(String ip, String message) throws IOException {
            g.writeStartObject();
            g.writeStringField("ip", ip);
            g.writeStringField("error", message);
            g.writeEndObject();
            g.writeRaw('\n');
        }

        @Override
        public void flush() throws IOException {
            g.flush();
        }

        @Override
        public void close() throws IOException {
            g.flush();
        }
    }
}
