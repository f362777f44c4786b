package io.gatelist.policy;

/**
 * One accepted entry of the Approved or Blocked list, as stored.
 *
 * @param list    approved or blocked
 * @param kind    ip or country
 * @param prefix  the address block for an ip entry, {@code null} for a country
 * @param country the ISO 3166-1 alpha-2 code for a country entry, {@code null} for an ip entry
 * @param source  the named source (file) it came from
 * @param line    the physical line in that source
 * @param comment the row's comment, or {@code null}
 */
public record PolicyEntry(ListName list, EntryKind kind, IpPrefix prefix, String country, String source, int line,
        String comment) {

    /** The canonical text: a CIDR/address or a country code. */
    public String value() {
        return kind == EntryKind.IP ? prefix.canonical() : country;
    }
}
