package io.gatelist.overlap;

/**
 * One side of an overlap: an entry named the way an operator finds it.
 *
 * @param list   {@value #APPROVED}, {@value #BLOCKED}, or {@value #FEED} for a block a reputation feed lists
 * @param value  the canonical range or country
 * @param source the source file; for a feed, the feed's name
 * @param line   the line in that file
 */
public record EntryRef(String list, String value, String source, int line) {

    public static final String APPROVED = "approved";
    public static final String BLOCKED = "blocked";
    public static final String FEED = "feed";

    /** "approved 172.31.15.164/30 (approved.csv:4)". */
    public String describe() {
        return list + " " + value + " (" + source + ":" + line + ")";
    }
}
