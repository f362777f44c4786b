package io.gatelist.policy;

import io.gatelist.lookup.IpLiterals;

/**
 * A CIDR block: a single address is a /32 (IPv4) or /128 (IPv6) prefix. Addresses are held as two unsigned
 * 64-bit halves; an IPv4 address sits in the low 32 bits of {@code low} with {@code high == 0}.
 *
 * @param family 4 or 6
 * @param high   the high 64 bits of the network address (0 for IPv4)
 * @param low    the low 64 bits of the network address
 * @param length the prefix length, 1..32 or 1..128 (host bits are always zero)
 */
public record IpPrefix(int family, long high, long low, int length) {

    public IpPrefix {
        if (family != 4 && family != 6) {
            throw new IllegalArgumentException("family must be 4 or 6: " + family);
        }
        if (length < 0 || length > (family == 4 ? 32 : 128)) {
            throw new IllegalArgumentException("bad prefix length " + length);
        }
        if (family == 4 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
        if (high != (high & maskHigh(family, length)) || low != (low & maskLow(family, length))) {
            throw new IllegalArgumentException("host bits set in " + family + "/" + length);
        }
    }

    /** An IPv4 prefix; {@code address} is the 32-bit network address. */
    public static IpPrefix ipv4(int address, int length) {
        return new IpPrefix(4, 0, Integer.toUnsignedLong(address), length);
    }

    /** An IPv6 prefix. */
    public static IpPrefix ipv6(long high, long low, int length) {
        return new IpPrefix(6, high, low, length);
    }

    /** The number of address bits: 32 or 128. */
    public int width() {
        return family == 4 ? 32 : 128;
    }

    /** True for a single address (/32 or /128). */
    public boolean isHost() {
        return length == width();
    }

    /** The high half of the last address in the block (0 for IPv4, whose addresses live in the low half). */
    public long endHigh() {
        return family == 4 ? 0 : high | ~maskHigh(6, length);
    }

    /** The low half of the last address in the block. */
    public long endLow() {
        return family == 4 ? low | (~maskLow(4, length) & 0xFFFFFFFFL) : low | ~maskLow(6, length);
    }

    /** True when {@code other} lies entirely inside this block (a block contains itself). */
    public boolean contains(IpPrefix other) {
        return family == other.family && length <= other.length
                && (other.high & maskHigh(family, length)) == high && (other.low & maskLow(family, length)) == low;
    }

    /** The canonical text: a dotted quad or RFC 5952 IPv6 text, with {@code /length} unless a single address. */
    public String canonical() {
        String address = family == 4 ? IpLiterals.formatIpv4((int) low) : IpLiterals.formatIpv6(high, low);
        return isHost() ? address : address + "/" + length;
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** The mask for the high half: all ones over the first {@code length} bits. */
    static long maskHigh(int family, int length) {
        if (family == 4) {
            return 0;
        }
        if (length >= 64) {
            return -1L;
        }
        return length == 0 ? 0 : -1L << (64 - length);
    }

    /** The mask for the low half. */
    static long maskLow(int family, int length) {
        if (family == 4) {
            return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        }
        if (length <= 64) {
            return 0;
        }
        return length == 128 ? -1L : -1L << (128 - length);
    }
}
