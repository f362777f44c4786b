package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.VersionOrder;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Decides, before a line is read, whether a feed file changes anything: when the feed's live version has the
 * same SHA-256 for the same database, the import is recorded as DUPLICATE with the live line count as unchanged,
 * and the job goes straight to its report (exit status {@code DUPLICATE}). The dynamic database is replaced by
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
    @ImportId
    long id;

    @Override
    public String process() {
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
        // Under the feed's lock, like every decision about its versions (VersionOrder).
        long live = VersionOrder.decide(appliance.database(), c -> {
            long current = VersionOrder.repeats(c, run, VersionOrder.lock(c, run));
            if (current == 0) {
                return 0L;
            }
            ImportStore.finishDuplicate(c, id, current, new ImportRun.Counts(0, 0, 0, 0, 0,
                    VersionOrder.liveCount(c, run, current)), "unchanged: same content (sha256) as "
                    + VersionOrder.repeated(c, run, current) + "; nothing read or rewritten");
            return current;
        });
        if (live == 0) {
            return "CHANGED";
        }
        return DUPLICATE;
    }
}
