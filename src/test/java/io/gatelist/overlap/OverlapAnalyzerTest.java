package io.gatelist.overlap;

import static io.gatelist.overlap.Entries.approved;
import static io.gatelist.overlap.Entries.blocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.Severity;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The overlap cases the seed and the issue name, one by one, and the properties of the output. */
class OverlapAnalyzerTest {

    private static List<Overlap> analyse(PolicyEntry... entries) {
        return analyse(List.of(entries));
    }

    private static List<Overlap> analyse(List<PolicyEntry> entries) {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        entries.forEach(analyzer::add);
        List<Overlap> found = new ArrayList<>();
        analyzer.analyze(found::add);
        return found;
    }

    private static String brief(Overlap o) {
        return o.code().code() + " " + o.a().list() + " " + o.a().value() + " " + o.a().source() + ":" + o.a().line()
                + " > " + o.b().list() + " " + o.b().value() + " " + o.b().source() + ":" + o.b().line();
    }

    @Test
    void seedExampleBlockedSlash31InsideApprovedSlash30IsAnError() {
        List<Overlap> found = analyse(approved("172.31.15.164/30", "approved.csv", 9),
                blocked("172.31.15.164/31", "blocked.csv", 3));
        assertEquals(1, found.size(), found.toString());
        Overlap o = found.get(0);
        assertEquals(OverlapCode.BLOCKED_INSIDE_APPROVED, o.code());
        assertEquals(Severity.ERROR, o.severity());
        assertEquals(new EntryRef("approved", "172.31.15.164/30", "approved.csv", 9), o.a());
        assertEquals(new EntryRef("blocked", "172.31.15.164/31", "blocked.csv", 3), o.b());
        assertTrue(o.message().contains("approved.csv:9") && o.message().contains("blocked.csv:3"), o.message());
        assertTrue(o.fix().contains("narrow the approved range 172.31.15.164/30"), o.fix());
        assertTrue(o.fix().contains("remove the blocked entry (blocked.csv:3)"), o.fix());
    }

    @Test
    void sameRangeInBothListsIsAnErrorNamingTheApprovedEntryFirst() {
        List<Overlap> found = analyse(blocked("2001:db7:dead::/48", "b.csv", 2),
                approved("2001:db7:dead::/48", "a.csv", 5));
        assertEquals(List.of("same-range-both-lists approved 2001:db7:dead::/48 a.csv:5 > blocked 2001:db7:dead::/48"
                + " b.csv:2"), found.stream().map(OverlapAnalyzerTest::brief).toList());
        assertEquals(Severity.ERROR, found.get(0).severity());
        assertTrue(found.get(0).fix().startsWith("remove 2001:db7:dead::/48 from one list"), found.get(0).fix());
    }

