package io.gatelist.dns;

import io.gatelist.lookup.IpLiterals;

/** RFC 5782 query names for test addresses, written independently of the responder's parser. */
public final class QueryNames {

    private QueryNames() {
    }

    /** {@code <reversed ip>.<sub>.<zone>}: four reversed octets, or 32 reversed nibbles for IPv6. */
    public static String of(String ip, String sub, String zone) {
        long v4 = IpLiterals.parseIpv4(ip);
        StringBuilder name = new StringBuilder();
        if (v4 != IpLiterals.INVALID) {
            for (int shift = 0; shift < 32; shift += 8) {
                name.append((v4 >>> shift) & 0xFF).append('.');
            }
        } else {
            long[] v6 = new long[2];
            if (!IpLiterals.parseIpv6(ip, v6)) {
                throw new IllegalArgumentException(ip);
            }
            for (int i = 0; i < 32; i++) {
                long half = i < 16 ? v6[1] : v6[0];
                name.append(Long.toHexString((half >>> (4 * (i % 16))) & 0xF)).append('.');
            }
        }
        return name.append(sub).append('.').append(zone).toString();
    }
}
