package io.gatelist.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a feed lists, its exclusions resolved as rbldnsd resolves them: hand-made cases, then random feeds against
 * a port of rbldnsd's own ip4set code (the octet-class expansion of {@code rbldnsd_ip4set.c} and its lookup from
 * /32 to /8) and a plain longest-prefix model of its ip4trie, address by address around every bound. The real
 * rbldnsd answers the same files in {@link RbldnsdExclusionInteropTest}.
 */
class FeedListingTest {

    private static FeedRange range(String value, boolean excluded, int line) {
        List<IpPrefix> blocks = FeedValues.check("value", value).prefixes();
        IpPrefix first = blocks.get(0);
        IpPrefix last = blocks.get(blocks.size() - 1);
        return new FeedRange(first.family(), first.high(), first.low(), last.endHigh(), last.endLow(), excluded,
                value, null, line);
    }

    private static List<String> both(List<FeedRange> feed) {
        List<String> set = FeedListing.describe(feed, RbldnsdDataset.IP4SET);
        assertEquals(set, FeedListing.describe(feed, RbldnsdDataset.IP4TRIE), "ip4set and ip4trie agree here");
        return set;
    }

    @Test
    void hostsAndBlocksPassThroughWhenNothingIsExcluded() {
        assertEquals(List.of("80.82.77.33", "80.82.78.0/24", "2001:4860:4860::8888"), both(List.of(
                range("80.82.77.33", false, 1), range("80.82.78.0/24", false, 2),
                range("2001:4860:4860::8888/128", false, 3))));
    }

    @Test
    void narrowerExclusionsAreCutOutOfTheRangesAroundThem() {
        List<FeedRange> feed = new ArrayList<>(List.of(range("10.0.0.0/29", false, 1), range("10.0.0.2", true, 2),
                range("10.0.0.4-10.0.0.5", true, 3), range("2001:db8::/126", false, 4), range("2001:db8::/127", true, 5)));
        assertEquals(List.of("10.0.0.0/31", "10.0.0.3", "10.0.0.6/31", "2001:db8::2/127"), both(feed));
        assertEquals(List.of("255.255.255.254"), both(List.of(
                range("255.255.255.254/31", false, 1), range("255.255.255.255", true, 2))));
    }

    @Test
    void aListedLineInsideAWiderExclusionIsListed() {
        // The file: rbldnsd lists 31.0.1.5 and 31.0.2.7 in both dataset types.
        assertEquals(List.of("31.0.1.0/24", "31.0.2.7"), both(List.of(range("31.0.0.0/16", true, 1),
                range("31.0.1.0/24", false, 2), range("31.0.2.7", false, 3))));
        // Several levels deep, in any line order: /8 listed, /16 excluded, /24 listed, /32 excluded.
        assertEquals(List.of("40.0.0.0/16", "40.1.5.0/30", "40.1.5.5", "40.1.5.6/31", "40.1.5.8/29",
                "40.1.5.16/28", "40.1.5.32/27", "40.1.5.64/26", "40.1.5.128/25", "40.2.0.0/15", "40.4.0.0/14",
                "40.8.0.0/13", "40.16.0.0/12", "40.32.0.0/11", "40.64.0.0/10", "40.128.0.0/9"), both(List.of(
                range("40.1.5.4", true, 1), range("40.1.5.0/24", false, 2), range("40.1.0.0/16", true, 3),
                range("40.0.0.0/8", false, 4))));
        assertEquals(List.of("2001:db8:0:1::/64"), both(List.of(range("2001:db8::/48", true, 1),
                range("2001:db8:0:1::/64", false, 2))));
    }

