package io.gatelist.cli;

import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist report [ID]}: an import's summary and where its HTML report is. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print an import's summary and the path of its HTML report (default: the latest import).")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The import id (default: the latest).")
    Long id;

    @Override
    public Integer call() throws Exception {
        try (Session session = Session.openExisting(parent)) {
            ImportStore store = new ImportStore(session.database);
            ImportRun run;
            if (id == null) {
                List<ImportRun> latest = store.recent(1);
                if (latest.isEmpty()) {
                    spec.commandLine().getErr().println("gatelist: no imports yet");
                    return 1;
                }
                run = latest.get(0);
            } else {
                run = store.get(id);
            }
            Path report = session.home.reportsDir().resolve(Long.toString(run.id())).resolve("report.html");
            Printing.importSummary(spec.commandLine().getOut(), run, new FindingStore(session.database),
                    Files.exists(report) ? report : null);
            Path index = session.home.reportsDir().resolve("index.html");
            if (Files.exists(index)) {
                spec.commandLine().getOut().println("  all imports: " + index.toAbsolutePath());
            }
        }
        return 0;
    }
}
