package io.gatelist.overlap;

import io.gatelist.validation.Severity;

/**
 * One overlap between two entries.
 *
 * @param code    what kind of overlap
 * @param a       the wider entry (or the first, for identical ranges and countries)
 * @param b       the narrower entry (or the later one)
 * @param message what it means and, for errors and warnings, how to fix it
 */
public record Overlap(OverlapCode code, EntryRef a, EntryRef b, String message) {

    public Severity severity() {
        return code.severity();
    }

    /** Creates the finding with its message. */
    public static Overlap of(OverlapCode code, EntryRef a, EntryRef b) {
        String what = switch (code) {
            case BLOCKED_INSIDE_APPROVED -> "blocked " + b.value() + " (" + where(b) + ") lies inside approved "
                    + a.value() + " (" + where(a) + "); the block may take priority.";
            case SAME_RANGE_BOTH_LISTS -> a.value() + " is both approved (" + where(a) + ") and blocked ("
                    + where(b) + "); unexpected results might occur.";
            case APPROVED_INSIDE_BLOCKED -> "approved " + b.value() + " (" + where(b) + ") is a carve-out inside "
                    + "blocked " + a.value() + " (" + where(a) + "); allowed: the approved range is narrower.";
            case COUNTRY_BOTH_LISTS -> "country " + a.value() + " is both approved (" + where(a) + ") and blocked ("
                    + where(b) + ").";
            case DUPLICATE_ENTRY -> a.value() + " is in the " + a.list() + " list twice (" + where(a) + " and "
                    + where(b) + ").";
            case REDUNDANT_ENTRY -> b.value() + " (" + where(b) + ") is already covered by " + a.value() + " ("
                    + where(a) + ") in the " + a.list() + " list.";
            case APPROVED_EXEMPTS_LISTED -> a.list().equals(EntryRef.FEED)
                    ? "approved " + b.value() + " (" + where(b) + ") exempts addresses that feed " + a.source()
                            + " lists as " + a.value() + " (line " + a.line() + "): the approval decides first."
                    : "approved " + a.value() + " (" + where(a) + ") exempts " + b.value() + ", listed by feed "
                            + b.source() + " (line " + b.line() + "): the approval decides first.";
        };
        String fix = fix(code, a, b);
        return new Overlap(code, a, b, fix == null ? what : what + " Fix: " + fix + ".");
    }

    /** How to resolve the finding, naming the entries; {@code null} for information, which needs no fix. */
    public String fix() {
        return fix(code, a, b);
    }

    private static String fix(OverlapCode code, EntryRef a, EntryRef b) {
        return switch (code) {
            case BLOCKED_INSIDE_APPROVED -> "narrow the approved range " + a.value() + " (" + where(a)
                    + ") so that it no longer contains " + b.value() + ", or remove the blocked entry (" + where(b)
                    + ")";
            case SAME_RANGE_BOTH_LISTS, COUNTRY_BOTH_LISTS -> "remove " + a.value() + " from one list: the approved"
                    + " entry (" + where(a) + ") or the blocked one (" + where(b) + ")";
            case DUPLICATE_ENTRY -> "remove the later occurrence (" + where(b) + ")";
            case REDUNDANT_ENTRY -> "remove " + b.value() + " (" + where(b) + "); " + a.value() + " already covers it";
            case APPROVED_INSIDE_BLOCKED, APPROVED_EXEMPTS_LISTED -> null;
        };
    }

    private static String where(EntryRef e) {
        return e.source() + ":" + e.line();
    }
}
