package io.gatelist.cli;

import io.gatelist.batch.FailureText;
import io.gatelist.batch.ImportService;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.StorageException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist resume [ID...]}: restarts failed or crashed imports from their last checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Restart imports whose job failed, or whose process died mid-import, from their last "
                + "checkpoint (no row is stored twice), and finish decided imports whose report was not written. "
                + "Without IDs, resumes every such import. Exit codes as for import: 4 when a resumed file is held.")
final class ResumeCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Import ids (default: all resumable).")
    List<Long> ids;

    @Override
    public Integer call() throws Exception {
        int exit = 0;
        try (Session session = Session.openExisting(parent)) {
            ImportService service = session.imports();
            List<Long> targets = ids != null && !ids.isEmpty() ? ids
                    : service.resumable().stream().map(ImportRun::id).toList();
            if (targets.isEmpty()) {
                spec.commandLine().getOut().println("nothing to resume");
            }
            FindingStore findings = new FindingStore(session.database);
            for (long id : targets) {
                ImportService.Outcome outcome;
                try {
                    // Used only by an import whose job never started; a restarted job keeps its own parameters.
                    outcome = service.resume(id, new ImportService.Options(null,
                            ImportService.chunkSize(session.home), 0));
                } catch (IllegalStateException | IllegalArgumentException | StorageException e) {
                    // an unknown id, or one that cannot be resumed: say so and go on with the others
                    spec.commandLine().getErr().println("gatelist: " + FailureText.ofCommand(e));
                    exit = ImportExits.worse(exit, 1);
                    continue;
                }
                Printing.importSummary(spec.commandLine().getOut(), outcome, findings);
                exit = ImportExits.worse(exit, ImportExits.report(spec.commandLine().getErr(), outcome, findings,
                        outcome.run().fileName(), -1));
            }
        }
        return exit;
    }
}
