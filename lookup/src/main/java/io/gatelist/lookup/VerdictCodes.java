package io.gatelist.lookup;

/**
 * Decodes the compact verdict codes returned by the allocation-free evaluation methods of
 * {@link PolicySnapshot}. A code packs the step (bits 0-7), the country index + 1 used by a country step
 * (bits 8-19, 0 when none) and the matched entry id (bits 32-63, 0 when none).
 */
public final class VerdictCodes {

    private VerdictCodes() {
    }

    static long of(int step, int entry, int country) {
        return ((long) entry << 32) | ((long) (country + 1) << 8) | step;
    }

    /** The step that decided. */
    public static Step step(long code) {
        return Step.ofCode((int) code & 0xFF);
    }

    /** The decision: APPROVED, BLOCKED or NONE. */
    public static Decision decision(long code) {
        return step(code).decision();
    }

    /** The matched entry's id within the snapshot (1-based), or 0. */
    public static int entry(long code) {
        return (int) (code >>> 32);
    }

    /** The country index the country steps used, or {@link CountryCodes#UNKNOWN}. */
    public static int country(long code) {
        return ((int) (code >>> 8) & 0xFFF) - 1;
    }
}
