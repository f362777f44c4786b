package io.gatelist.cli;

import io.gatelist.batch.FailureText;
import io.gatelist.batch.FatalErrors;
import io.gatelist.report.TerminalText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code gatelist} command: the appliance's whole user interface. */
@Command(name = "gatelist", mixinStandardHelpOptions = true, version = "Gatelist 0.1.0",
        description = "Keeps Approved and Blocked IP lists honest and fast: imports and validates list files "
                + "with Jakarta Batch jobs, finds overlaps, compiles snapshots and evaluates lookups.",
        subcommands = {DemoCommand.class, ImportCommand.class, ResumeCommand.class, ImportsCommand.class, WatchCommand.class,
            ReportCommand.class, OverlapsCommand.class, CompileCommand.class, LookupCommand.class,
            SnapshotCommand.class, ServeSnapshotCommand.class, SyncSnapshotCommand.class, NominateCommand.class,
            NominationsCommand.class, SampleCsvCommand.class,
            ServeDnsCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (an import applied, within --max-rejected, or a duplicate of the live version)",
            "1:a job failed, a compile was refused, error-level overlaps exist (overlaps), or some lookups were invalid",
            "2:invalid command line",
            "3:the JVM met an Error, out of memory first, and stopped at once; the import it interrupted resumes",
            "4:an import held for review or refused: nothing of the file applied (import, resume); sync-snapshot "
                + "refused a snapshot older than the one it has"})
public final class GatelistCommand {

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The appliance home (database, imports, reports, snapshots). "
                    + "Default: $GATELIST_HOME, else ./gatelist-home.")
    Path home;

    @Option(names = "--db", scope = ScopeType.INHERIT, paramLabel = "JDBC-URL",
            description = "The database of the lists and the job repository, in place of db.url in the home's "
                    + "gatelist.properties (e.g. jdbc:postgresql://db.example.net/gatelist; credentials from "
                    + "db.user and db.password). Default: an embedded H2 file in the home.")
    String db;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Log what the runtime does to stderr.")
    boolean verbose;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, and of errors the runtime logs (for a bug report).")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** The home directory chosen by option, environment or default. */
    Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("GATELIST_HOME");
        return Path.of(env == null || env.isBlank() ? "gatelist-home" : env);
    }

    void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(verbose ? Level.INFO : Level.SEVERE);
        handler.setFormatter(new OneLine(debug));
        root.addHandler(handler);
        root.setLevel(verbose ? Level.INFO : Level.SEVERE);
        // JBeret logs a failing job at SEVERE, three records for one failure, which the command then says in one
        // line with the import's own words (and a resume hint): shown only when asked for.
        JBERET.setLevel(verbose || debug ? null : Level.OFF);
    }

    /** Held here: a logger's level lasts only as long as someone references it. */
    private static final Logger JBERET = Logger.getLogger("org.jberet");

    /** Prints a notice on standard error, one escaped line (a wait for another process, say). */
    void notice(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("gatelist: " + TerminalText.escape(message));
        err.flush();
    }

    /**
     * Log records as one line each: the logger's level and message, and the cause's message; the stack trace only
     * with --debug. Libraries (JBeret, Weld) log a failing job at SEVERE with its whole trace.
     */
    private static final class OneLine extends Formatter {
        private final boolean traces;

        OneLine(boolean traces) {
            this.traces = traces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder("gatelist: ").append(r.getLevel().getName().toLowerCase(
                    java.util.Locale.ROOT)).append(": ").append(TerminalText.escape(formatMessage(r)));
            if (r.getThrown() != null) {
                sb.append(" (").append(FailureText.ofCommand(r.getThrown())).append(')');
            }
            sb.append(System.lineSeparator());
            if (traces && r.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                sb.append(trace);
            }
            return sb.toString();
        }
    }

    public static void main(String[] args) {
        FatalErrors.install(); // every command, not only those that open a home: an Error ends the JVM in one line
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests that run the CLI in-process). */
    public static int run(String... args) {
        GatelistCommand top = new GatelistCommand();
        // Enum options (--kind, --mode, --format, --database, --state) take their values in any case.
        CommandLine cli = new CommandLine(top).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parseResult -> {
            top.configureLogging();
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler(GatelistCommand::badCommandLine);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> top.failed(e, commandLine));
        return cli.execute(args);
    }

    /**
     * A bad command line: one line naming the problem and where help is, exit code 2 (picocli would print the
     * whole usage after it, burying the line that matters).
     */
    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        StringBuilder line = new StringBuilder("gatelist: ").append(TerminalText.escape(e.getMessage()));
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(TerminalText.escape(String.join(" or ",
                    unmatched.getSuggestions()))).append("?)");
        }
        line.append("; see '").append(cli.getCommandSpec().qualifiedName()).append(" --help'");
        cli.getErr().println(line);
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** An error that ended a command: one line in words, exit code 1; the stack trace only with --debug. */
    private int failed(Exception e, CommandLine cli) {
        PrintWriter err = cli.getErr();
        err.println("gatelist: " + FailureText.ofCommand(e));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return cli.getCommandSpec().exitCodeOnExecutionException();
    }
}
