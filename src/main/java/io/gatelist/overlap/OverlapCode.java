package io.gatelist.overlap;

import io.gatelist.finding.Severity;

/** The kinds of overlap the analysis reports, with their stable codes and severities. */
public enum OverlapCode {
    /**
     * A blocked range strictly inside an approved one: the seed's warning case. approved-ip decides first, so the
     * blocked entry never takes effect.
     */
    BLOCKED_INSIDE_APPROVED("blocked-inside-approved", Severity.ERROR, "approved-ip decides before blocked-ip: "
            + "the blocked entry never takes effect, its addresses answer APPROVED at approved-ip in both modes"),
    /** The identical range in both lists: approved-ip decides first, the blocked entry never takes effect. */
    SAME_RANGE_BOTH_LISTS("same-range-both-lists", Severity.ERROR, "approved-ip decides before blocked-ip: the "
            + "blocked entry never takes effect, its addresses answer APPROVED at approved-ip in both modes"),
    /** An approved carve-out inside a blocked range, which the seed allows. */
    APPROVED_INSIDE_BLOCKED("approved-inside-blocked", Severity.INFO, "the carve-out's addresses answer APPROVED "
            + "at approved-ip in both modes, the rest of the blocked range BLOCKED at blocked-ip in standard mode"),
    /** The same country approved and blocked: approved-country decides first. */
    COUNTRY_BOTH_LISTS("country-both-lists", Severity.ERROR, "approved-country decides before blocked-country: the "
            + "blocked country never takes effect, its addresses answer APPROVED at approved-country in both modes "
            + "unless an IP entry decides first"),
    /** The same range or country twice in one list. */
    DUPLICATE_ENTRY("duplicate-entry", Severity.WARNING, "the copies give the same verdict; lookups report the "
            + "last copy of a range and the first of a country, by source name and line"),
    /** A range inside a wider range of the same list. */
    REDUNDANT_ENTRY("redundant-entry", Severity.WARNING, "the narrower entry changes no verdict; lookups report it, "
            + "as the more specific entry"),
    /**
     * An approved entry and a range a reputation feed lists overlap: the approved entry exempts those addresses
     * from the feed, which is what Approved lists are for. Reported so that a reviewer sees what an approval
     * overrides.
     */
    APPROVED_EXEMPTS_LISTED("approved-exempts-listed", Severity.INFO, "approved-ip decides before the feeds: "
            + "those addresses answer APPROVED at approved-ip in both modes");

    private final String code;
    private final Severity severity;
    private final String meaning;

    OverlapCode(String code, Severity severity, String meaning) {
        this.code = code;
        this.severity = severity;
        this.meaning = meaning;
    }

    /**
     * What the evaluation order makes of such an overlap, in the words every finding's message uses (checked
     * against a compiled snapshot's lookups by {@code OverlapWordsTest}).
     */
    public String meaning() {
        return meaning;
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
