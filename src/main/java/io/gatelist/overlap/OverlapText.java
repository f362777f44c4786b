package io.gatelist.overlap;

import io.gatelist.finding.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The human form of an {@link OverlapSummary}: totals per code, then for each code its wider entries, each once
 * with its count, a few examples and the fix. Bounded by the caps given, however many findings there are.
 */
public final class OverlapText {

    /** Where every finding is listed, for the lines that say some were left out. */
    public static final String EVERY_FINDING = "gatelist overlaps --json lists every finding";

    private OverlapText() {
    }

    /**
     * The lines describing {@code summary}, for the codes {@code codes} accepts.
     *
     * @param groupsPerCode    wider entries shown per code
     * @param examplesPerGroup findings shown per wider entry
     */
    public static List<String> lines(OverlapSummary summary, Predicate<OverlapCode> codes, int groupsPerCode,
            int examplesPerGroup) {
        List<String> out = new ArrayList<>();
        if (summary.totals().keySet().stream().noneMatch(codes)) {
            out.add(String.format(Locale.ROOT, "no overlaps in %,d entries", summary.entries()));
            return out;
        }
        out.add(String.format(Locale.ROOT, "overlaps in %,d entries: %s, %s, %s", summary.entries(),
                plural(summary.count(Severity.ERROR), "error"), plural(summary.count(Severity.WARNING), "warning"),
                plural(summary.count(Severity.INFO), "info")));
        for (OverlapCode code : OverlapCode.values()) {
            if (summary.total(code) > 0 && codes.test(code)) {
                out.add(String.format(Locale.ROOT, "  %-7s %-24s %s under %s", code.severity().id(), code.code(),
                        plural(summary.total(code), "finding"),
                        plural(summary.widerEntries().getOrDefault(code, 0L), "wider entry", "wider entries")));
            }
        }
        for (OverlapCode code : OverlapCode.values()) {
            if (summary.total(code) == 0 || !codes.test(code)) {
                continue;
            }
            out.add("");
            out.add(code.severity().id() + " " + code.code());
            out.add("  " + code.meaning() + ".");
            List<OverlapGroup> groups = summary.groups(code);
            long shownFindings = 0;
            int shown = Math.min(groupsPerCode, groups.size());
            for (OverlapGroup g : groups.subList(0, shown)) {
                shownFindings += g.count();
                out.add("  " + g.heading() + ":");
                int examples = (int) Math.min(examplesPerGroup, g.examples().size());
                for (Overlap o : g.examples().subList(0, examples)) {
                    out.add("      " + o.b().describe());
                }
                if (g.count() > examples) {
                    out.add(String.format(Locale.ROOT, "      and %,d more", g.count() - examples));
                }
                if (g.fix() != null) {
                    out.add("    fix: " + g.fix());
                }
            }
            long moreGroups = summary.widerEntries().getOrDefault(code, 0L) - shown;
            if (moreGroups > 0) {
                out.add(String.format(Locale.ROOT, "  and %s with %s not shown (%s)",
                        plural(moreGroups, "more wider entry", "more wider entries"),
                        plural(summary.total(code) - shownFindings, "finding"), EVERY_FINDING));
            }
        }
        return out;
    }

    private static String plural(long n, String one) {
        return plural(n, one, one.endsWith("y") ? one.substring(0, one.length() - 1) + "ies"
                : one.equals("info") ? "infos" : one + "s");
    }

    private static String plural(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
