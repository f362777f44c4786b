package io.gatelist.cli;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
            "4:an import held for review or refused: nothing of the file applied (import, resume)"})
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
        root.addHandler(handler);
        root.setLevel(verbose ? Level.INFO : Level.SEVERE);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests that run the CLI in-process). */
    public static int run(String... args) {
        GatelistCommand top = new GatelistCommand();
        CommandLine cli = new CommandLine(top);
        cli.setExecutionStrategy(parseResult -> {
            top.configureLogging();
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cli.execute(args);
    }
}
