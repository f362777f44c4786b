package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.SourceVersions;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Decides a feed import in one transaction, like {@link ApplyImportBatchlet} does for policy files: its lines
 * become the feed's live version (ACCEPTED), replacing the old version atomically, or the whole file is held for
 * review (REJECTED) because of a file-level error or more rejected lines than {@code maxRejectedRows} allows.
 * Re-running the step after a restart is harmless.
 */
@Named("applyFeedImport")
@Dependent
public class ApplyFeedImportBatchlet extends AbstractBatchlet {

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    @Inject
    @BatchProperty(name = "maxRejectedRows")
    String maxRejectedRows;

    @Override
    public String process() {
        long id = JobParameters.requireLong("importId", importId);
        long limit = maxRejectedRows == null || maxRejectedRows.isBlank() ? -1
                : JobParameters.requireLong("maxRejectedRows", maxRejectedRows);
        ImportRun run = new ImportStore(appliance.database()).get(id);
        if (run.state() == ImportState.ACCEPTED || run.state() == ImportState.REJECTED) {
            return run.state().name();
        }
        FeedStore.Target target = new FeedStore(appliance.database()).target(id);
        return appliance.database().inTransaction(c -> {
            FindingStore.Tally tally = FindingStore.tally(c, id);
            if (tally.fileErrors() > 0 || (limit >= 0 && tally.rejected() > limit)) {
                String why = tally.fileErrors() > 0
                        ? tally.fileErrors() + " file-level error" + (tally.fileErrors() == 1 ? "" : "s")
                        : tally.rejected() + " rejected lines, more than the limit of " + limit;
                ImportStore.finish(c, id, ImportState.REJECTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                        tally.rejected(), 0, 0, 0), "held for review: " + why + "; nothing was applied");
                return ImportState.REJECTED.name();
            }
            SourceVersions.Diff diff = FeedStore.activate(c, id, target, run.sha256());
            if (diff.supersededBy() != 0) {
                ImportStore.finish(c, id, ImportState.REJECTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                        tally.rejected(), 0, 0, 0), "superseded: import " + diff.supersededBy() + " of feed \""
                        + target.feed() + "\" is newer and already live; this older version was not applied");
                return ImportState.REJECTED.name();
            }
            ImportStore.finish(c, id, ImportState.ACCEPTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                    tally.rejected(), diff.added(), diff.removed(), diff.unchanged()),
                    "applied to " + target.database().id() + " feed \"" + target.feed() + "\": " + diff.added()
                            + " lines added, " + diff.removed() + " removed, " + diff.unchanged() + " unchanged");
            return ImportState.ACCEPTED.name();
        });
    }
}