    @Test
    void approvedCarveOutInsideBlockedRangeIsInformationWithoutAFix() {
        List<Overlap> found = analyse(blocked("10.0.0.0/8", "b.csv", 2), approved("10.1.2.3", "a.csv", 4));
        assertEquals(List.of("approved-inside-blocked blocked 10.0.0.0/8 b.csv:2 > approved 10.1.2.3 a.csv:4"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
        assertEquals(Severity.INFO, found.get(0).severity());
        assertNull(found.get(0).fix());
    }

    @Test
    void countryInBothListsIsAnError() {
        List<Overlap> found = analyse(blocked("NZ", "b.csv", 7), approved("NZ", "a.csv", 8),
                approved("KP", "a.csv", 9));
        assertEquals(List.of("country-both-lists approved NZ a.csv:8 > blocked NZ b.csv:7"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
        assertEquals(Severity.ERROR, found.get(0).severity());
    }

    @Test
    void duplicateEntryNamesBothSourcesAndTheLaterOneIsTheOneToRemove() {
        List<Overlap> found = analyse(blocked("203.0.113.7", "blocked-a.csv", 4),
                blocked("203.0.113.7", "blocked-b.csv", 12), approved("NZ", "a.csv", 2), approved("NZ", "b.csv", 3));
        assertEquals(List.of("duplicate-entry blocked 203.0.113.7 blocked-a.csv:4 > blocked 203.0.113.7 blocked-b.csv:12",
                "duplicate-entry approved NZ a.csv:2 > approved NZ b.csv:3"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
        assertEquals(Severity.WARNING, found.get(0).severity());
        assertTrue(found.get(0).fix().contains("blocked-b.csv:12"), found.get(0).fix());
    }

    @Test
    void rangeInsideAWiderRangeOfTheSameListIsRedundant() {
        List<Overlap> found = analyse(approved("2001:db7::/32", "a.csv", 2), approved("2001:db7:85a3::/48", "a.csv", 3));
        assertEquals(List.of("redundant-entry approved 2001:db7::/32 a.csv:2 > approved 2001:db7:85a3::/48 a.csv:3"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
        assertEquals(Severity.WARNING, found.get(0).severity());
    }

    @Test
    void ipv4MappedIpv6IsAnalysedAsTheIpv4RangeItMaps() {
        List<Overlap> found = analyse(approved("172.31.15.164/30", "a.csv", 2),
                blocked("::ffff:172.31.15.164/127", "b.csv", 3), blocked("::ffff:10.0.0.1", "b.csv", 4),
                blocked("10.0.0.1", "c.csv", 5));
        assertEquals(List.of("duplicate-entry blocked 10.0.0.1 b.csv:4 > blocked 10.0.0.1 c.csv:5",
                "blocked-inside-approved approved 172.31.15.164/30 a.csv:2 > blocked 172.31.15.164/31 b.csv:3"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
    }

    @Test
    void ipv4AndIpv6RangesNeverOverlapEachOther() {
        // ::/8 holds ::ac1f:fa4, the IPv4-compatible spelling of 172.31.15.164, which is not IPv4; nor is ::/8 0/8.
        List<Overlap> found = analyse(approved("::/8", "a.csv", 2), blocked("172.31.15.164", "b.csv", 3),
                blocked("0.0.0.0/8", "b.csv", 4), blocked("::ac1f:fa4", "b.csv", 5), approved("0.0.0.1", "a.csv", 6));
        assertEquals(List.of("approved-inside-blocked blocked 0.0.0.0/8 b.csv:4 > approved 0.0.0.1 a.csv:6",
                "blocked-inside-approved approved ::/8 a.csv:2 > blocked ::ac1f:fa4 b.csv:5"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
    }

    @Test
    void everyContainingRangeIsNamedWidestFirstApprovedBeforeBlocked() {
        List<Overlap> found = analyse(approved("10.0.0.0/8", "a.csv", 1), blocked("10.1.0.0/16", "b.csv", 1),
                approved("10.1.0.0/16", "a.csv", 2), blocked("10.1.2.3", "b.csv", 2));
        // In the order of the narrower entry (at the same range, approved first), widest container first.
        assertEquals(List.of(
                "redundant-entry approved 10.0.0.0/8 a.csv:1 > approved 10.1.0.0/16 a.csv:2",
                "blocked-inside-approved approved 10.0.0.0/8 a.csv:1 > blocked 10.1.0.0/16 b.csv:1",
                "same-range-both-lists approved 10.1.0.0/16 a.csv:2 > blocked 10.1.0.0/16 b.csv:1",
                "blocked-inside-approved approved 10.0.0.0/8 a.csv:1 > blocked 10.1.2.3 b.csv:2",
                "blocked-inside-approved approved 10.1.0.0/16 a.csv:2 > blocked 10.1.2.3 b.csv:2",
                "redundant-entry blocked 10.1.0.0/16 b.csv:1 > blocked 10.1.2.3 b.csv:2"),
                found.stream().map(OverlapAnalyzerTest::brief).toList());
    }

    @Test
    void anEntryListedManyTimesIsReportedOncePerCopyNotOncePerPair() {
        List<PolicyEntry> entries = new ArrayList<>();
        entries.add(blocked("192.0.2.0/24", "b.csv", 1));
        for (int i = 0; i < 10_000; i++) {
            entries.add(approved("192.0.2.1", "a.csv", i + 1));
        }
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        entries.forEach(analyzer::add);
        Map<OverlapCode, Long> totals = analyzer.analyze((code, a, b) -> { });
        assertEquals(Map.of(OverlapCode.DUPLICATE_ENTRY, 9_999L, OverlapCode.APPROVED_INSIDE_BLOCKED, 1L), totals);
    }

    @Test
    void theOrderOfFindingsDependsOnTheEntriesNotOnTheOrderTheyArrive() {
        List<PolicyEntry> entries = new ArrayList<>();
        String[] values = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "10.200.0.0/16", "2001:db7::/32",
            "2001:db7:85a3::/48", "2001:db7:85a3::8a2e:370:7334", "::ffff:10.1.2.4", "NZ", "KP"};
        int line = 1;
        for (String v : values) {
            entries.add(approved(v, "a.csv", line++));
            entries.add(blocked(v, "b.csv", line++));
        }
        List<String> expected = analyse(entries).stream().map(OverlapAnalyzerTest::brief).toList();
        assertTrue(expected.size() > 40, "the lists overlap richly: " + expected.size());
        Random random = new Random(5);
        for (int round = 0; round < 20; round++) {
            List<PolicyEntry> shuffled = new ArrayList<>(entries);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, analyse(shuffled).stream().map(OverlapAnalyzerTest::brief).toList());
        }
    }

    @Test
    void listsWithoutOverlapsGiveNoFindings() {
        assertEquals(List.of(), analyse(approved("10.0.0.0/9", "a.csv", 1), blocked("10.128.0.0/9", "b.csv", 1),
                approved("2001:db7::/33", "a.csv", 2), blocked("2001:db7:8000::/33", "b.csv", 2),
                approved("NZ", "a.csv", 3), blocked("KP", "b.csv", 3)));
    }
}
