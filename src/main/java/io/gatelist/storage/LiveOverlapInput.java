package io.gatelist.storage;

import io.gatelist.feed.FeedListing;
import io.gatelist.overlap.ApprovedCover;
import io.gatelist.overlap.OverlapAnalyzer;

/**
 * What every analysis of the live state analyses: the live Approved and Blocked entries, and the blocks the live
 * reputation feeds list where they touch an approved range (for {@code approved-exempts-listed}). Feeds can hold
 * millions of lines that meet no approved entry; they are read but never held, so the analysis stays the size of
 * the lists.
 */
public final class LiveOverlapInput {

    private LiveOverlapInput() {
    }

    /** A new analyzer holding the live state of {@code db}. */
    public static OverlapAnalyzer load(Database db) {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        new EntryStore(db).forEachLiveEntry(analyzer::add);
        ApprovedCover cover = analyzer.approvedCover();
        if (cover.isEmpty()) {
            return analyzer; // nothing approved, nothing exempted: the feeds need not be read
        }
        // What decides an address inside an approved range is a line that covers it, so lines that touch no
        // approved range can be left out without changing which line decides there; exclusions are kept whatever
        // they touch. (A block named for an exemption is then cut only by the lines kept: where a left-out listed
        // line nests inside it, the block named can be wider than the snapshot's pieces outside the approved range.)
        new FeedStore(db).forEachLiveFeedRanges(r -> r.excluded()
                || cover.touches(r.family(), r.startHigh(), r.startLow(), r.endHigh(), r.endLow()),
                (feed, database, dataset, lines) -> FeedListing.listedBlocks(lines, dataset, (block, listedBy) -> {
                    if (cover.touches(block)) {
                        analyzer.addListed(feed, block, listedBy.line());
                    }
                }));
        return analyzer;
    }
}
