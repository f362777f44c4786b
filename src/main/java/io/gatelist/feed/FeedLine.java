package io.gatelist.feed;

/**
 * One meaningful line of a line-based feed, before validation.
 *
 * @param line     the physical line
 * @param value    the address, CIDR or range as written
 * @param reason   the listing's reason or id (a DROP SBL id, an rbldnsd value, a CSV reason), or {@code null}
 * @param excluded true for an rbldnsd exclusion ({@code !value}): not listed, even inside a listed range
 */
public record FeedLine(int line, String value, String reason, boolean excluded) {
}
