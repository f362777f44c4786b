package io.gatelist.export;

import io.gatelist.answer.PublicText;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.lookup.VerdictCodes;
import io.gatelist.policy.IpPrefix;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Postfix {@code cidr:} access table whose first match gives Gatelist's standard verdict. Sections follow the
 * standard evaluation order: Approved IP entries ({@code OK}), Blocked IP entries ({@code REJECT} with the
 * {@link PublicText public text}, {@code $} standing for the line's block, since a table line cannot name the
 * client), the address blocks that the country steps decide (from the snapshot's IP-to-country table), then the
 * Global Approved List and the standard reputation feeds. Within an entry section the most specific entry comes
 * first, so that the first match is the entry Gatelist reports; an address reaches a section only when no earlier
 * step decides it, exactly as in the lookup. Entries that never decide anything (a blocked range wholly inside
 * an approved one, a duplicate) are left out.
 *
 * <p>Use it as {@code check_client_access cidr:/etc/postfix/gatelist.cidr} in
 * {@code smtpd_client_restrictions}: OK skips the later client checks, as an approved sender bypasses IP
 * filtering; not found lets them run.
 */
final class PostfixCidrExporter implements Exporter {

    private record Line(IpPrefix prefix, String action) {
    }

    /** The standard-mode steps in evaluation order; country steps are written as address blocks. */
    private static final List<Step> ORDER = List.of(Step.APPROVED_IP, Step.BLOCKED_IP, Step.APPROVED_COUNTRY,
            Step.BLOCKED_COUNTRY, Step.GLOBAL_APPROVED, Step.REPUTATION_STANDARD);

    private static final Comparator<Line> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Line l) -> -l.prefix.length())
            .thenComparingInt(l -> l.prefix.family())
            .thenComparing(l -> l.prefix.high(), Long::compareUnsigned)
            .thenComparing(l -> l.prefix.low(), Long::compareUnsigned);

    @Override
    public long write(PolicySnapshot snapshot, PublicText text, Writer out) throws IOException {
        Map<Step, Map<Integer, Line>> entries = new EnumMap<>(Step.class);
        Map<Step, List<Line>> blocks = new EnumMap<>(Step.class);
        VerdictMap map = new VerdictMap(snapshot, Mode.STANDARD);
        map.forEachIpv4(run -> collect(snapshot, text, run, entries, blocks));
        map.forEachIpv6(run -> collect(snapshot, text, run, entries, blocks));

        out.write("# Gatelist access table for Postfix, from snapshot revision " + snapshot.info().revision()
                + ", checksum " + snapshot.info().checksumHex() + ", compiled " + snapshot.info().created() + ".\n");
        out.write("# First match wins; sections in Gatelist's standard order, entries most specific first.\n"
                + "# Use: check_client_access cidr:THIS-FILE\n");
        long lines = 0;
        for (Step step : ORDER) {
            List<Line> section = new ArrayList<>();
            if (entries.containsKey(step)) {
                section.addAll(entries.get(step).values());
                section.sort(MOST_SPECIFIC_FIRST);
            }
            section.addAll(blocks.getOrDefault(step, List.of()));
            if (!section.isEmpty()) {
                lines += section(out, "# " + step.id(), section);
            }
        }
        return lines;
    }

    private static void collect(PolicySnapshot snapshot, PublicText text, VerdictRun run,
            Map<Step, Map<Integer, Line>> entries, Map<Step, List<Line>> blocks) {
        Step step = VerdictCodes.step(run.code());
        switch (step) {
            case APPROVED_IP, BLOCKED_IP, GLOBAL_APPROVED, REPUTATION_STANDARD ->
                entries.computeIfAbsent(step, s -> new LinkedHashMap<>())
                        .computeIfAbsent(VerdictCodes.entry(run.code()), id -> {
                            // the entry's block, for the line; its value and source stay inside
                            IpPrefix prefix = entryPrefix(run, explain(snapshot, run).matched().value());
                            return new Line(prefix, action(step, prefix, text));
                        });
            case APPROVED_COUNTRY, BLOCKED_COUNTRY -> {
                List<Line> target = blocks.computeIfAbsent(step, s -> new ArrayList<>());
                Cidrs.split(run, prefix -> target.add(new Line(prefix, action(step, prefix, text))));
            }
            default -> {
                // NONE: not in the table, so Postfix goes on with its other checks
            }
        }
    }

    private static Verdict explain(PolicySnapshot snapshot, VerdictRun run) {
        return run.family() == 4 ? snapshot.explainIpv4(run.code(), (int) run.startLow())
                : snapshot.explainIpv6(run.code(), run.startHigh(), run.startLow());
    }

    private static String action(Step step, IpPrefix block, PublicText text) {
        return switch (step.decision()) {
            case APPROVED -> "OK";
            case BLOCKED -> "REJECT " + text.render(step, block.canonical());
            case NONE -> throw new IllegalArgumentException("no action for step none");
        };
    }

    /** The entry's block: its length is in the explained value, its network is the run's start masked. */
    private static IpPrefix entryPrefix(VerdictRun run, String value) {
        int slash = value.indexOf('/');
        int width = run.family() == 4 ? 32 : 128;
        int length = slash < 0 ? width : Integer.parseInt(value.substring(slash + 1));
        if (run.family() == 4) {
            int mask = length == 0 ? 0 : -1 << (32 - length);
            return IpPrefix.ipv4((int) run.startLow() & mask, length);
        }
        long maskHigh = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long maskLow = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpPrefix.ipv6(run.startHigh() & maskHigh, run.startLow() & maskLow, length);
    }

    private static long section(Writer out, String heading, List<Line> lines) throws IOException {
        out.write(heading + "\n");
        for (Line line : lines) {
            // always with the length: a reader sees at once that a line is a block, not a host name
            out.write(line.prefix.canonical() + (line.prefix.isHost() ? "/" + line.prefix.width() : "") + "\t"
                    + line.action + "\n");
        }
        return lines.size();
    }
}
