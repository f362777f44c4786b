package io.gatelist.overlap;

import io.gatelist.policy.IpPrefix;

/**
 * IPv4-mapped IPv6 ranges ({@code ::ffff:0:0/96} and inside it) are IPv4 ranges written in IPv6: a lookup of
 * {@code ::ffff:192.0.2.1} evaluates as {@code 192.0.2.1}. Validation stores them as IPv4 at import; the overlap
 * analysis converts them again so that no entry can slip past it in the wrong family.
 */
final class MappedAddresses {

    /** The high 32 bits of the low half of {@code ::ffff:0:0/96}. */
    private static final long MAPPED_MARKER = 0xFFFFL;

    private MappedAddresses() {
    }

    /**
     * The IPv4 range an IPv4-mapped IPv6 range maps ({@code ::ffff:a.b.c.d/n} becomes {@code a.b.c.d/(n-96)});
     * any other prefix unchanged. A wider IPv6 prefix that merely contains the mapped block stays IPv6: lookups
     * never reach it with a mapped address.
     */
    static IpPrefix asIpv4(IpPrefix p) {
        if (p.family() == 6 && p.length() >= 96 && p.high() == 0 && (p.low() >>> 32) == MAPPED_MARKER) {
            return new IpPrefix(4, 0, p.low() & 0xFFFFFFFFL, p.length() - 96);
        }
        return p;
    }
}
