package io.gatelist.answer;

/**
 * What a DNSBL zone answers for a listed address.
 *
 * @param code the A record value (see {@link ReturnCodes}), as a 32-bit IPv4 address
 * @param text the TXT record text ({@link PublicText}), or {@code null} when not asked for
 */
public record Listing(int code, String text) {
}
