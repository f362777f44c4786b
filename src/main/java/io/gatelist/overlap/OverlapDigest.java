package io.gatelist.overlap;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the analyzer's stream of findings into an {@link OverlapSummary}: exact totals per code, exact numbers of
 * wider entries per code, and the first {@code groupsPerCode} groups of each code with their exact counts and
 * the first {@code examplesPerGroup} findings each. Memory: two bytes per entry plus what is kept, whatever the
 * number of findings.
 *
 * <pre>
 * OverlapDigest digest = new OverlapDigest(analyzer, 50, 10);
 * analyzer.analyze(digest);
 * OverlapSummary summary = digest.summary();
 * </pre>
 */
public final class OverlapDigest implements OverlapAnalyzer.PairVisitor {

    private final OverlapAnalyzer analyzer;
    private final int groupsPerCode;
    private final int examplesPerGroup;
    private final long[] totals = new long[OverlapCode.values().length];
    private final long[] widerEntries = new long[OverlapCode.values().length];
    private final int[] keptPerCode = new int[OverlapCode.values().length];
    /** Per entry, one bit per code: already counted as the wider entry of a group of that code. */
    private final byte[] seenAsWider;
    /** Per entry, one bit per code: that group is kept. Saves a map look-up for every finding of other groups. */
    private final byte[] keptAsWider;
    private final Map<Long, Group> kept = new HashMap<>();
    private final List<Group> order = new ArrayList<>();

    /** A digest for {@code analyzer}, whose entries must all be added already. */
    public OverlapDigest(OverlapAnalyzer analyzer, int groupsPerCode, int examplesPerGroup) {
        if (groupsPerCode < 0 || examplesPerGroup < 0) {
            throw new IllegalArgumentException("caps must not be negative");
        }
        this.analyzer = analyzer;
        this.groupsPerCode = groupsPerCode;
        this.examplesPerGroup = examplesPerGroup;
        this.seenAsWider = new byte[analyzer.size()];
        this.keptAsWider = new byte[analyzer.size()];
    }

    @Override
    public void pair(OverlapCode code, int wider, int narrower) {
        int c = code.ordinal();
        int bit = 1 << c;
        totals[c]++;
        if ((seenAsWider[wider] & bit) == 0) {
            seenAsWider[wider] |= (byte) bit;
            widerEntries[c]++;
            if (keptPerCode[c] < groupsPerCode) {
                keptPerCode[c]++;
                keptAsWider[wider] |= (byte) bit;
                Group g = new Group(code, analyzer.entry(wider));
                kept.put(key(c, wider), g);
                order.add(g);
            }
        }
        if ((keptAsWider[wider] & bit) != 0) {
            Group g = kept.get(key(c, wider));
            g.count++;
            if (g.examples.size() < examplesPerGroup) {
                g.examples.add(Overlap.of(code, g.wider, analyzer.entry(narrower)));
            }
        }
    }

    private static long key(int codeOrdinal, int entry) {
        return ((long) codeOrdinal << 32) | entry;
    }

    /** The summary of the findings seen so far (all of them once {@code analyze} returned). */
    public OverlapSummary summary() {
        Map<OverlapCode, Long> t = new EnumMap<>(OverlapCode.class);
        Map<OverlapCode, Long> w = new EnumMap<>(OverlapCode.class);
        for (OverlapCode code : OverlapCode.values()) {
            if (totals[code.ordinal()] > 0) {
                t.put(code, totals[code.ordinal()]);
                w.put(code, widerEntries[code.ordinal()]);
            }
        }
        List<OverlapGroup> groups = new ArrayList<>(order.size());
        for (Group g : order) {
            groups.add(new OverlapGroup(g.code, g.wider, g.count, g.examples));
        }
        return new OverlapSummary(analyzer.listEntries(), t, w, groups);
    }

    /** A group being filled. */
    private static final class Group {
        final OverlapCode code;
        final EntryRef wider;
        long count;
        final List<Overlap> examples = new ArrayList<>();

        Group(OverlapCode code, EntryRef wider) {
            this.code = code;
            this.wider = wider;
        }
    }
}
