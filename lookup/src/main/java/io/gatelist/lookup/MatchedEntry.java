package io.gatelist.lookup;

/**
 * The list entry that decided a verdict, for explanations.
 *
 * @param list   {@code approved}, {@code blocked}, {@code global-approved}, {@code reputation-standard} or
 *               {@code reputation-dynamic}
 * @param value  the entry's canonical text: an address, a CIDR range or a country code
 * @param source the named source (file) the entry came from
 * @param line   the physical line in that source, or 0 when it has none
 */
public record MatchedEntry(String list, String value, String source, int line) {
}
