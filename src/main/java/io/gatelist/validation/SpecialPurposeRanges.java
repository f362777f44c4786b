package io.gatelist.validation;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The IANA IPv4 and IPv6 special-purpose address registries (plus multicast and everything outside global
 * unicast 2000::/3), as a table indexed by leading address bits. Reputation services act on public MTA addresses only, so an entry here is an
 * error in a Global Approved List nomination and a warning in a customer's own lists.
 */
public final class SpecialPurposeRanges {

    /** A named special-purpose block. */
    public record Block(IpPrefix prefix, String name) {
    }

    private static final List<Block> BLOCKS = new ArrayList<>();

    static {
        v4("0.0.0.0/8", "\"this network\" (RFC 791)");
        v4("10.0.0.0/8", "private-use (RFC 1918)");
        v4("100.64.0.0/10", "shared address space / CGNAT (RFC 6598)");
        v4("127.0.0.0/8", "loopback (RFC 1122)");
        v4("169.254.0.0/16", "link-local (RFC 3927)");
        v4("172.16.0.0/12", "private-use (RFC 1918)");
        v4("192.0.0.0/24", "IETF protocol assignments (RFC 6890)");
        v4("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)");
        v4("192.31.196.0/24", "AS112-v4 (RFC 7535)");
        v4("192.52.193.0/24", "AMT (RFC 7450)");
        v4("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)");
        v4("192.168.0.0/16", "private-use (RFC 1918)");
        v4("192.175.48.0/24", "direct delegation AS112 service (RFC 7534)");
        v4("198.18.0.0/15", "benchmarking (RFC 2544)");
        v4("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)");
        v4("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)");
        v4("224.0.0.0/4", "multicast (RFC 5771)");
        v4("240.0.0.0/4", "reserved (RFC 1112)");
        v4("255.255.255.255/32", "limited broadcast (RFC 919)");
        v6("::/128", "unspecified address (RFC 4291)");
        v6("::1/128", "loopback (RFC 4291)");
        v6("::ffff:0:0/96", "IPv4-mapped (RFC 4291)");
        v6("64:ff9b::/96", "IPv4-IPv6 translation (RFC 6052)");
        v6("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)");
        v6("100::/64", "discard-only (RFC 6666)");
        v6("2001::/32", "Teredo (RFC 4380)");
        v6("2001::/23", "IETF protocol assignments (RFC 2928)");
        v6("2001:db8::/32", "documentation (RFC 3849)");
        v6("2002::/16", "6to4 (RFC 3056)");
        v6("2620:4f:8000::/48", "direct delegation AS112 service (RFC 7534)");
        v6("3fff::/20", "documentation (RFC 9637)");
        v6("5f00::/16", "segment routing SIDs (RFC 9602)");
        v6("fc00::/7", "unique-local (RFC 4193)");
        v6("fe80::/10", "link-local unicast (RFC 4291)");
        v6("fec0::/10", "deprecated site-local (RFC 3879)");
        v6("ff00::/8", "multicast (RFC 4291)");
    }

    private static final IpPrefix GLOBAL_UNICAST = parse("2000::/3");
    private static final Block OUTSIDE_GLOBAL_UNICAST = new Block(GLOBAL_UNICAST,
            "outside global unicast 2000::/3 (RFC 4291)");

    /**
     * The table indexed for the hot path: for each first octet (IPv4) or first 16 bits (IPv6), the blocks that
     * overlap that slice, most specific first. A lookup reads one slot and compares a handful of prefixes.
     */
    private static final Block[][] BY_FIRST_OCTET = new Block[256][];
    private static final Block[][] BY_FIRST_GROUP = new Block[65536][];
    private static final Block[] NONE = new Block[0];

    static {
        BLOCKS.sort((a, b) -> Integer.compare(b.prefix().length(), a.prefix().length()));
        for (int slot = 0; slot < 256; slot++) {
            BY_FIRST_OCTET[slot] = overlapping(IpPrefix.ipv4(slot << 24, 8));
        }
        for (int slot = 0; slot < 65536; slot++) {
            BY_FIRST_GROUP[slot] = overlapping(IpPrefix.ipv6((long) slot << 48, 0, 16));
        }
    }

    private SpecialPurposeRanges() {
    }

    /**
     * The most specific special-purpose block containing {@code prefix} (or overlapping it, for a range that
     * is wider than the block), or {@code null} for public unicast space.
     */
    public static Block find(IpPrefix prefix) {
        Block[] candidates;
        int slice = prefix.family() == 4 ? 8 : 16;
        if (prefix.length() < slice) {
            candidates = BLOCKS.toArray(NONE); // a range wider than a slot: rare, and wrong for other reasons too
        } else if (prefix.family() == 4) {
            candidates = BY_FIRST_OCTET[(int) (prefix.low() >>> 24)];
        } else {
            candidates = BY_FIRST_GROUP[(int) (prefix.high() >>> 48)];
        }
        for (Block b : candidates) {
            if (b.prefix().contains(prefix) || prefix.contains(b.prefix())) {
                return b;
            }
        }
        if (prefix.family() == 6 && !GLOBAL_UNICAST.contains(prefix)) {
            return OUTSIDE_GLOBAL_UNICAST;
        }
        return null;
    }

    private static Block[] overlapping(IpPrefix slice) {
        List<Block> found = new ArrayList<>();
        for (Block b : BLOCKS) {
            if (b.prefix().contains(slice) || slice.contains(b.prefix())) {
                found.add(b);
            }
        }
        return found.isEmpty() ? NONE : found.toArray(NONE);
    }

    private static void v4(String cidr, String name) {
        BLOCKS.add(new Block(parse(cidr), name));
    }

    private static void v6(String cidr, String name) {
        BLOCKS.add(new Block(parse(cidr), name));
    }

    private static IpPrefix parse(String cidr) {
        IPAddress block = new IPAddressString(cidr).getAddress();
        int length = block.getNetworkPrefixLength();
        if (block.isIPv4()) {
            return IpPrefix.ipv4(((IPv4Address) block).intValue(), length);
        }
        long[] halves = ((IPv6Address) block).longValues();
        return IpPrefix.ipv6(halves[0], halves[1], length);
    }
}
