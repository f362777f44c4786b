package io.gatelist.export;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import java.util.Arrays;
import java.io.IOException;

/**
 * The whole address space cut into runs of equal verdicts, computed by the snapshot itself: the space is cut at
 * every bound of the snapshot's policy and IP-to-country ranges (between two bounds every address gets the
 * same verdict), each piece is evaluated once with {@link PolicySnapshot#evaluateIpv4} or
 * {@link PolicySnapshot#evaluateIpv6}, and neighbours with the same verdict code are joined. Exports built from
 * these runs therefore agree with {@code gatelist lookup} by construction, overlaps and country steps included.
 *
 * <p>The IPv6 walk leaves out {@code ::ffff:0:0/96}: those addresses evaluate as IPv4 and are covered by the
 * IPv4 walk (Postfix, nftables and rbldnsd all treat IPv4-mapped clients as IPv4).
 */
public final class VerdictMap {

    private static final long MAPPED_FIRST = 0x0000_FFFF_0000_0000L;
    private static final long MAPPED_AFTER = 0x0001_0000_0000_0000L;

    /** Receives the runs. */
    @FunctionalInterface
    public interface RunVisitor {
        void accept(VerdictRun run) throws IOException;
    }

    private final PolicySnapshot snapshot;
    private final Mode mode;
    private long[] extraCuts4 = new long[0];

    public VerdictMap(PolicySnapshot snapshot, Mode mode) {
        this.snapshot = snapshot;
        this.mode = mode;
    }

    /**
     * Also cuts the IPv4 runs before the given addresses (unsigned, 0 to 2^32): a run always starts there, even
     * when its verdict is the same as before, so that an exporter can treat single addresses specially (the
     * RFC 5782 test entries) without splitting anything else. Meant for a handful of addresses.
     */
    public VerdictMap cutIpv4Before(long... addresses) {
        extraCuts4 = addresses.clone();
        return this;
    }

    /** Visits every IPv4 run in ascending order. */
    public void forEachIpv4(RunVisitor visitor) throws IOException {
        Longs bounds = new Longs();
        bounds.add(0);
        snapshot.forEachRange(4, (sh, sl, eh, el) -> {
            bounds.add(sl);
            bounds.add(el + 1); // 2^32 after the last address: dropped below
        });
        for (long cut : extraCuts4) {
            bounds.add(cut);
        }
        long[] cuts = bounds.toArray();
        Arrays.sort(cuts);
        Run run = new Run(visitor, 4);
        int count = dedupe(cuts);
        for (int i = 0; i < count && cuts[i] <= 0xFFFF_FFFFL; i++) {
            long end = (i + 1 < count ? Math.min(cuts[i + 1], 1L << 32) : 1L << 32) - 1;
            if (isExtraCut(cuts[i])) {
                run.flush(); // asked for: never joined with what comes before
            }
            run.add(0, cuts[i], 0, end, snapshot.evaluateIpv4((int) cuts[i], CountryCodes.UNKNOWN, mode));
        }
        run.flush();
    }

    /** Visits every IPv6 run, except the IPv4-mapped block, in ascending order. */
    public void forEachIpv6(RunVisitor visitor) throws IOException {
        Longs bounds = new Longs(); // (high, low) pairs
        bounds.add(0);
        bounds.add(0);
        bounds.add(0);
        bounds.add(MAPPED_FIRST);
        bounds.add(0);
        bounds.add(MAPPED_AFTER);
        snapshot.forEachRange(6, (sh, sl, eh, el) -> {
            bounds.add(sh);
            bounds.add(sl);
            if (eh != -1L || el != -1L) { // the address after the range, unless it ends the space
                bounds.add(el == -1L ? eh + 1 : eh);
                bounds.add(el + 1);
            }
        });
        long[] cuts = sortPairs(bounds.toArray());
        int count = dedupePairs(cuts);
        Run run = new Run(visitor, 6);
        for (int i = 0; i < count; i++) {
            long sh = cuts[2 * i];
            long sl = cuts[2 * i + 1];
            if (sh == 0 && sl == MAPPED_FIRST) {
                run.flush(); // IPv4 space: left out, and no run joins across it
                continue;
            }
            long eh = -1L;
            long el = -1L;
            if (i + 1 < count) {
                long nh = cuts[2 * i + 2];
                long nl = cuts[2 * i + 3];
                eh = nl == 0 ? nh - 1 : nh;
                el = nl - 1;
            }
            run.add(sh, sl, eh, el, snapshot.evaluateIpv6(sh, sl, CountryCodes.UNKNOWN, mode));
        }
        run.flush();
    }

    private boolean isExtraCut(long address) {
        for (long cut : extraCuts4) {
            if (cut == address) {
                return true;
            }
        }
        return false;
    }

    /** Removes repeats from a sorted array in place; returns the new length. */
    private static int dedupe(long[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || sorted[i] != sorted[n - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return n;
    }

    /** As {@link #dedupe(long[])} for (high, low) pairs; returns the number of pairs left. */
    private static int dedupePairs(long[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length / 2; i++) {
            if (n == 0 || sorted[2 * i] != sorted[2 * n - 2] || sorted[2 * i + 1] != sorted[2 * n - 1]) {
                sorted[2 * n] = sorted[2 * i];
                sorted[2 * n + 1] = sorted[2 * i + 1];
                n++;
            }
        }
        return n;
    }

    /** Sorts (high, low) pairs as unsigned 128-bit values. */
    private static long[] sortPairs(long[] pairs) {
        int count = pairs.length / 2;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compareUnsigned(pairs[2 * a], pairs[2 * b]);
            return c != 0 ? c : Long.compareUnsigned(pairs[2 * a + 1], pairs[2 * b + 1]);
        });
        long[] sorted = new long[2 * count];
        for (int i = 0; i < count; i++) {
            sorted[2 * i] = pairs[2 * order[i]];
            sorted[2 * i + 1] = pairs[2 * order[i] + 1];
        }
        return sorted;
    }

    /** A growable array of longs. */
    private static final class Longs {
        private long[] values = new long[64];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Joins consecutive pieces with the same code into one run. */
    private static final class Run {
        private final RunVisitor visitor;
        private final int family;
        private boolean open;
        private long sh;
        private long sl;
        private long eh;
        private long el;
        private long code;

        Run(RunVisitor visitor, int family) {
            this.visitor = visitor;
            this.family = family;
        }

        void add(long startHigh, long startLow, long endHigh, long endLow, long pieceCode) throws IOException {
            if (open && pieceCode == code) {
                eh = endHigh;
                el = endLow;
                return;
            }
            flush();
            open = true;
            sh = startHigh;
            sl = startLow;
            eh = endHigh;
            el = endLow;
            code = pieceCode;
        }

        void flush() throws IOException {
            if (open) {
                visitor.accept(new VerdictRun(family, sh, sl, eh, el, code));
                open = false;
            }
        }
    }
}
