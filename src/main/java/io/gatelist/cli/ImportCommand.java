package io.gatelist.cli;

import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedNames;
import io.gatelist.storage.FindingStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist import FILE...}: runs the import job on each file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import policy CSV files (list,kind,value,comment), with --kind geo RIR delegated "
                + "statistics files (IP-to-country), or with --kind feed reputation feeds (plain, Spamhaus DROP, "
                + "rbldnsd, JSON lines, CSV value,reason). Each file becomes the new version of its "
                + "named source: entries missing from the new version are removed. Rows with errors are rejected "
                + "and reported; they never stop the good rows.")
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The CSV files to import.")
    List<Path> files;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "policy",
            description = "policy (default): list,kind,value,comment CSV; geo: an RIR delegated statistics file "
                    + "(registry|cc|type|start|value|date|status), compiled into the snapshot's IP-to-country table; "
                    + "feed: a reputation feed, the new version of feed --feed.")
    String kind;

    @Option(names = "--feed", paramLabel = "NAME",
            description = "With --kind feed: the feed the file is a version of (default: the file's name without "
                    + "date, version and extension).")
    String feed;

    @Option(names = "--database", paramLabel = "DB", defaultValue = "standard",
            description = "With --kind feed: standard (default; step reputation-standard) or dynamic (step "
                    + "reputation-dynamic).")
    String database;

    @Option(names = "--source", paramLabel = "NAME",
            description = "The named source the file is a version of (default: the file's name).")
    String source;

    @Option(names = "--max-rejected", paramLabel = "N", defaultValue = "-1",
            description = "Hold the whole file for review (apply nothing) when more than N rows are rejected. "
                    + "Default: -1, no limit.")
    int maxRejected;

    @Option(names = "--chunk-size", paramLabel = "N", description = "Rows per checkpoint (default: import.chunk-size "
            + "in gatelist.properties, else 5000).")
    Integer chunkSize;

    @Override
    public Integer call() throws Exception {
        if (!ImportService.JOBS.containsKey(kind)) {
            spec.commandLine().getErr().println("gatelist: --kind is one of " + ImportService.JOBS.keySet()
                    + ", not \"" + kind + "\"");
            return 2;
        }
        FeedDatabase feedDatabase = null;
        if ("feed".equals(kind)) {
            try {
                feedDatabase = FeedDatabase.of(database);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("gatelist: " + e.getMessage());
                return 2;
            }
            if (feed != null && files.size() > 1) {
                spec.commandLine().getErr().println("--feed names one feed: give one file with it");
                return 2;
            }
        } else if (feed != null) {
            spec.commandLine().getErr().println("gatelist: --feed goes with --kind feed");
            return 2;
        }
        if (source != null && files.size() > 1) {
            spec.commandLine().getErr().println("--source names one source: give one file with it");
            return 2;
        }
        int exit = 0;
        try (Session session = Session.open(parent)) {
            ImportService service = session.imports();
            int chunk = chunkSize != null ? chunkSize : session.home.intValue("import.chunk-size", 5000);
            for (Path file : files) {
                ImportService.Outcome outcome;
                try {
                    ImportService.Options options = new ImportService.Options(source, chunk, maxRejected);
                    outcome = feedDatabase == null ? service.importFile(file, options, kind)
                            : service.importFeed(file, feed != null ? feed
                                    : FeedNames.of(String.valueOf(file.getFileName())), feedDatabase, options);
                } catch (java.nio.file.NoSuchFileException e) {
                    spec.commandLine().getErr().println("gatelist: cannot import " + file + ": no such file");
                    exit = 1;
                    continue;
                }
                Printing.importSummary(spec.commandLine().getOut(), outcome, new FindingStore(session.database));
                if (!outcome.completed()) {
                    spec.commandLine().getErr().println("gatelist: the import job of " + file + " failed: "
                            + outcome.run().message());
                    exit = 1;
                }
            }
        }
        return exit;
    }
}
