package io.gatelist.overlap;

import io.gatelist.policy.IpPrefix;
import java.util.Arrays;

/**
 * The addresses the approved ranges cover, as sorted disjoint intervals per family: answers "does this block touch
 * any approved range?" in one binary search. The overlap analysis uses it to keep, out of feeds of millions of
 * lines, only the few blocks an approved entry exempts.
 */
public final class ApprovedCover {

    /** Per family, interval i is [starts[2i], starts[2i+1]] as (high, low) pairs: {high, low, endHigh, endLow}. */
    private static final long MAPPED_FIRST = 0xFFFF_0000_0000L;
    private static final long MAPPED_LAST = 0xFFFF_FFFF_FFFFL;

    private final long[] v4;
    private final long[] v6;

    private ApprovedCover(long[] v4, long[] v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    static ApprovedCover of(int n, byte[] kind, byte[] list, byte[] length, long[] high, long[] low, byte approved) {
        return new ApprovedCover(merged(n, kind, list, length, high, low, approved, OverlapAnalyzer.IPV4),
                merged(n, kind, list, length, high, low, approved, OverlapAnalyzer.IPV6));
    }

    /** True when {@code block} shares at least one address with an approved range. */
    public boolean touches(IpPrefix block) {
        IpPrefix p = MappedAddresses.asIpv4(block);
        return touches(p.family(), p.high(), p.low(), p.endHigh(), p.endLow());
    }

    /**
     * True when the inclusive range from ({@code startHigh}, {@code startLow}) to ({@code endHigh},
     * {@code endLow}) may share an address with an approved range: exact, except that an IPv6 range reaching into
     * the IPv4-mapped block {@code ::ffff:0:0/96} always answers true (its addresses are analysed as IPv4).
     */
    public boolean touches(int family, long startHigh, long startLow, long endHigh, long endLow) {
        if (family == 6 && compare(startHigh, startLow, 0, MAPPED_LAST) <= 0
                && compare(endHigh, endLow, 0, MAPPED_FIRST) >= 0) {
            return true;
        }
        long[] intervals = family == 4 ? v4 : v6;
        // The last interval starting at or before the range's end is the only one that can reach into it, because
        // the intervals are disjoint and sorted.
        int lo = 0;
        int hi = intervals.length / 4;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(intervals[4 * mid], intervals[4 * mid + 1], endHigh, endLow) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            return false;
        }
        int i = 4 * (lo - 1);
        return compare(intervals[i + 2], intervals[i + 3], startHigh, startLow) >= 0;
    }

    /** True when no approved range exists: nothing can be exempted. */
    public boolean isEmpty() {
        return v4.length == 0 && v6.length == 0;
    }

    /** Number of disjoint intervals, for tests. */
    int intervals() {
        return (v4.length + v6.length) / 4;
    }

    private static long[] merged(int n, byte[] kind, byte[] list, byte[] length, long[] high, long[] low,
            byte approved, byte family) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (kind[i] == family && list[i] == approved) {
                count++;
            }
        }
        Integer[] order = new Integer[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (kind[i] == family && list[i] == approved) {
                order[k++] = i;
            }
        }
        // By start, wider first: a block then either extends the last interval's cover or starts a new one.
        Arrays.sort(order, (x, y) -> {
            int c = compare(high[x], low[x], high[y], low[y]);
            return c != 0 ? c : Integer.compare(length[x] & 0xFF, length[y] & 0xFF);
        });
        long[] out = new long[4 * count];
        int m = 0;
        for (int i : order) {
            IpPrefix p = new IpPrefix(family, high[i], low[i], length[i] & 0xFF);
            // CIDR blocks never partly overlap: a block either lies inside the last interval or starts after it.
            if (m > 0 && compare(p.high(), p.low(), out[4 * m - 2], out[4 * m - 1]) <= 0) {
                continue;
            }
            out[4 * m] = p.high();
            out[4 * m + 1] = p.low();
            out[4 * m + 2] = p.endHigh();
            out[4 * m + 3] = p.endLow();
            m++;
        }
        return Arrays.copyOf(out, 4 * m);
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
