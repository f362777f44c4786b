package io.gatelist.inbox;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.CompileJob;
import io.gatelist.batch.CompileOutcome;
import io.gatelist.home.ApplianceHome;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.snapshot.SnapshotVersions;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.NodeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Publishes {@code snapshots/current.bin} after applied imports: once per burst (a request waits
 * {@code debounceMillis}, and later requests in that window ride along), by the compile job (temp file, fsync,
 * atomic rename), keeping the previous versions in {@code snapshots/versions/}. Readers following the file
 * (SnapshotWatcher, serve-dns) swap to it. A compile refused for error-level overlaps, or for holding far fewer
 * entries than the published snapshot ({@code publish.max-shrink-percent}; the daemon never allows more), publishes
 * nothing: the previous snapshot keeps serving, and the log says why.
 */
final class SnapshotPublishing {

    private final ApplianceHome home;
    private final BatchRuntime batch;
    private final EntryStore entries;
    private final long debounceMillis;
    private final int keepVersions;
    private final boolean acceptOverlaps;
    private final NodeRegistry nodes;
    private final DaemonLog log;
    private long dueAt = -1;

    SnapshotPublishing(ApplianceHome home, BatchRuntime batch, EntryStore entries, long debounceMillis,
            int keepVersions, boolean acceptOverlaps, NodeRegistry nodes, DaemonLog log) {
        this.nodes = nodes;
        this.home = home;
        this.batch = batch;
        this.entries = entries;
        this.debounceMillis = debounceMillis;
        this.keepVersions = keepVersions;
        this.acceptOverlaps = acceptOverlaps;
        this.log = log;
    }

    /** Asks for a publish, at the latest {@code debounceMillis} from now. */
    void request(long nowMillis) {
        if (dueAt < 0) {
            dueAt = nowMillis + debounceMillis;
        }
    }

    /** Milliseconds until a requested publish is due, or -1 when none is pending. */
    long millisUntilDue(long nowMillis) {
        return dueAt < 0 ? -1 : Math.max(0, dueAt - nowMillis);
    }

    /**
     * Publishes when a request has come due, unless the published snapshot is already current or another node
     * sharing the database has undertaken to publish this revision: one node publishes each revision.
     */
    void publishIfDue(long nowMillis) throws InterruptedException {
        if (dueAt < 0 || nowMillis < dueAt) {
            return;
        }
        dueAt = -1;
        long revision = entries.listRevision();
        if (publishedRevision() >= revision || !nodes.claimPublication(revision)) {
            return;
        }
        publishNow("imports applied");
    }

    private long publishedRevision() {
        try {
            return PolicySnapshot.open(home.currentSnapshot()).info().revision();
        } catch (IOException e) {
            return -1;
        }
    }

    /** True when no snapshot is published or the published one is older than the lists. */
    boolean stale() {
        return publishedRevision() < entries.listRevision() || !Files.exists(home.currentSnapshot());
    }

    /** Compiles and publishes now, whatever other nodes do; returns whether a snapshot was published. */
    boolean publishNow(String why) throws InterruptedException {
        dueAt = -1;
        Path current = home.currentSnapshot();
        CompileOutcome outcome;
        try {
            outcome = CompileJob.run(batch, current, acceptOverlaps, false);
        } catch (IllegalStateException e) {
            log.warn("snapshot not published: " + e.getMessage());
            return false;
        }
        if (!outcome.published() && outcome.shrinkRefusal() != null) {
            log.warn("snapshot not published (" + why + "): " + outcome.shrinkRefusal() + "; the previous snapshot "
                    + "keeps serving (if the lists are meant to shrink, publish once with gatelist compile "
                    + "--allow-shrink)");
            return false;
        }
        if (!outcome.published()) {
            log.warn("snapshot not published (" + why + "): " + outcome.errorOverlaps() + " error-level overlap"
                    + (outcome.errorOverlaps() == 1 ? "" : "s") + "; the previous snapshot keeps serving. First: "
                    + (outcome.examples().isEmpty() ? "" : outcome.examples().get(0)));
            return false;
        }
        try {
            SnapshotVersions.keep(current, PolicySnapshot.open(current).info(), home.snapshotsDir().resolve("versions"),
                    keepVersions);
        } catch (IOException e) {
            log.warn("snapshot published, but keeping a copy of it failed: " + e.getMessage());
        }
        log.info("published " + current + " (" + why + "): revision " + outcome.revision() + ", " + outcome.entries()
                + " entries, checksum " + outcome.checksum() + (outcome.forced() ? ", overlaps accepted" : ""));
        return true;
    }
}
