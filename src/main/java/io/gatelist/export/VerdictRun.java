package io.gatelist.export;

/**
 * A maximal run of consecutive addresses of one family that share one verdict code.
 *
 * @param family    4 or 6
 * @param startHigh high half of the first address (0 for IPv4)
 * @param startLow  low half of the first address (an IPv4 address in the low 32 bits)
 * @param endHigh   high half of the last address
 * @param endLow    low half of the last address
 * @param code      the verdict code of every address in the run (see {@link io.gatelist.lookup.VerdictCodes})
 */
public record VerdictRun(int family, long startHigh, long startLow, long endHigh, long endLow, long code) {

    /** True when this run starts at the address right after {@code previous} ends. */
    public boolean follows(VerdictRun previous) {
        long nextLow = previous.endLow + 1;
        long nextHigh = nextLow == 0 ? previous.endHigh + 1 : previous.endHigh;
        return family == previous.family && startLow == nextLow && startHigh == nextHigh;
    }

    /** This run extended to the end of {@code later}. */
    public VerdictRun through(VerdictRun later) {
        return new VerdictRun(family, startHigh, startLow, later.endHigh, later.endLow, code);
    }
}
