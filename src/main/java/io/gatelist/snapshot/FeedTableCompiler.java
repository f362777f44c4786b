package io.gatelist.snapshot;

import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedListing;
import io.gatelist.feed.FeedRange;
import io.gatelist.feed.RbldnsdDataset;
import io.gatelist.lookup.Step;
import io.gatelist.storage.FeedStore;
import java.util.List;

/**
 * Adds the live reputation feeds to a snapshot: what each feed lists, its exclusions resolved as rbldnsd resolves
 * them ({@link FeedListing}), as CIDR blocks of step {@link Step#REPUTATION_STANDARD} or {@link Step#REPUTATION_DYNAMIC}. The flattener merges them with the
 * lists into the same disjoint ranges, so a lookup stays one search per address family and the policy steps
 * keep deciding first. An entry's source reads {@code feed NAME: reason} (or {@code feed NAME}), which is what
 * lookups, JSON and DNS TXT answers show.
 */
final class FeedTableCompiler {

    private FeedTableCompiler() {
    }

    /** Adds every live feed of {@code store}; returns the number of blocks added. */
    static long addTo(SnapshotBuilder builder, FeedStore store) {
        long[] added = {0};
        store.forEachLiveFeed((feed, database, dataset, lines) -> added[0] += addFeed(builder, feed, database,
                dataset, lines));
        return added[0];
    }

    static long addFeed(SnapshotBuilder builder, String feed, FeedDatabase database, RbldnsdDataset dataset,
            List<FeedRange> lines) {
        if (feed == null || lines.isEmpty()) {
            return 0;
        }
        Step step = database == FeedDatabase.DYNAMIC ? Step.REPUTATION_DYNAMIC : Step.REPUTATION_STANDARD;
        String plain = "feed " + feed;
        long[] added = {0};
        FeedListing.listedBlocks(lines, dataset, (prefix, line) -> {
            builder.addIpEntry(step, prefix, line.reason() == null ? plain : plain + ": " + line.reason(),
                    line.line());
            added[0]++;
        });
        return added[0];
    }
}
