package io.gatelist.overlap;

import static io.gatelist.overlap.Entries.approved;
import static io.gatelist.overlap.Entries.blocked;
import static io.gatelist.overlap.Entries.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.Severity;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code approved-exempts-listed}: approved entries meeting the blocks reputation feeds list. */
class FeedExemptionsTest {

    private static String brief(Overlap o) {
        return o.code().code() + " " + o.a().list() + " " + o.a().value() + " " + o.a().source() + ":" + o.a().line()
                + " > " + o.b().list() + " " + o.b().value() + " " + o.b().source() + ":" + o.b().line();
    }

    private static List<String> briefs(OverlapAnalyzer analyzer) {
        List<Overlap> found = new ArrayList<>();
        analyzer.analyze(found::add);
        return found.stream().map(FeedExemptionsTest::brief).toList();
    }

    @Test
    void approvedEntriesPairWithListedBlocksEitherWayRoundAsInformation() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("192.0.2.0/24", "a.csv", 2));
        analyzer.add(approved("198.51.100.7", "a.csv", 3));
        analyzer.add(blocked("203.0.113.0/24", "b.csv", 2));
        analyzer.addListed("drop", prefix("192.0.2.64/26"), 11);
        analyzer.addListed("drop", prefix("198.51.100.0/24"), 12);
        analyzer.addListed("drop", prefix("203.0.113.9"), 13); // blocked and listed: nothing to report
        analyzer.addListed("drop", prefix("10.0.0.0/8"), 14); // touches no approved entry
        List<Overlap> found = new ArrayList<>();
        Map<OverlapCode, Long> totals = analyzer.analyze(found::add);

        assertEquals(Map.of(OverlapCode.APPROVED_EXEMPTS_LISTED, 2L), totals);
        assertEquals(List.of(
                "approved-exempts-listed approved 192.0.2.0/24 a.csv:2 > feed 192.0.2.64/26 drop:11",
                "approved-exempts-listed feed 198.51.100.0/24 drop:12 > approved 198.51.100.7 a.csv:3"),
                found.stream().map(FeedExemptionsTest::brief).toList());
        for (Overlap o : found) {
            assertEquals(Severity.INFO, o.severity());
            assertNull(o.fix(), "information needs no fix");
        }
        assertEquals("approved 192.0.2.0/24 (a.csv:2) exempts 192.0.2.64/26, listed by feed drop (line 11): the "
                + "approval decides first, so its addresses answer APPROVED at approved-ip in both modes.",
                found.get(0).message());
        assertEquals("approved 198.51.100.7 (a.csv:3) exempts addresses that feed drop lists as 198.51.100.0/24 "
                + "(line 12): the approval decides first, so they answer APPROVED at approved-ip in both modes.",
                found.get(1).message());
    }

    @Test
    void theSameBlockFromTwoFeedsIsTwoFindingsAndTwiceFromOneFeedIsOne() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("2001:db8:5::1", "a.csv", 2));
        analyzer.addListed("kss", prefix("2001:db8:5::/48"), 3);
        analyzer.addListed("kss", prefix("2001:db8:5::/48"), 9);
        analyzer.addListed("pbl", prefix("2001:db8:5::/48"), 4);
        analyzer.addListed("pbl", prefix("2001:db8:5::1"), 5);
        assertEquals(List.of(
                "approved-exempts-listed feed 2001:db8:5::/48 kss:3 > approved 2001:db8:5::1 a.csv:2",
                "approved-exempts-listed feed 2001:db8:5::/48 pbl:4 > approved 2001:db8:5::1 a.csv:2",
                "approved-exempts-listed approved 2001:db8:5::1 a.csv:2 > feed 2001:db8:5::1 pbl:5"),
                briefs(analyzer));
    }

    @Test
    void feedsNeverChangeTheFindingsBetweenTheLists() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("172.31.15.164/30", "a.csv", 9));
        analyzer.add(blocked("172.31.15.164/31", "b.csv", 3));
        analyzer.add(blocked("172.31.15.164/31", "b.csv", 4));
        // Deeper than the two lists alone can nest: every prefix length of three feeds around one address.
        for (String feed : List.of("f1", "f2", "f3")) {
            for (int length = 1; length <= 32; length++) {
                analyzer.addListed(feed, io.gatelist.policy.IpPrefix.ipv4(
                        (int) (0xAC1F0FA4L & (0xFFFFFFFFL << (32 - length))), length), length);
            }
        }
        List<Overlap> found = new ArrayList<>();
        Map<OverlapCode, Long> totals = analyzer.analyze(found::add);
        assertEquals(1L, totals.get(OverlapCode.BLOCKED_INSIDE_APPROVED));
        assertEquals(1L, totals.get(OverlapCode.DUPLICATE_ENTRY));
        // The approved /30 meets, in each feed, the 30 blocks around it and the /31 and /32 inside it.
        assertEquals(3L * 32, totals.get(OverlapCode.APPROVED_EXEMPTS_LISTED));
        assertEquals(3, totals.size(), totals.toString());
        assertEquals(3, analyzer.listEntries());
        assertEquals(3 + 3 * 32, analyzer.size());
    }

    @Test
    void ipv4MappedBlocksAreAnalysedAsIpv4() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("192.0.2.1", "a.csv", 2));
        analyzer.addListed("drop", prefix("::ffff:192.0.2.0/120"), 7);
        assertEquals(List.of("approved-exempts-listed feed 192.0.2.0/24 drop:7 > approved 192.0.2.1 a.csv:2"),
                briefs(analyzer));
    }

    @Test
    void theDigestGroupsExemptionsByTheWiderEntryAndCountsOnlyListEntries() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("10.0.0.0/16", "a.csv", 2));
        analyzer.add(blocked("11.0.0.0/8", "b.csv", 2));
        for (int i = 0; i < 25; i++) {
            analyzer.addListed("kss", prefix("10.0." + i + ".0/24"), 100 + i);
        }
        OverlapDigest digest = new OverlapDigest(analyzer, 5, 3);
        analyzer.analyze(digest);
        OverlapSummary summary = digest.summary();
        assertEquals(2, summary.entries(), "feed blocks are not list entries");
        assertEquals(Map.of(OverlapCode.APPROVED_EXEMPTS_LISTED, 25L), summary.totals());
        OverlapGroup group = summary.groups().get(0);
        assertEquals(new EntryRef("approved", "10.0.0.0/16", "a.csv", 2), group.wider());
        assertEquals(25, group.count());
        assertEquals(3, group.examples().size());
        assertEquals("approved 10.0.0.0/16 (a.csv:2) exempts 25 ranges listed by feeds", group.heading());
        assertNull(group.fix());
        assertFalse(summary.hasErrors());
    }

    @Test
    void theApprovedCoverTellsWhichBlocksAndRangesCanMeetAnApprovedEntry() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("10.0.1.0/24", "a.csv", 2));
        analyzer.add(approved("10.0.0.0/16", "a.csv", 3)); // wider, same start: covers the /24
        analyzer.add(approved("10.2.0.5", "a.csv", 4));
        analyzer.add(blocked("172.16.0.0/12", "b.csv", 2));
        analyzer.add(approved("2001:db8::/32", "a.csv", 5));
        analyzer.add(approved("NZ", "a.csv", 6));
        ApprovedCover cover = analyzer.approvedCover();
        assertEquals(3, cover.intervals());
        assertTrue(cover.touches(prefix("10.0.255.255")));
        assertTrue(cover.touches(prefix("8.0.0.0/6")), "contains the approved /16");
        assertFalse(cover.touches(prefix("10.1.0.0/16")));
        assertTrue(cover.touches(prefix("10.2.0.5")));
        assertFalse(cover.touches(prefix("10.2.0.4")));
        assertFalse(cover.touches(prefix("10.2.0.6/31")));
        assertFalse(cover.touches(prefix("172.16.0.0/12")), "blocked ranges are not approved");
        assertTrue(cover.touches(prefix("2001:db8:ffff::/48")));
        assertFalse(cover.touches(prefix("2001:db9::/32")));
        assertTrue(cover.touches(prefix("::ffff:10.2.0.5")), "IPv4-mapped, analysed as IPv4");
        // Arbitrary first-last ranges, as feeds write them.
        assertTrue(cover.touches(4, 0, 0x0A01FFFFL, 0, 0x0A020005L), "ends on the approved host");
        assertFalse(cover.touches(4, 0, 0x0A010000L, 0, 0x0A020004L), "ends just before it");
        assertTrue(cover.touches(6, 0, 0xFFFF_0000_0000L, 0, 0xFFFF_0000_00FFL), "mapped ranges are kept");
        assertTrue(new OverlapAnalyzer().approvedCover().isEmpty());
        assertFalse(cover.isEmpty());
    }

    /** A random prefix in 10.0.0.0/22 (IPv4) or 2001:db8::/118 (IPv6): small, so that nesting is frequent. */
    private static IpPrefix randomPrefix(Random random) {
        int length = 22 + random.nextInt(11);
        if (random.nextInt(4) == 0) {
            long low = random.nextInt(1 << 10) & (-1L << (32 - length)) & 0x3FF;
            return IpPrefix.ipv6(0x20010DB800000000L, low, 96 + length);
        }
        int address = (0x0A000000 | random.nextInt(1 << 10)) & (int) (-1L << (32 - length));
        return IpPrefix.ipv4(address, length);
    }

    @Test
    void randomListsAndFeedsAgreeWithEveryPairComparedAndTheCoverLosesNothing() {
        for (int seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<PolicyEntry> entries = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ListName list = random.nextBoolean() ? ListName.APPROVED : ListName.BLOCKED;
                entries.add(new PolicyEntry(list, io.gatelist.policy.EntryKind.IP, randomPrefix(random), null,
                        "s.csv", i + 1, null));
            }
            Map<String, List<IpPrefix>> feeds = new LinkedHashMap<>();
            for (String feed : List.of("f1", "f2")) {
                List<IpPrefix> blocks = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    blocks.add(randomPrefix(random));
                }
                feeds.put(feed, blocks);
            }

            // Every pair compared: the first approved entry of each value, the first line of each feed's block.
            List<String> expected = new ArrayList<>();
            for (int a = 0; a < entries.size(); a++) {
                PolicyEntry approved = entries.get(a);
                if (approved.list() != ListName.APPROVED || firstIndex(entries, approved) != a) {
                    continue;
                }
                for (Map.Entry<String, List<IpPrefix>> feed : feeds.entrySet()) {
                    List<IpPrefix> blocks = feed.getValue();
                    for (int b = 0; b < blocks.size(); b++) {
                        IpPrefix block = blocks.get(b);
                        if (blocks.indexOf(block) != b) {
                            continue;
                        }
                        if (approved.prefix().contains(block) || block.contains(approved.prefix())) {
                            expected.add(approved.prefix().canonical() + ":" + approved.line() + " ~ "
                                    + feed.getKey() + " " + block.canonical() + ":" + (b + 1));
                        }
                    }
                }
            }
            expected.sort(null);

            for (boolean filtered : new boolean[] {false, true}) {
                OverlapAnalyzer analyzer = new OverlapAnalyzer();
                entries.forEach(analyzer::add);
                ApprovedCover cover = analyzer.approvedCover();
                feeds.forEach((feed, blocks) -> {
                    for (int b = 0; b < blocks.size(); b++) {
                        if (!filtered || cover.touches(blocks.get(b))) {
                            analyzer.addListed(feed, blocks.get(b), b + 1);
                        }
                    }
                });
                List<String> actual = new ArrayList<>();
                analyzer.analyze(o -> {
                    if (o.code() == OverlapCode.APPROVED_EXEMPTS_LISTED) {
                        EntryRef approved = o.a().list().equals(EntryRef.APPROVED) ? o.a() : o.b();
                        EntryRef listed = o.a().list().equals(EntryRef.FEED) ? o.a() : o.b();
                        actual.add(approved.value() + ":" + approved.line() + " ~ " + listed.source() + " "
                                + listed.value() + ":" + listed.line());
                    }
                });
                actual.sort(null);
                assertEquals(expected, actual, "seed " + seed + (filtered ? ", blocks chosen by the cover" : ""));
            }
            assertTrue(seed > 1 || !expected.isEmpty(), "the universe is small enough for exemptions to occur");
        }
    }

    private static int firstIndex(List<PolicyEntry> entries, PolicyEntry e) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).list() == e.list() && entries.get(i).prefix().equals(e.prefix())) {
                return i;
            }
        }
        throw new AssertionError();
    }
}
