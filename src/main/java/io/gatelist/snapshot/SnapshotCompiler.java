package io.gatelist.snapshot;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import io.gatelist.lookup.Step;
import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapAnalyzer;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.ListName;
import io.gatelist.storage.EntryStore;
import io.gatelist.validation.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the live lists into a snapshot and publishes it, unless error-level overlaps exist and the caller
 * did not accept them. One pass over the entries feeds both the overlap analysis and the snapshot builder.
 */
public final class SnapshotCompiler {

    /** Error-level overlaps printed when a compile is refused. */
    public static final int REFUSAL_EXAMPLES = 50;

    /**
     * What a compile did.
     *
     * @param published         true when the snapshot was written
     * @param info              the published snapshot's header, or {@code null}
     * @param errorOverlaps     the number of error-level overlaps
     * @param examples          up to {@link #REFUSAL_EXAMPLES} of them
     * @param entries           entries read from the store
     * @param millis            time taken
     */
    public record Result(boolean published, SnapshotInfo info, long errorOverlaps, List<Overlap> examples,
            long entries, long millis) {
    }

    private final EntryStore store;
    private final Clock clock;

    public SnapshotCompiler(EntryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Compiles and, unless refused, publishes to {@code out} atomically.
     *
     * @param acceptOverlaps publish despite error-level overlaps (recorded in the snapshot header)
     */
    public Result compile(Path out, boolean acceptOverlaps) throws IOException {
        long started = System.nanoTime();
        long revision = store.listRevision();
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
        List<Overlap> examples = new ArrayList<>();
        long[] errors = {0};
        analyzer.analyze(o -> {
            if (o.severity() == Severity.ERROR) {
                if (errors[0]++ < REFUSAL_EXAMPLES) {
                    examples.add(o);
                }
            }
        });
        if (errors[0] > 0 && !acceptOverlaps) {
            return new Result(false, null, errors[0], examples, entries[0], elapsed(started));
        }
        ByteBuffer image = builder.overlapsForced(errors[0] > 0).build();
        SnapshotPublisher.publish(image, out);
        SnapshotInfo info = PolicySnapshot.open(out).info();
        return new Result(true, info, errors[0], examples, entries[0], elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
