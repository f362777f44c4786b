package io.gatelist.overlap;

import static io.gatelist.overlap.Entries.approved;
import static io.gatelist.overlap.Entries.blocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.finding.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A range containing thousands of others is reported once, with its count and capped examples. */
class OverlapSummaryTest {

    /** approved 10.0.0.0/16 holding 5,000 blocked addresses, plus 30 more approved /24s each holding one. */
    private static OverlapAnalyzer wideApprovedRange() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(approved("10.0.0.0/16", "approved.csv", 2));
        for (int i = 0; i < 5_000; i++) {
            analyzer.add(blocked("10.0." + (i / 250) + "." + (i % 250 + 1), "blocked.csv", i + 2));
        }
        for (int i = 0; i < 30; i++) {
            analyzer.add(approved("10.9." + i + ".0/24", "more.csv", i + 2));
            analyzer.add(blocked("10.9." + i + ".7", "more-blocked.csv", i + 2));
        }
        return analyzer;
    }

    @Test
    void aRangeContainingThousandsIsOneGroupWithItsExactCount() {
        OverlapAnalyzer analyzer = wideApprovedRange();
        OverlapDigest digest = new OverlapDigest(analyzer, 20, 5);
        analyzer.analyze(digest);
        OverlapSummary summary = digest.summary();

        assertEquals(5_030L, summary.total(OverlapCode.BLOCKED_INSIDE_APPROVED));
        assertEquals(31L, summary.widerEntries().get(OverlapCode.BLOCKED_INSIDE_APPROVED));
        assertEquals(5_030L, summary.count(Severity.ERROR));
        List<OverlapGroup> groups = summary.groups(OverlapCode.BLOCKED_INSIDE_APPROVED);
        assertEquals(20, groups.size(), "capped at 20 wider entries");
        OverlapGroup wide = groups.get(0);
        assertEquals(new EntryRef("approved", "10.0.0.0/16", "approved.csv", 2), wide.wider());
        assertEquals(5_000, wide.count());
        assertEquals(5, wide.examples().size());
        assertEquals(4_995, wide.notShown());
        assertEquals("approved 10.0.0.0/16 (approved.csv:2) contains 5,000 blocked entries", wide.heading());
        assertTrue(wide.fix().startsWith("narrow the approved range 10.0.0.0/16"), wide.fix());
    }

    @Test
    void humanOutputNamesTheWideRangeOnceAndStaysBounded() {
        OverlapAnalyzer analyzer = wideApprovedRange();
        OverlapDigest digest = new OverlapDigest(analyzer, 3, 2);
        analyzer.analyze(digest);
        List<String> lines = OverlapText.lines(digest.summary(), code -> true, 3, 2);

        assertEquals(1, lines.stream().filter(l -> l.contains("10.0.0.0/16 (approved.csv:2)")).count(), String.join("\n", lines));
        assertTrue(lines.contains("  approved 10.0.0.0/16 (approved.csv:2) contains 5,000 blocked entries:"),
                String.join("\n", lines));
        assertTrue(lines.contains("      and 4,998 more"), String.join("\n", lines));
        assertTrue(lines.contains("  and 28 more wider entries with 28 findings not shown ("
                + OverlapText.EVERY_FINDING + ")"), String.join("\n", lines));
        assertTrue(lines.size() < 25, lines.size() + " lines");
    }

    @Test
    void onlyTheCodesAskedForAreDescribed() {
        OverlapAnalyzer analyzer = new OverlapAnalyzer();
        analyzer.add(blocked("10.0.0.0/8", "b.csv", 1));
        analyzer.add(approved("10.1.1.1", "a.csv", 1));
        OverlapDigest digest = new OverlapDigest(analyzer, 5, 5);
        analyzer.analyze(digest);
        assertEquals(List.of("no overlaps in 2 entries"),
                OverlapText.lines(digest.summary(), code -> code.severity() == Severity.ERROR, 5, 5));
    }
}
