package io.gatelist.batch;

import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.SourceVersions;
import io.gatelist.storage.VersionOrder;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides an import in one transaction, under its source's lock ({@link VersionOrder}): either its accepted rows
 * become the live version of its source (ACCEPTED), or it repeats the live version (DUPLICATE), or the whole file
 * is held for review (REJECTED) because of a file-level error or more rejected rows than {@code maxRejectedRows}
 * allows, or a newer version of the source was decided first (REJECTED, superseded). A file that changed after it
 * was claimed is refused (REJECTED) whatever it holds. A list is never half-applied. Re-running the step after a
 * restart is harmless: a decided import keeps its decision.
 *
 * <p>Every kind of import decides the same way; a subclass says only how its kind's version is made live and how
 * the outcome is worded.
 */
public abstract class ApplyVersionBatchlet extends AbstractBatchlet {

    @Inject
    ApplianceContext appliance;

    @Inject
    @ImportId
    long id;

    @Inject
    @BatchProperty(name = "maxRejectedRows")
    String maxRejectedRows;

    /**
     * Makes the import's staged rows the live version of its source, in the caller's transaction.
     *
     * @param accepted the number of rows the import stored, already counted for the tally
     */
    protected abstract SourceVersions.Diff activate(Connection c, ImportRun run, int accepted) throws SQLException;

    /** What lines of this kind of file are called in messages: "rows", "records", "lines". */
    protected abstract String rowsNoun();

    /** What one line of this kind of file is called in messages: "row", "record", "line". */
    private String rowNoun() {
        String plural = rowsNoun();
        return plural.substring(0, plural.length() - 1);
    }

    /** What the source of this kind of file is called in messages, with its name: {@code source "x.csv"}. */
    protected String sourceLabel(ImportRun run) {
        return "source \"" + run.sourceName() + "\"";
    }

    /** The outcome message of an applied version. */
    protected abstract String applied(ImportRun run, SourceVersions.Diff diff);

    @Override
    public String process() {
        long limit = maxRejectedRows == null || maxRejectedRows.isBlank() ? 0
                : JobParameters.requireLong("maxRejectedRows", maxRejectedRows);
        ImportRun run = new ImportStore(appliance.database()).get(id);
        if (run.state() == ImportState.ACCEPTED || run.state() == ImportState.REJECTED
                || run.state() == ImportState.DUPLICATE) {
            return run.state().name();
        }
        // Every row has been read: the file must still hold the bytes hashed at the claim, or what was read is not
        // what the report and the duplicate check describe. Hashed before the lock, which it need not hold.
        String changed = ClaimedFile.change(run);
        return VersionOrder.decide(appliance.database(), c -> {
            FindingStore.Tally tally = FindingStore.tally(c, id);
            if (changed != null) {
                ImportStore.finish(c, id, ImportState.REJECTED, counts(tally, null), "refused: " + changed
                        + "; nothing was applied (import the file again once it is complete)");
                return ImportState.REJECTED.name();
            }
            Long live = VersionOrder.lock(c, run);
            long repeats = VersionOrder.repeats(c, run, live);
            if (repeats != 0) {
                VersionOrder.discardStaged(c, run);
                int unchanged = VersionOrder.liveCount(c, run, repeats);
                ImportStore.finishDuplicate(c, id, repeats, new ImportRun.Counts(tally.read(), tally.accepted(),
                        tally.rejected(), 0, 0, unchanged), "unchanged: same content (sha256) as "
                        + VersionOrder.repeated(c, run, repeats) + "; nothing applied");
                return ImportState.DUPLICATE.name();
            }
            if (tally.fileErrors() > 0 || (limit >= 0 && tally.rejected() > limit)) {
                String why = tally.fileErrors() > 0
                        ? tally.fileErrors() + " file-level error" + (tally.fileErrors() == 1 ? "" : "s")
                        : tally.rejected() + " rejected " + (tally.rejected() == 1 ? rowNoun() : rowsNoun())
                                + ", more than the limit of " + limit;
                ImportStore.finish(c, id, ImportState.REJECTED, counts(tally, null),
                        "held for review: " + why + "; nothing was applied");
                return ImportState.REJECTED.name();
            }
            long newer = VersionOrder.newerDecided(c, run);
            SourceVersions.Diff diff = newer != 0 ? null : activate(c, run, tally.accepted());
            long supersededBy = newer != 0 ? newer : diff.supersededBy();
            if (supersededBy != 0) {
                ImportStore.finish(c, id, ImportState.REJECTED, counts(tally, null), "superseded: import "
                        + supersededBy + " of " + sourceLabel(run) + " is newer and already decided; "
                        + "this older version was not applied");
                return ImportState.REJECTED.name();
            }
            ImportStore.finish(c, id, ImportState.ACCEPTED, counts(tally, diff), applied(run, diff));
            return ImportState.ACCEPTED.name();
        });
    }

    private static ImportRun.Counts counts(FindingStore.Tally t, SourceVersions.Diff d) {
        return new ImportRun.Counts(t.read(), t.accepted(), t.rejected(), d == null ? 0 : d.added(),
                d == null ? 0 : d.removed(), d == null ? 0 : d.unchanged());
    }
}
