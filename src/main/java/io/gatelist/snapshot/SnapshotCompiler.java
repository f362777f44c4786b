package io.gatelist.snapshot;

import io.gatelist.finding.Severity;
import io.gatelist.gal.NominationStore;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import io.gatelist.lookup.Step;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.overlap.OverlapDigest;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.overlap.OverlapText;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.ListName;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FeedStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Compiles the live lists into a snapshot and publishes it, unless error-level overlaps exist and the caller
 * did not accept them. One pass over the entries feeds both the overlap analysis and the snapshot builder.
 */
public final class SnapshotCompiler {

    /** Wider entries per code described when a compile is refused (each once, with its count). */
    public static final int REFUSAL_GROUPS = 10;
    /** Findings listed per wider entry when a compile is refused. */
    public static final int REFUSAL_EXAMPLES = 5;

    /**
     * What a compile did.
     *
     * @param published         true when the snapshot was written
     * @param info              the published snapshot's header, or {@code null}
     * @param errorOverlaps     the number of error-level overlaps
     * @param examples          lines describing them, grouped by wider entry and capped (empty when none)
     * @param entries           entries the snapshot holds (as {@code snapshot info} counts them: the lists, the
     *                          Global Approved List and the feeds), or the live list entries read when refused
     *                          for overlaps before it was built
     * @param shrinkRefusal     why it was refused for holding far fewer entries than the snapshot it would
     *                          replace (see {@link ShrinkGuard}), or {@code null}
     * @param millis            time taken
     */
    public record Result(boolean published, SnapshotInfo info, long errorOverlaps, List<String> examples,
            long entries, String shrinkRefusal, long millis) {
    }

    private final EntryStore store;
    private final Clock clock;

    public SnapshotCompiler(EntryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Compiles and, unless refused, publishes to {@code out} atomically, with the default {@link ShrinkGuard}.
     *
     * @param acceptOverlaps publish despite error-level overlaps (recorded in the snapshot header)
     */
    public Result compile(Path out, boolean acceptOverlaps) throws IOException {
        return compile(out, acceptOverlaps, ShrinkGuard.defaults());
    }

    /**
     * Compiles and, unless refused, publishes to {@code out} atomically. Refused when error-level overlaps exist
     * and were not accepted, or when {@code shrink} refuses the new snapshot against the one at {@code out}.
     * The revision never goes back: lists older than the snapshot they replace (a database restored from a
     * backup, or started afresh) are published as the revision after it, and the list revision is moved on to
     * it, so that lookup hosts, which refuse a lower revision as a rollback, take the new snapshot.
     *
     * @param acceptOverlaps publish despite error-level overlaps (recorded in the snapshot header)
     */
    public Result compile(Path out, boolean acceptOverlaps, ShrinkGuard shrink) throws IOException {
        long started = System.nanoTime();
        SnapshotInfo previous = published(out);
        long listRevision = store.listRevision();
        long revision = previous != null && listRevision < previous.revision() ? previous.revision() + 1
                : listRevision;
        SnapshotBuilder builder = new SnapshotBuilder(revision, clock.instant());
        GeoTableCompiler.addTo(builder, new io.gatelist.storage.GeoStore(store.database()));
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        long[] entries = {0};
        store.forEachLiveEntry(e -> {
            entries[0]++;
            analyzer.add(e);
            if (e.kind() == EntryKind.IP) {
                builder.addIpEntry(e.list() == ListName.APPROVED ? Step.APPROVED_IP : Step.BLOCKED_IP, e.prefix(),
                        e.source(), e.line());
            } else {
                builder.addCountryEntry(e.list() == ListName.APPROVED, e.country(), e.source(), e.line());
            }
        });
        addGlobalApprovedList(builder, new NominationStore(store.database()));
        // Reputation feeds behind the lists (schema V8): flattened with them, decided only when no list does.
        FeedTableCompiler.addTo(builder, new FeedStore(store.database()));
        OverlapDigest digest = new OverlapDigest(analyzer, REFUSAL_GROUPS, REFUSAL_EXAMPLES);
        analyzer.analyze(digest);
        OverlapSummary overlaps = digest.summary();
        long errors = overlaps.count(Severity.ERROR);
        List<String> examples = errors == 0 ? List.of()
                : OverlapText.lines(overlaps, code -> code.severity() == Severity.ERROR, REFUSAL_GROUPS,
                        REFUSAL_EXAMPLES);
        if (errors > 0 && !acceptOverlaps) {
            return new Result(false, null, errors, examples, entries[0], null, elapsed(started));
        }
        String shrinkRefusal = shrink.refusal(previous, builder.entries());
        if (shrinkRefusal != null) {
            return new Result(false, null, errors, examples, builder.entries(), shrinkRefusal, elapsed(started));
        }
        ByteBuffer image = builder.overlapsForced(errors > 0).build();
        SnapshotPublisher.publish(image, out);
        if (revision > listRevision) {
            store.advanceListRevision(revision);
        }
        SnapshotInfo info = PolicySnapshot.open(out).info();
        return new Result(true, info, errors, examples, info.entries(), null, elapsed(started));
    }

    /** The header of the valid snapshot at {@code out}, which a compile would replace, or {@code null}. */
    private static SnapshotInfo published(Path out) {
        if (!Files.isRegularFile(out)) {
            return null;
        }
        try {
            return PolicySnapshot.open(out).info();
        } catch (IOException e) {
            return null; // not a snapshot, or a damaged one: nothing that a new one would take the place of
        }
    }

    /**
     * The approved nominations: their MTA addresses as step global-approved (evaluated after the customer's four
     * steps, see RangeFlattener), explained as "nomination N" and the line of the nomination's file; their HELO
     * strings in the hashed HELO section, each tied to that nomination's addresses.
     */
    static void addGlobalApprovedList(SnapshotBuilder builder, NominationStore nominations) {
        for (NominationStore.ApprovedAddress a : nominations.approvedAddresses()) {
            builder.addIpEntry(Step.GLOBAL_APPROVED, a.ip(), "nomination " + a.nominationId(), a.line());
        }
        for (NominationStore.ApprovedHelo h : nominations.approvedHelos()) {
            for (io.gatelist.policy.IpPrefix address : h.addresses()) {
                builder.addGlobalHelo(h.helo(), h.nominationId(), address);
            }
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
