package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Decides, before a line is read, whether a feed file changes anything: when the feed's live version has the
 * same SHA-256 for the same database, read as the same rbldnsd dataset type, the import is recorded as DUPLICATE
 * with the live line count as unchanged, and the job goes straight to its report (exit status {@code DUPLICATE}). The dynamic database is replaced by
 * the minute, mostly with the same content: that re-import costs a hash and a query, nothing is rewritten.
 */
@Named("checkFeedVersion")
@Dependent
public class CheckFeedVersionBatchlet extends AbstractBatchlet {

    /** The exit status that skips the import. */
    public static final String DUPLICATE = "DUPLICATE";

    @Inject
    ApplianceContext appliance;

    @Inject
    @BatchProperty(name = "importId")
    String importId;

    @Override
    public String process() {
        long id = JobParameters.requireLong("importId", importId);
        ImportStore imports = new ImportStore(appliance.database());
        ImportRun run = imports.get(id);
        if (run.state() == ImportState.DUPLICATE) {
            return DUPLICATE; // a restarted job
        }
        FeedStore.Target target = new FeedStore(appliance.database()).target(id);
        if (target == null) {
            throw new IllegalStateException("import " + id + " names no feed: claim feed files with a feed name "
                    + "and database (gatelist import --kind feed --feed NAME)");
        }
        Long live = appliance.database().inTransaction(c -> {
            Long current = FeedStore.liveWithSameContent(c, target.feed(), target.database(), target.dataset(),
                    run.sha256());
            if (current == null || current == id) {
                return null;
            }
            int lines = FeedStore.count(c, current);
            ImportStore.finish(c, id, ImportState.DUPLICATE, new ImportRun.Counts(0, 0, 0, 0, 0, lines),
                    "unchanged: same content (sha256) as import " + current + ", the live version of feed \""
                            + target.feed() + "\" (" + target.database().id() + "); nothing read or rewritten");
            return current;
        });
        if (live == null) {
            return "CHANGED";
        }
        imports.markDuplicate(id, live, imports.get(id).message());
        return DUPLICATE;
    }
}
