package io.gatelist.batch;

import io.gatelist.storage.FindingStore;
import io.gatelist.storage.GeoStore;
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
 * Decides an IP-to-country import in one transaction, like {@link ApplyImportBatchlet} does for policy files:
 * its ranges become the live version of its source (ACCEPTED), or the whole file is held for review (REJECTED)
 * because of a file-level error (no version line, counts that do not add up) or more rejected records than
 * {@code maxRejectedRows} allows. Re-running the step after a restart is harmless.
 */
@Named("applyGeoImport")
@Dependent
public class ApplyGeoImportBatchlet extends AbstractBatchlet {

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
        return appliance.database().inTransaction(c -> {
            FindingStore.Tally tally = FindingStore.tally(c, id);
            if (tally.fileErrors() > 0 || (limit >= 0 && tally.rejected() > limit)) {
                String why = tally.fileErrors() > 0
                        ? tally.fileErrors() + " file-level error" + (tally.fileErrors() == 1 ? "" : "s")
                        : tally.rejected() + " rejected records, more than the limit of " + limit;
                ImportStore.finish(c, id, ImportState.REJECTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                        tally.rejected(), 0, 0, 0), "held for review: " + why + "; nothing was applied");
                return ImportState.REJECTED.name();
            }
            SourceVersions.Diff diff = GeoStore.activate(c, id, run.sourceName());
            if (diff.supersededBy() != 0) {
                ImportStore.finish(c, id, ImportState.REJECTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                        tally.rejected(), 0, 0, 0), "superseded: import " + diff.supersededBy() + " of source \""
                        + run.sourceName() + "\" is newer and already live; this older version was not applied");
                return ImportState.REJECTED.name();
            }
            ImportStore.finish(c, id, ImportState.ACCEPTED, new ImportRun.Counts(tally.read(), tally.accepted(),
                    tally.rejected(), diff.added(), diff.removed(), diff.unchanged()),
                    "applied to IP-to-country source \"" + run.sourceName() + "\": " + diff.added() + " ranges added, "
                            + diff.removed() + " removed, " + diff.unchanged() + " unchanged");
            return ImportState.ACCEPTED.name();
        });
    }
}
