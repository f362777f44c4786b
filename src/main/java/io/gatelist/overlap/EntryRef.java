package io.gatelist.overlap;

/**
 * One side of an overlap: an entry named the way an operator finds it.
 *
 * @param list   approved or blocked
 * @param value  the canonical range or country
 * @param source the source file
 * @param line   the line in that file
 */
public record EntryRef(String list, String value, String source, int line) {

    /** "approved 172.31.15.164/30 (approved.csv:4)". */
    public String describe() {
        return list + " " + value + " (" + source + ":" + line + ")";
    }
}
