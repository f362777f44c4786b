package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.SourceVersions;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides a feed import (see {@link ApplyVersionBatchlet}): its lines become the feed's live version, replacing the
 * old version atomically, or the whole file is held for review. The feed keeps its database unless the import
 * named another one; then the outcome says it was moved.
 */
@Named("applyFeedImport")
@Dependent
public class ApplyFeedImportBatchlet extends ApplyVersionBatchlet {

    /** What activating the version did: the feed's database now, and a move. */
    private FeedStore.Activation activation;

    @Override
    protected SourceVersions.Diff activate(Connection c, ImportRun run, int accepted) throws SQLException {
        activation = FeedStore.activate(c, run.id(), target(run), run.sha256());
        return activation.diff();
    }

    @Override
    protected String rowsNoun() {
        return "lines";
    }

    @Override
    protected String sourceLabel(ImportRun run) {
        return "feed \"" + target(run).feed() + "\"";
    }

    @Override
    protected String applied(ImportRun run, SourceVersions.Diff diff) {
        String feed = "feed \"" + target(run).feed() + "\"";
        String where = activation.movedFrom() == null ? activation.database().id() + " " + feed
                : feed + ", moved from the " + activation.movedFrom().id() + " database to "
                        + activation.database().id();
        return "applied to " + where + ": " + diff.added() + " lines added, " + diff.removed() + " removed, "
                + diff.unchanged() + " unchanged";
    }

    /** The feed and database the import was claimed for (recorded with the claim, before the job ran). */
    private FeedStore.Target target(ImportRun run) {
        return new FeedStore(appliance.database()).target(run.id());
    }
}
