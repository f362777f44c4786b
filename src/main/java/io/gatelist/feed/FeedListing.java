package io.gatelist.feed;

import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What one feed lists: its listed lines minus its exclusions ({@code !value} in rbldnsd data), as CIDR blocks that
 * each remember the line that listed them. An exclusion applies to its own feed only, wherever it sits in the
 * file and however wide the listed range around it is: an address a feed excludes is never listed by that feed.
 *
 * <p>Exclusions are sorted and merged once; each listed range then finds the first exclusion that can touch it by
 * binary search, so a feed of n lines with m exclusions costs O((n + m) log m) plus the blocks produced.
 */
public final class FeedListing {

    /** Receives one listed block and the feed line it comes from. */
    @FunctionalInterface
    public interface BlockSink {
        void block(IpPrefix prefix, FeedRange listedBy);
    }

    private FeedListing() {
    }

    /**
     * Emits the listed blocks of one feed, listed lines in the order given, each cut around the feed's exclusions
     * of the same family.
     */
    public static void listedBlocks(List<FeedRange> feed, BlockSink sink) {
        for (int family : new int[] {4, 6}) {
            long[][] excluded = mergedExclusions(feed, family); // {startHigh, startLow, endHigh, endLow} rows
            for (FeedRange r : feed) {
                if (r.family() != family || r.excluded()) {
                    continue;
                }
                emitAround(r, excluded, sink);
            }
        }
    }

    /** The exclusions of one family, sorted and merged into disjoint ranges. */
    private static long[][] mergedExclusions(List<FeedRange> feed, int family) {
        List<long[]> ranges = new ArrayList<>();
        for (FeedRange r : feed) {
            if (r.excluded() && r.family() == family) {
                ranges.add(new long[] {r.startHigh(), r.startLow(), r.endHigh(), r.endLow()});
            }
        }
        ranges.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !isLast(last[2], last[3])
                    && compare(r[0], r[1], next(last[2], last[3])[0], next(last[2], last[3])[1]) <= 0) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else if (last == null || !isLast(last[2], last[3])) {
                merged.add(r);
            }
        }
        return merged.toArray(new long[0][]);
    }

    private static void emitAround(FeedRange r, long[][] excluded, BlockSink sink) {
        long sHi = r.startHigh();
        long sLo = r.startLow();
        // The first exclusion that ends at or after the range's start.
        int lo = 0;
        int hi = excluded.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(excluded[mid][2], excluded[mid][3], sHi, sLo) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < excluded.length; i++) {
            long[] x = excluded[i];
            if (compare(x[0], x[1], r.endHigh(), r.endLow()) > 0) {
                break; // starts after the range
            }
            if (compare(x[0], x[1], sHi, sLo) > 0) {
                long[] before = previous(x[0], x[1]);
                emit(r, sHi, sLo, before[0], before[1], sink);
            }
            if (compare(x[2], x[3], r.endHigh(), r.endLow()) >= 0) {
                return; // the exclusion covers the rest of the range
            }
            long[] after = next(x[2], x[3]);
            sHi = after[0];
            sLo = after[1];
        }
        emit(r, sHi, sLo, r.endHigh(), r.endLow(), sink);
    }

    private static void emit(FeedRange r, long sHi, long sLo, long eHi, long eLo, BlockSink sink) {
        for (IpPrefix p : FeedValues.split(r.family(), sHi, sLo, eHi, eLo)) {
            sink.block(p, r);
        }
    }

    private static long[] next(long hi, long lo) {
        long l = lo + 1;
        return new long[] {l == 0 ? hi + 1 : hi, l};
    }

    private static long[] previous(long hi, long lo) {
        return new long[] {lo == 0 ? hi - 1 : hi, lo - 1};
    }

    /** The last IPv6 address, after which {@link #next} would wrap (IPv4 values sit in 64 bits and never do). */
    private static boolean isLast(long hi, long lo) {
        return hi == -1L && lo == -1L;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** For tests: the blocks of one feed as canonical text, in emission order. */
    static List<String> describe(List<FeedRange> feed) {
        List<String> out = new ArrayList<>();
        listedBlocks(feed, (p, r) -> out.add(p.canonical()));
        return out;
    }
}
