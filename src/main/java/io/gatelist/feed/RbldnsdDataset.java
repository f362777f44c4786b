package io.gatelist.feed;

import java.util.Locale;

/**
 * The rbldnsd dataset type a line-based feed is read as, which decides what its exclusions ({@code !value}) mean.
 * rbldnsd takes the type from its command line, not from the file, and the two types that take exclusions answer
 * differently where an exclusion and a listed line overlap; Gatelist answers as the type the feed is set to
 * ({@code feed.rbldnsd-dataset} in gatelist.properties), checked against the real rbldnsd in the interop tests.
 *
 * <p>In both, the most specific entry that covers an address decides; they differ in what "most specific" is:
 * <ul>
 * <li>{@link #IP4TRIE}: the longest prefix. Of two lines with the identical prefix the first one counts (rbldnsd
 * warns "duplicated entry" and keeps the first), listed or excluded.</li>
 * <li>{@link #IP4SET}: rbldnsd stores each IPv4 entry in one of four classes, /8, /16, /24 and /32 entries, a
 * range or CIDR being cut into entries of the class its blocks round up to (a /25 is 128 /32 entries, a /20 sixteen
 * /24 entries), and looks the classes up from /32 to /8; the first class that holds an entry for the address
 * decides, and there an exclusion wins over any listing. So {@code !10.0.0.0/25} excludes the addresses of a
 * listed {@code 10.0.0.0/26} (both are /32 entries), where ip4trie lists them.</li>
 * </ul>
 * IPv6 lines follow rbldnsd's ip6trie, which is ip4trie's rule, whatever the IPv4 type. rbldnsd's ip4tset takes
 * no exclusions (it ignores a {@code !} line as an invalid address) and no ranges; a valid ip4tset file reads the
 * same as either type here.
 */
public enum RbldnsdDataset {
    /** Octet classes, an exclusion winning within its class: rbldnsd's {@code ip4set} (the default). */
    IP4SET,
    /** Longest prefix, the first of identical prefixes: rbldnsd's {@code ip4trie} (and {@code ip6trie}). */
    IP4TRIE;

    /** The type a feed is read as when nothing is set. */
    public static final RbldnsdDataset DEFAULT = IP4SET;

    /** The lower-case name rbldnsd and gatelist.properties use: {@code ip4set}, {@code ip4trie}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for {@code ip4set} or {@code ip4trie} (any case). */
    public static RbldnsdDataset of(String id) {
        if (id != null) {
            for (RbldnsdDataset d : values()) {
                if (d.id().equalsIgnoreCase(id.strip())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("an rbldnsd dataset type is ip4set or ip4trie, not \"" + id + "\"");
    }

    /**
     * How specific a CIDR block of a line is under this type: its prefix length, or for an IPv4 block read as
     * ip4set the class its entries are stored in (the length rounded up to 8, 16, 24 or 32). A higher value
     * decides.
     */
    int rank(int family, int length) {
        if (this == IP4TRIE || family == 6) {
            return length;
        }
        return length <= 8 ? 8 : (length + 7) / 8 * 8;
    }

    /**
     * Whether an exclusion wins over a listing of the same rank (ip4set's rule within one class). Under ip4trie
     * the same rank is the identical prefix, and the first line wins whatever it says.
     */
    boolean exclusionWinsTies(int family) {
        return this == IP4SET && family == 4;
    }
}
