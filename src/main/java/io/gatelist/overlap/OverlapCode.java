package io.gatelist.overlap;

import io.gatelist.validation.Severity;

/** The kinds of overlap the analysis reports, with their stable codes and severities. */
public enum OverlapCode {
    /** A blocked range strictly inside an approved one: the seed's warning case. */
    BLOCKED_INSIDE_APPROVED("blocked-inside-approved", Severity.ERROR),
    /** The identical range in both lists. */
    SAME_RANGE_BOTH_LISTS("same-range-both-lists", Severity.ERROR),
    /** An approved carve-out inside a blocked range, which the seed allows. */
    APPROVED_INSIDE_BLOCKED("approved-inside-blocked", Severity.INFO),
    /** The same country approved and blocked. */
    COUNTRY_BOTH_LISTS("country-both-lists", Severity.ERROR),
    /** The same range or country twice in one list. */
    DUPLICATE_ENTRY("duplicate-entry", Severity.WARNING),
    /** A range inside a wider range of the same list. */
    REDUNDANT_ENTRY("redundant-entry", Severity.WARNING),
    /**
     * An approved entry and a range a reputation feed lists overlap: the approved entry exempts those addresses
     * from the feed, which is what Approved lists are for. Reported so that a reviewer sees what an approval
     * overrides.
     */
    APPROVED_EXEMPTS_LISTED("approved-exempts-listed", Severity.INFO);

    private final String code;
    private final Severity severity;

    OverlapCode(String code, Severity severity) {
        this.code = code;
        this.severity = severity;
    }

    public String code() {
        return code;
    }

    public Severity severity() {
        return severity;
    }

    /** The code for its kebab-case name. */
    public static OverlapCode ofCode(String code) {
        for (OverlapCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown overlap code " + code);
    }
}
