package io.gatelist.feed;

import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What one feed lists: its lines resolved as rbldnsd resolves them ({@link RbldnsdDataset}), as CIDR blocks that
 * each remember the line that decides them. For every address the most specific line that covers it decides, and
 * an exclusion ({@code !value}) that decides leaves the address unlisted: so a listed line inside a wider exclusion
 * is listed (rbldnsd's own example: {@code !31.0.0.0/16} with {@code 31.0.1.0/24} lists 31.0.1.5). An exclusion
 * applies to its own feed only.
 *
 * <p>A feed without exclusions lists every line as it stands (the snapshot reports the most specific). Otherwise
 * the lines are cut into CIDR blocks, which nest or are disjoint, sorted in nesting order and swept once with a
 * stack that carries the deciding line of each depth: O(n log n) for n blocks, plus the blocks produced.
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
     * Emits the listed blocks of one feed read as {@code dataset}: for each family, the lines as given when the
     * family has no exclusion, else the listed parts in address order.
     */
    public static void listedBlocks(List<FeedRange> feed, RbldnsdDataset dataset, BlockSink sink) {
        for (int family : new int[] {4, 6}) {
            boolean excludes = false;
            for (FeedRange r : feed) {
                excludes |= r.family() == family && r.excluded();
            }
            if (excludes) {
                new Sweep(family, dataset, sink).run(feed);
                continue;
            }
            for (FeedRange r : feed) {
                if (r.family() == family) {
                    emit(r, r.startHigh(), r.startLow(), r.endHigh(), r.endLow(), sink);
                }
            }
        }
    }

    /**
     * One CIDR block of a line.
     *
     * @param rank  how specific it is under the feed's dataset type
     * @param order the line's position in the feed, for ties
     */
    private record Block(long high, long low, int length, long endHigh, long endLow, int rank, FeedRange line,
            int order) {
    }

    private static final Comparator<Block> NESTING = (a, b) -> {
        int c = compare(a.high, a.low, b.high, b.low);
        return c != 0 ? c : Integer.compare(a.length, b.length); // wider first
    };

    /** {@link #NESTING} for IPv4, whose start and length fit one positive long. */
    private static final Comparator<Block> NESTING_IPV4 = Comparator.comparingLong(b -> b.low << 6 | b.length);

    /** The sweep over one family's blocks. */
    private static final class Sweep {
        private final int family;
        private final RbldnsdDataset dataset;
        private final BlockSink sink;
        private Block[] stack = new Block[16];
        private Block[] decider = new Block[16];
        private int depth;
        private long curHigh;
        private long curLow;
        private boolean exhausted; // the sweep passed the family's last address
        private FeedRange pending;
        private long pendingStartHigh;
        private long pendingStartLow;
        private long pendingEndHigh;
        private long pendingEndLow;

        Sweep(int family, RbldnsdDataset dataset, BlockSink sink) {
            this.family = family;
            this.dataset = dataset;
            this.sink = sink;
        }

        void run(List<FeedRange> feed) {
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < feed.size(); i++) {
                FeedRange r = feed.get(i);
                if (r.family() != family) {
                    continue;
                }
                int single = cidrLength(r);
                if (single >= 0) { // most lines: one CIDR block, no list to make
                    blocks.add(new Block(r.startHigh(), r.startLow(), single, r.endHigh(), r.endLow(),
                            dataset.rank(family, single), r, i));
                    continue;
                }
                for (IpPrefix p : FeedValues.split(family, r.startHigh(), r.startLow(), r.endHigh(), r.endLow())) {
                    blocks.add(new Block(p.high(), p.low(), p.length(), p.endHigh(), p.endLow(),
                            dataset.rank(family, p.length()), r, i));
                }
            }
            Block[] sorted = blocks.toArray(new Block[0]);
            Arrays.sort(sorted, family == 4 ? NESTING_IPV4 : NESTING);
            for (Block b : sorted) {
                while (depth > 0 && compare(stack[depth - 1].endHigh, stack[depth - 1].endLow, b.high, b.low) < 0) {
                    pop();
                }
                if (depth > 0 && compare(curHigh, curLow, b.high, b.low) < 0) {
                    long[] before = previous(b.high, b.low);
                    piece(before[0], before[1], decider[depth - 1]);
                }
                if (!exhausted) {
                    curHigh = b.high;
                    curLow = b.low;
                }
                push(b, depth == 0 ? b : better(b, decider[depth - 1]));
            }
            while (depth > 0) {
                pop();
            }
            flush();
        }

        private void push(Block b, Block deciding) {
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth * 2);
                decider = Arrays.copyOf(decider, depth * 2);
            }
            stack[depth] = b;
            decider[depth++] = deciding;
        }

        /** Ends the innermost open block: what is left of it up to its end is decided by its depth. */
        private void pop() {
            Block top = stack[--depth];
            if (!exhausted && compare(curHigh, curLow, top.endHigh, top.endLow) <= 0) {
                piece(top.endHigh, top.endLow, decider[depth]);
                if (top.endHigh == lastHigh() && top.endLow == lastLow()) {
                    exhausted = true;
                } else {
                    long[] after = next(top.endHigh, top.endLow);
                    curHigh = after[0];
                    curLow = after[1];
                }
            }
        }

        /** The addresses from the current position up to {@code end} are decided by {@code deciding}. */
        private void piece(long endHigh, long endLow, Block deciding) {
            FeedRange line = deciding.line;
            if (line.excluded()) {
                flush();
                return;
            }
            if (pending == line && next(pendingEndHigh, pendingEndLow)[0] == curHigh
                    && next(pendingEndHigh, pendingEndLow)[1] == curLow) {
                pendingEndHigh = endHigh;
                pendingEndLow = endLow;
                return;
            }
            flush();
            pending = line;
            pendingStartHigh = curHigh;
            pendingStartLow = curLow;
            pendingEndHigh = endHigh;
            pendingEndLow = endLow;
        }

        private void flush() {
            if (pending != null) {
                emit(pending, pendingStartHigh, pendingStartLow, pendingEndHigh, pendingEndLow, sink);
                pending = null;
            }
        }

        /**
         * The block that decides where {@code inner} lies inside the region {@code outer} decides: the more
         * specific; at the same rank an exclusion under ip4set, else the narrower listing, else the earlier line.
         */
        private Block better(Block inner, Block outer) {
            if (inner.rank != outer.rank) {
                return inner.rank > outer.rank ? inner : outer;
            }
            if (dataset.exclusionWinsTies(family) && inner.line.excluded() != outer.line.excluded()) {
                return inner.line.excluded() ? inner : outer;
            }
            if (inner.length != outer.length) {
                return inner.length > outer.length ? inner : outer;
            }
            return inner.order < outer.order ? inner : outer;
        }

        private long lastHigh() {
            return family == 4 ? 0 : -1L;
        }

        private long lastLow() {
            return family == 4 ? 0xFFFFFFFFL : -1L;
        }
    }

    /** The prefix length of a line that is one CIDR block, or -1 for a range of several. */
    private static int cidrLength(FeedRange r) {
        long sizeHigh = r.endHigh() - r.startHigh() - (Long.compareUnsigned(r.endLow(), r.startLow()) < 0 ? 1 : 0);
        long sizeLow = r.endLow() - r.startLow(); // size - 1, as two halves
        if (r.family() == 4 || sizeHigh == 0) {
            // size - 1 must be all ones below some bit, and the start aligned to it
            if ((sizeLow & (sizeLow + 1)) != 0 || (r.startLow() & sizeLow) != 0 || (r.family() == 6 && sizeHigh != 0)) {
                return -1;
            }
            return (r.family() == 4 ? 32 : 128) - (64 - Long.numberOfLeadingZeros(sizeLow));
        }
        if (sizeLow != -1L || (sizeHigh & (sizeHigh + 1)) != 0 || (r.startHigh() & sizeHigh) != 0
                || r.startLow() != 0) {
            return -1;
        }
        return 64 - (64 - Long.numberOfLeadingZeros(sizeHigh));
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

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** For tests: the blocks of one feed as canonical text, in emission order. */
    static List<String> describe(List<FeedRange> feed, RbldnsdDataset dataset) {
        List<String> out = new ArrayList<>();
        listedBlocks(feed, dataset, (p, r) -> out.add(p.canonical()));
        return out;
    }
}