    @Test
    void ip4setDecidesByOctetClassWhereIp4trieDecidesByPrefixLength() {
        // Both /25 and /26 are /32 entries in an ip4set: the exclusion wins within its class.
        List<FeedRange> sameClass = List.of(range("10.0.0.0/25", true, 1), range("10.0.0.0/26", false, 2));
        assertEquals(List.of(), FeedListing.describe(sameClass, RbldnsdDataset.IP4SET));
        assertEquals(List.of("10.0.0.0/26"), FeedListing.describe(sameClass, RbldnsdDataset.IP4TRIE));
        // The identical prefix twice: ip4set excludes, ip4trie keeps the first line.
        List<FeedRange> twice = List.of(range("10.1.0.0/24", false, 1), range("10.1.0.0/24", true, 2));
        assertEquals(List.of(), FeedListing.describe(twice, RbldnsdDataset.IP4SET));
        assertEquals(List.of("10.1.0.0/24"), FeedListing.describe(twice, RbldnsdDataset.IP4TRIE));
        assertEquals(List.of(), FeedListing.describe(List.of(twice.get(1), twice.get(0)), RbldnsdDataset.IP4TRIE));
        // IPv6 follows ip6trie whatever the IPv4 type.
        List<FeedRange> v6 = List.of(range("2001:db8::/32", true, 1), range("2001:db8::/33", false, 2));
        assertEquals(List.of("2001:db8::/33"), FeedListing.describe(v6, RbldnsdDataset.IP4SET));
    }

    @Test
    void theDecidingLineIsTheMostSpecificOneAndGivesTheReason() {
        FeedRange wide = range("50.0.0.0/16", false, 1);
        FeedRange narrow = range("50.0.3.0/24", false, 2);
        List<String> lines = new ArrayList<>();
        FeedListing.listedBlocks(List.of(wide, narrow, range("50.0.9.0/24", true, 3)), RbldnsdDataset.IP4TRIE,
                (block, line) -> lines.add(block.canonical() + " " + line.line()));
        assertEquals(List.of("50.0.0.0/23 1", "50.0.2.0/24 1", "50.0.3.0/24 2", "50.0.4.0/22 1", "50.0.8.0/24 1",
                "50.0.10.0/23 1", "50.0.12.0/22 1", "50.0.16.0/20 1", "50.0.32.0/19 1", "50.0.64.0/18 1",
                "50.0.128.0/17 1"), lines);
    }

    @Test
    void randomFeedsAnswerAsRbldnsdsOwnIp4setCodeAndAsALongestPrefixTrie() {
        Random random = new Random(28);
        for (int round = 0; round < 300; round++) {
            List<FeedRange> feed = new ArrayList<>();
            int lines = 1 + random.nextInt(12);
            for (int i = 0; i < lines; i++) {
                feed.add(randomLine(random, i + 1, round % 3 == 0));
            }
            TreeSet<Long> probes = new TreeSet<>();
            for (FeedRange r : feed) {
                for (long bound : new long[] {r.startLow(), r.endLow()}) {
                    for (long d = -1; d <= 1; d++) {
                        if (bound + d >= 0 && bound + d <= 0xFFFFFFFFL) {
                            probes.add(bound + d);
                        }
                    }
                }
                for (int k = 0; k < 8; k++) {
                    probes.add(r.startLow() + (long) (random.nextDouble() * (r.endLow() - r.startLow() + 1)));
                }
            }
            boolean excludes = feed.stream().anyMatch(FeedRange::excluded);
            for (RbldnsdDataset dataset : RbldnsdDataset.values()) {
                List<long[]> listed = new ArrayList<>();
                FeedListing.listedBlocks(feed, dataset, (block, line) -> listed.add(new long[] {block.low(),
                        block.endLow(), line.line(), block.length()}));
                for (long address : probes) {
                    String where = dataset + " " + IpPrefix.ipv4((int) address, 32) + " in " + feed;
                    Integer expected = dataset == RbldnsdDataset.IP4SET ? Ip4setReference.lookup(feed, address)
                            : trie(feed, address);
                    // Without exclusions every line is emitted as it stands and the snapshot reports the most
                    // specific block; with them the blocks are disjoint.
                    long[] chosen = null;
                    for (long[] b : listed) {
                        if (address >= b[0] && address <= b[1]) {
                            assertEquals(true, chosen == null || !excludes, "listed blocks overlap: " + where);
                            chosen = chosen == null || b[3] > chosen[3] ? b : chosen;
                        }
                    }
                    Integer actual = chosen == null ? null : (int) chosen[2];
                    assertEquals(expected != null, actual != null, where);
                    if (actual == null) {
                        continue;
                    }
                    if (dataset == RbldnsdDataset.IP4SET) {
                        // rbldnsd answers every listing of the deciding class; Gatelist reports one of them
                        assertEquals(true, Ip4setReference.listingsOf(feed, address).contains(actual), where);
                    } else if (excludes) {
                        assertEquals(expected, actual, where);
                    }
                }
            }
        }
    }

