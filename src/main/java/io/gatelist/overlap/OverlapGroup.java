package io.gatelist.overlap;

import io.gatelist.finding.Severity;
import java.util.List;
import java.util.Locale;

/**
 * The findings of one code that share their wider (or first) entry: how a range containing thousands of others
 * is reported once, with the count and a few examples.
 *
 * @param code     what kind of overlap
 * @param wider    the entry every finding of the group names as {@code a}
 * @param count    the number of findings in the group
 * @param examples the first findings of the group, at most the cap the summary was made with
 */
public record OverlapGroup(OverlapCode code, EntryRef wider, long count, List<Overlap> examples) {

    public OverlapGroup {
        examples = List.copyOf(examples);
    }

    public Severity severity() {
        return code.severity();
    }

    /** Findings of the group not among the examples. */
    public long notShown() {
        return count - examples.size();
    }

    /** One sentence about the group, e.g. "approved 10.0.0.0/8 (a.csv:3) contains 4,000 blocked entries". */
    public String heading() {
        String w = wider.describe();
        return switch (code) {
            case BLOCKED_INSIDE_APPROVED -> w + " contains " + count(count, "blocked entry", "blocked entries");
            case APPROVED_INSIDE_BLOCKED -> w + " contains " + count(count, "approved carve-out", "approved carve-outs");
            case SAME_RANGE_BOTH_LISTS -> w + " is also in the blocked list";
            case COUNTRY_BOTH_LISTS -> "country " + w + " is also in the blocked list";
            case DUPLICATE_ENTRY -> w + " is listed again " + count(count, "time", "times");
            case REDUNDANT_ENTRY -> w + " already covers " + count(count, "narrower " + wider.list() + " entry",
                    "narrower " + wider.list() + " entries");
            case APPROVED_EXEMPTS_LISTED -> wider.list().equals(EntryRef.FEED)
                    ? w + " contains " + count(count, "approved exemption", "approved exemptions")
                    : w + " exempts " + count(count, "range listed by a feed", "ranges listed by feeds");
        };
    }

    /** How to resolve the whole group; {@code null} for information. */
    public String fix() {
        if (count == 1 && !examples.isEmpty()) {
            return examples.get(0).fix();
        }
        return switch (code) {
            case BLOCKED_INSIDE_APPROVED -> "narrow the approved range " + wider.value()
                    + " so that it contains none of them, or remove the blocked entries";
            case SAME_RANGE_BOTH_LISTS, COUNTRY_BOTH_LISTS -> "remove " + wider.value() + " from one of the lists";
            case DUPLICATE_ENTRY -> "remove the later occurrences";
            case REDUNDANT_ENTRY -> "remove the narrower entries; " + wider.value() + " already covers them";
            case APPROVED_INSIDE_BLOCKED, APPROVED_EXEMPTS_LISTED -> null;
        };
    }

    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
