package io.gatelist.geo;

import io.gatelist.lookup.IpLiterals;

/**
 * A range of addresses and the country it was delegated to.
 *
 * @param family    4 or 6
 * @param startHigh the high 64 bits of the first address (0 for IPv4)
 * @param startLow  the low 64 bits of the first address (IPv4: the address as an unsigned value)
 * @param endHigh   the high 64 bits of the last address
 * @param endLow    the low 64 bits of the last address
 * @param country   the ISO 3166-1 alpha-2 code, or {@code null} when the registry names no country (EU, AP, ZZ)
 */
public record GeoRange(int family, long startHigh, long startLow, long endHigh, long endLow, String country) {

    public GeoRange {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family must be 4 or 6");
        }
        if (compare(startHigh, startLow, endHigh, endLow) > 0) {
            throw new IllegalArgumentException("the range ends before it starts");
        }
    }

    /** Unsigned comparison of two 128-bit values given as halves. */
    public static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** Orders by family, then first address. */
    public int compareStart(GeoRange other) {
        return family != other.family ? Integer.compare(family, other.family)
                : compare(startHigh, startLow, other.startHigh, other.startLow);
    }

    @Override
    public String toString() {
        String from = family == 4 ? IpLiterals.formatIpv4((int) startLow) : IpLiterals.formatIpv6(startHigh, startLow);
        String to = family == 4 ? IpLiterals.formatIpv4((int) endLow) : IpLiterals.formatIpv6(endHigh, endLow);
        return from + "-" + to + " " + (country == null ? "unknown" : country);
    }
}