    @Test
    void randomIpv6FeedsAnswerAsALongestPrefixTrie() {
        Random random = new Random(6);
        for (int round = 0; round < 300; round++) {
            List<FeedRange> feed = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(10); i++) {
                // blocks from /40 to /128 under 2001:db8:ab00::/40, so that they nest across the 64-bit halves
                int length = 40 + random.nextInt(89);
                long high = 0x20010db8ab000000L | (random.nextLong() & 0xFFFFFFL);
                long low = random.nextLong();
                IpPrefix p = IpPrefix.ipv6(length >= 64 ? high : high & (-1L << (64 - length)),
                        length <= 64 ? 0 : length == 128 ? low : low & (-1L << (128 - length)), length);
                if (random.nextInt(4) == 0) { // a first-last range instead, inside the block
                    feed.add(new FeedRange(6, p.high(), p.low(), p.endHigh(), p.low() | (random.nextLong()
                            & (p.endLow() ^ p.low())), random.nextInt(3) == 0, null, null, i + 1));
                } else {
                    feed.add(new FeedRange(6, p.high(), p.low(), p.endHigh(), p.endLow(), random.nextInt(3) == 0,
                            null, null, i + 1));
                }
            }
            List<FeedRange> listed = new ArrayList<>();
            List<IpPrefix> blocks = new ArrayList<>();
            FeedListing.listedBlocks(feed, RbldnsdDataset.IP4SET, (block, line) -> {
                blocks.add(block);
                listed.add(line);
            });
            boolean excludes = feed.stream().anyMatch(FeedRange::excluded);
            for (FeedRange r : feed) {
                for (long[] probe : new long[][] {{r.startHigh(), r.startLow()}, {r.endHigh(), r.endLow()},
                    {r.startHigh(), r.startLow() - 1}, {r.endHigh(), r.endLow() + 1}}) {
                    IpPrefix address = IpPrefix.ipv6(probe[0], probe[1], 128);
                    Integer expected = null;
                    int best = -1;
                    for (FeedRange line : feed) {
                        for (IpPrefix p : FeedValues.split(6, line.startHigh(), line.startLow(), line.endHigh(),
                                line.endLow())) {
                            if (p.contains(address) && p.length() > best) {
                                best = p.length();
                                expected = line.excluded() ? null : line.line();
                            }
                        }
                    }
                    Integer actual = null;
                    int actualLength = -1;
                    for (int i = 0; i < blocks.size(); i++) {
                        if (blocks.get(i).contains(address) && blocks.get(i).length() > actualLength) {
                            actualLength = blocks.get(i).length();
                            actual = listed.get(i).line();
                        }
                    }
                    assertEquals(expected != null, actual != null, address + " in " + feed);
                    if (excludes) {
                        assertEquals(expected, actual, address + " in " + feed);
                    }
                }
            }
        }
    }

    /** A line of a random feed: CIDR blocks and ranges that nest across octet boundaries, some excluded. */
    private static FeedRange randomLine(Random random, int line, boolean ranges) {
        long base = 0x1E000000L; // 30.0.0.0
        int length = 6 + random.nextInt(27);
        long start = base + (random.nextLong() & 0x3FFFFL) & (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        long end = start + (1L << (32 - length)) - 1;
        if (ranges && random.nextInt(3) == 0) {
            long s = base + (random.nextLong() & 0x3FFFFL);
            start = s;
            end = Math.min(0xFFFFFFFFL, s + (random.nextLong() & 0x7FFFL));
        }
        return new FeedRange(4, 0, start, 0, end, random.nextInt(3) == 0, null, null, line);
    }

    /** ip4trie: the longest CIDR block of any line that covers the address; of identical ones, the first line. */
    private static Integer trie(List<FeedRange> feed, long address) {
        int bestLength = -1;
        FeedRange best = null;
        for (FeedRange r : feed) {
            for (IpPrefix p : FeedValues.split(4, 0, r.startLow(), 0, r.endLow())) {
                if (address >= p.low() && address <= p.endLow() && p.length() > bestLength) {
                    bestLength = p.length();
                    best = r;
                }
            }
        }
        return best == null || best.excluded() ? null : best.line();
    }

    /**
     * rbldnsd's ip4set, ported from rbldnsd_ip4set.c: {@code ds_ip4set_line} expands a range into entries of four
     * classes (E32, E24, E16, E08) with {@code ip4range_expand_octet}; {@code ds_ip4set_query} tries E32, E24,
     * E16, E08 in turn, and the first class holding the address decides: an exclusion there (its value pointer
     * is NULL, which sorts first) means not listed.
     */
    static final class Ip4setReference {

        private Ip4setReference() {
        }

        /** The entries of one line: {class index, address} pairs. */
        static List<long[]> expand(long a, long b) {
            List<long[]> out = new ArrayList<>();
            for (int bits = 0; bits <= 16; bits += 8) {
                int idx = bits >> 3;
                if ((a | 255L) >= b) {
                    if (b - a == 255L) {
                        add(out, idx + 1, a << bits, 1);
                    } else {
                        add(out, idx, a << bits, b - a + 1);
                    }
                    return out;
                }
                if ((a & 255L) != 0) {
                    add(out, idx, a << bits, 256L - (a & 255L));
                    a = (a >> 8) + 1;
                } else {
                    a >>= 8;
                }
                if ((b & 255L) != 255L) {
                    add(out, idx, (b & ~255L) << bits, (b & 255L) + 1);
                    b = (b >> 8) - 1;
                } else {
                    b >>= 8;
                }
            }
            add(out, 3, a << 24, b - a + 1);
            return out;
        }

        private static void add(List<long[]> out, int idx, long start, long count) {
            long step = 1L << (idx << 3);
            for (long i = 0; i < count; i++) {
                out.add(new long[] {idx, (start + i * step) & 0xFFFFFFFFL});
            }
        }

        /** The line numbers of the entries of the class that decides, with 0 for an exclusion; empty: none. */
        private static List<Integer> decidingClass(List<FeedRange> feed, long q) {
            long[] masks = {0xFFFFFFFFL, 0xFFFFFF00L, 0xFFFF0000L, 0xFF000000L};
            for (int idx = 0; idx < 4; idx++) {
                List<Integer> found = new ArrayList<>();
                for (FeedRange r : feed) {
                    for (long[] e : expand(r.startLow(), r.endLow())) {
                        if (e[0] == idx && e[1] == (q & masks[idx])) {
                            found.add(r.excluded() ? 0 : r.line());
                        }
                    }
                }
                if (!found.isEmpty()) {
                    return found;
                }
            }
            return List.of();
        }

        /** The address is listed by some line (its number, or any when several), or {@code null}. */
        static Integer lookup(List<FeedRange> feed, long q) {
            List<Integer> found = decidingClass(feed, q);
            return found.isEmpty() || found.contains(0) ? null : found.get(0);
        }

        /** Every line whose value rbldnsd answers for the address. */
        static List<Integer> listingsOf(List<FeedRange> feed, long q) {
            return decidingClass(feed, q);
        }
    }
}
