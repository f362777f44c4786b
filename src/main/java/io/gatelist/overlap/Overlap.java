package io.gatelist.overlap;

import io.gatelist.finding.Severity;

/**
 * One overlap between two entries.
 *
 * @param code    what kind of overlap
 * @param a       the wider entry (or the first, for identical ranges and countries)
 * @param b       the narrower entry (or the later one)
 * @param message what it means (what a lookup answers there) and, for errors and warnings, how to fix it
 */
public record Overlap(OverlapCode code, EntryRef a, EntryRef b, String message) {

    public Severity severity() {
        return code.severity();
    }

    /** How a message says where the verdict holds; the dynamic mode skips the Blocked lists and countries. */
    static final String BOTH_MODES = "in both modes";
    static final String STANDARD_MODE = "in standard mode (dynamic mode ignores the Blocked lists)";

    /**
     * Creates the finding with its message. Each message says what a lookup answers for an address inside both
     * entries, in the words {@code answer VERDICT at STEP in both modes} (or {@code in standard mode}), and for
     * entries of one list which of them a lookup reports ({@code reported as VALUE (SOURCE:LINE)}; of identical
     * ranges the last copy, of a country the first): the order of evaluation decides, not the overlap, and {@code OverlapWordsTest} holds each code's words to what a compiled
     * snapshot answers.
     */
    public static Overlap of(OverlapCode code, EntryRef a, EntryRef b) {
        String what = switch (code) {
            case BLOCKED_INSIDE_APPROVED -> "blocked " + b.value() + " (" + where(b) + ") lies inside approved "
                    + a.value() + " (" + where(a) + "): approved-ip decides before blocked-ip, so its addresses "
                    + answer("APPROVED", "approved-ip", BOTH_MODES) + " and the blocked entry never takes effect.";
            case SAME_RANGE_BOTH_LISTS -> a.value() + " is both approved (" + where(a) + ") and blocked (" + where(b)
                    + "): approved-ip decides before blocked-ip, so its addresses " + answer("APPROVED", "approved-ip",
                            BOTH_MODES) + " and the blocked entry never takes effect.";
            case APPROVED_INSIDE_BLOCKED -> "approved " + b.value() + " (" + where(b) + ") is a carve-out inside "
                    + "blocked " + a.value() + " (" + where(a) + "), which the seed allows: its addresses "
                    + answer("APPROVED", "approved-ip", BOTH_MODES) + ", the rest of " + a.value() + " BLOCKED at "
                    + "blocked-ip " + STANDARD_MODE + ".";
            case COUNTRY_BOTH_LISTS -> "country " + a.value() + " is both approved (" + where(a) + ") and blocked ("
                    + where(b) + "): approved-country decides before blocked-country, so its addresses "
                    + answer("APPROVED", "approved-country", BOTH_MODES) + " (unless an IP entry decides first) and "
                    + "the blocked country never takes effect.";
            case DUPLICATE_ENTRY -> a.value() + " is in the " + a.list() + " list twice (" + where(a) + " and "
                    + where(b) + "): its addresses " + sameList(a) + " either way, "
                    + (isCountry(a) ? "reported as " + a.value() + " (" + where(a) + "), the first copy"
                            : "reported as the last copy by source name and line") + ".";
            case REDUNDANT_ENTRY -> b.value() + " (" + where(b) + ") is already covered by " + a.value() + " ("
                    + where(a) + ") in the " + a.list() + " list: its addresses " + sameList(a) + " with or without "
                    + "it, reported as " + b.value() + " (" + where(b) + "), the more specific entry.";
            case APPROVED_EXEMPTS_LISTED -> a.list().equals(EntryRef.FEED)
                    ? "approved " + b.value() + " (" + where(b) + ") exempts addresses that feed " + a.source()
                            + " lists as " + a.value() + " (line " + a.line() + "): the approval decides first, so "
                            + "they " + answer("APPROVED", "approved-ip", BOTH_MODES) + "."
                    : "approved " + a.value() + " (" + where(a) + ") exempts " + b.value() + ", listed by feed "
                            + b.source() + " (line " + b.line() + "): the approval decides first, so its addresses "
                            + answer("APPROVED", "approved-ip", BOTH_MODES) + ".";
        };
        String fix = fix(code, a, b);
        return new Overlap(code, a, b, fix == null ? what : what + " Fix: " + fix + ".");
    }

    /** "answer APPROVED at approved-ip in both modes". */
    private static String answer(String verdict, String step, String modes) {
        return "answer " + verdict + " at " + step + " " + modes;
    }

    /** What an entry of a list answers: its list's step, approved in both modes, blocked in standard mode only. */
    private static String sameList(EntryRef e) {
        boolean approved = e.list().equals(EntryRef.APPROVED);
        return answer(approved ? "APPROVED" : "BLOCKED", (approved ? "approved-" : "blocked-")
                + (isCountry(e) ? "country" : "ip"), approved ? BOTH_MODES : STANDARD_MODE);
    }

    /** A country entry: its value is a two-letter code, never an address. */
    private static boolean isCountry(EntryRef e) {
        return e.value().length() == 2 && Character.isLetter(e.value().charAt(0));
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
