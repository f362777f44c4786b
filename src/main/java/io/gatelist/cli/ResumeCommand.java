package io.gatelist.cli;

import io.gatelist.batch.ImportService;
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
                + "checkpoint (no row is stored twice). Without IDs, resumes every such import.")
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
            for (long id : targets) {
                ImportService.Outcome outcome;
                try {
                    outcome = service.resume(id, new ImportService.Options(null,
                            ImportService.chunkSize(session.home), -1));
                } catch (IllegalStateException | StorageException e) {
                    // an unknown id, or one that cannot be resumed: say so and go on with the others
                    spec.commandLine().getErr().println("gatelist: " + ErrorText.of(e));
                    exit = 1;
                    continue;
                }
                Printing.importSummary(spec.commandLine().getOut(), outcome, new FindingStore(session.database));
                if (!outcome.completed()) {
                    exit = 1;
                }
            }
        }
        return exit;
    }
}
