package io.gatelist.export;

import io.gatelist.policy.IpPrefix;
import java.util.function.Consumer;

/** Splits an address range into the fewest CIDR blocks that cover exactly it, in ascending order. */
public final class Cidrs {

    private Cidrs() {
    }

    /** Splits a run's range. */
    public static void split(VerdictRun run, Consumer<IpPrefix> out) {
        split(run.family(), run.startHigh(), run.startLow(), run.endHigh(), run.endLow(), out);
    }

    /**
     * Splits {@code start..end} (inclusive, unsigned 128-bit; IPv4 in the low 32 bits) into CIDR blocks: each
     * block is the largest one that starts at the current address (its alignment) and does not pass the end.
     */
    public static void split(int family, long startHigh, long startLow, long endHigh, long endLow,
            Consumer<IpPrefix> out) {
        int width = family == 4 ? 32 : 128;
        long sh = startHigh;
        long sl = startLow;
        while (compare(sh, sl, endHigh, endLow) <= 0) {
            // count = end - start + 1, in 128 bits (0 means 2^128: the whole space)
            long cl = endLow - sl;
            long ch = endHigh - sh - (Long.compareUnsigned(endLow, sl) < 0 ? 1 : 0);
            cl += 1;
            if (cl == 0) {
                ch += 1;
            }
            int fits = ch == 0 && cl == 0 ? 128 : ch != 0 ? 127 - Long.numberOfLeadingZeros(ch)
                    : 63 - Long.numberOfLeadingZeros(cl);
            int aligned = sl != 0 ? Long.numberOfTrailingZeros(sl) : sh != 0 ? 64 + Long.numberOfTrailingZeros(sh) : 128;
            int bits = Math.min(Math.min(fits, aligned), width);
            out.accept(family == 4 ? IpPrefix.ipv4((int) sl, 32 - bits) : IpPrefix.ipv6(sh, sl, 128 - bits));
            // advance by 2^bits; stop on wrapping past the end of the space
            long add = bits >= 64 ? 0 : 1L << bits;
            long addHigh = bits >= 64 ? (bits == 128 ? 0 : 1L << (bits - 64)) : 0;
            long nl = sl + add;
            long nh = sh + addHigh + (Long.compareUnsigned(nl, sl) < 0 ? 1 : 0);
            if (bits == 128 || compare(nh, nl, sh, sl) <= 0 || (family == 4 && nl > 0xFFFF_FFFFL)) {
                return;
            }
            sh = nh;
            sl = nl;
        }
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }
}
