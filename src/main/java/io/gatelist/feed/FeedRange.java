package io.gatelist.feed;

/**
 * One accepted feed line as stored: the inclusive bounds of the address, CIDR range or first-last range it names.
 *
 * @param family    4 or 6
 * @param startHigh high 64 bits of the first address (0 for IPv4)
 * @param startLow  low 64 bits of the first address (IPv4: the unsigned 32-bit address)
 * @param endHigh   high 64 bits of the last address
 * @param endLow    low 64 bits of the last address
 * @param excluded  an rbldnsd exclusion ({@code !value}): not listed by its feed
 * @param value     the canonical text of the value (a CIDR, an address, or {@code first-last}); {@code null} when
 *                  read for the ranges only
 * @param reason    the listing's reason or id, or {@code null} (also when read for the ranges only)
 * @param line      the physical line in the feed file
 */
public record FeedRange(int family, long startHigh, long startLow, long endHigh, long endLow, boolean excluded,
        String value, String reason, int line) {
}
