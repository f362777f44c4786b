package io.gatelist.dns;

import org.xbill.DNS.Name;

/**
 * Reads the address of an RFC 5782 query name: the labels left of the sub-zone label hold an IPv4 address as
 * four reversed decimal octets ({@code 2.0.0.127}) or an IPv6 address as 32 reversed hexadecimal nibbles. The
 * labels come from the name dnsjava parsed; octets are strict (0-255, no leading zero), nibbles either case.
 */
final class ReversedName {

    /** What the labels hold. */
    enum Kind {
        /** Four octets: {@code out[1]} holds the IPv4 address in its low 32 bits. */
        IPV4,
        /** 32 nibbles: {@code out[0]} and {@code out[1]} hold the address's high and low halves. */
        IPV6,
        /**
         * Fewer labels than an address, each valid: an empty non-terminal above listed names. It must answer
         * NOERROR without data, not NXDOMAIN, or resolvers that trust NXDOMAIN cuts (RFC 8020) would hide the
         * names below it.
         */
        PARTIAL,
        /** Anything else: the name does not exist. */
        INVALID
    }

    private ReversedName() {
    }

    /**
     * Parses the leftmost {@code count} labels of {@code name}.
     *
     * @param out receives the address; must hold two longs
     */
    static Kind parse(Name name, int count, long[] out) {
        if (count <= 0 || count > 32) {
            return Kind.INVALID;
        }
        boolean octets = count <= 4;
        boolean nibbles = true;
        long v4 = 0;
        long high = 0;
        long low = 0;
        for (int i = count - 1; i >= 0 && (octets || nibbles); i--) { // most significant label first
            byte[] label = name.getLabel(i); // [length, bytes...]
            if (octets) {
                int octet = octet(label);
                octets = octet >= 0;
                v4 = (v4 << 8) | Math.max(octet, 0);
            }
            if (nibbles) {
                int nibble = label[0] == 1 ? Character.digit(label[1], 16) : -1;
                nibbles = nibble >= 0;
                high = (high << 4) | (low >>> 60);
                low = (low << 4) | Math.max(nibble, 0);
            }
        }
        if (octets && count == 4) {
            out[0] = 0;
            out[1] = v4;
            return Kind.IPV4;
        }
        if (nibbles && count == 32) {
            out[0] = high;
            out[1] = low;
            return Kind.IPV6;
        }
        return octets || nibbles ? Kind.PARTIAL : Kind.INVALID;
    }

    /** A decimal octet 0-255 without leading zeros, or -1. */
    private static int octet(byte[] label) {
        int length = label[0];
        if (length < 1 || length > 3 || (length > 1 && label[1] == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 1; i <= length; i++) {
            int d = label[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value <= 255 ? value : -1;
    }
}
