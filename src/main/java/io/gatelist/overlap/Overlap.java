package io.gatelist.overlap;

import io.gatelist.validation.Severity;

/**
 * One overlap between two entries.
 *
 * @param code    what kind of overlap
 * @param a       the wider entry (or the first, for identical ranges)
 * @param b       the narrower entry (or the later one)
 * @param message what it means and, for errors, how to fix it
 */
public record Overlap(OverlapCode code, EntryRef a, EntryRef b, String message) {

    public Severity severity() {
        return code.severity();
    }

    static Overlap of(OverlapCode code, EntryRef a, EntryRef b) {
        String message = switch (code) {
            case BLOCKED_INSIDE_APPROVED -> "blocked " + b.value() + " (" + where(b) + ") lies inside approved "
                    + a.value() + " (" + where(a) + "); the block may take priority. Fix: narrow the approved range so"
                    + " that it does not contain " + b.value() + ", or remove the blocked entry";
            case SAME_RANGE_BOTH_LISTS -> a.value() + " is both approved (" + where(a) + ") and blocked ("
                    + where(b) + "); unexpected results might occur. Fix: remove it from one list";
            case APPROVED_INSIDE_BLOCKED -> "approved " + b.value() + " (" + where(b) + ") is a carve-out inside "
                    + "blocked " + a.value() + " (" + where(a) + "); allowed: the approved range is narrower";
            case COUNTRY_BOTH_LISTS -> "country " + a.value() + " is both approved (" + where(a) + ") and blocked ("
                    + where(b) + "). Fix: remove it from one list";
            case DUPLICATE_ENTRY -> a.value() + " is in the " + a.list() + " list twice (" + where(a) + " and "
                    + where(b) + ")";
            case REDUNDANT_ENTRY -> b.value() + " (" + where(b) + ") is already covered by " + a.value() + " ("
                    + where(a) + ") in the " + a.list() + " list";
        };
        return new Overlap(code, a, b, message);
    }

    private static String where(EntryRef e) {
        return e.source() + ":" + e.line();
    }
}
