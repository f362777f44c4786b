package io.gatelist.export;

import io.gatelist.dns.ListingText;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Postfix {@code cidr:} access table whose first match gives Gatelist's standard verdict: the Approved IP
 * entries ({@code OK}) come first, then the Blocked IP entries ({@code REJECT} with the step and entry), each
 * list most specific first, so that the first match is the entry Gatelist reports; then the address blocks that
 * the country steps decide (from the snapshot's IP-to-country table), which no IP entry covers. Entries that
 * never decide anything (a blocked range wholly inside an approved one, a duplicate) are left out.
 *
 * <p>Use it as {@code check_client_access cidr:/etc/postfix/gatelist.cidr} in
 * {@code smtpd_client_restrictions}: OK skips the later client checks, as an approved sender bypasses IP
 * filtering; not found lets them run.
 */
final class PostfixCidrExporter implements Exporter {

    private record Line(IpPrefix prefix, String action) {
    }

    private static final Comparator<Line> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Line l) -> -l.prefix.length())
            .thenComparingInt(l -> l.prefix.family())
            .thenComparing(l -> l.prefix.high(), Long::compareUnsigned)
            .thenComparing(l -> l.prefix.low(), Long::compareUnsigned);

    @Override
    public long write(PolicySnapshot snapshot, Writer out) throws IOException {
        Map<Integer, Line> approved = new LinkedHashMap<>();
        Map<Integer, Line> blocked = new LinkedHashMap<>();
        List<Line> countries = new ArrayList<>();
        VerdictMap map = new VerdictMap(snapshot, Mode.STANDARD);
        map.forEachIpv4(run -> collect(snapshot, run, approved, blocked, countries));
        map.forEachIpv6(run -> collect(snapshot, run, approved, blocked, countries));

        out.write("# Gatelist access table for Postfix, from snapshot revision " + snapshot.info().revision()
                + ", checksum " + snapshot.info().checksumHex() + ", compiled " + snapshot.info().created() + ".\n");
        out.write("# First match wins: approved entries, then blocked entries (most specific first), then the\n"
                + "# addresses that the country steps decide. Use: check_client_access cidr:THIS-FILE\n");
        long lines = 0;
        lines += section(out, "# approved-ip", sorted(approved.values()));
        lines += section(out, "# blocked-ip", sorted(blocked.values()));
        lines += section(out, "# approved-country and blocked-country (snapshot IP-to-country table)", countries);
        return lines;
    }

    private static void collect(PolicySnapshot snapshot, VerdictRun run, Map<Integer, Line> approved,
            Map<Integer, Line> blocked, List<Line> countries) {
        Step step = VerdictCodes.step(run.code());
        switch (step) {
            case APPROVED_IP, BLOCKED_IP -> {
                Map<Integer, Line> target = step == Step.APPROVED_IP ? approved : blocked;
                target.computeIfAbsent(VerdictCodes.entry(run.code()), id -> {
                    Verdict v = explain(snapshot, run);
                    return new Line(entryPrefix(run, v.matched().value()), action(v));
                });
            }
            case APPROVED_COUNTRY, BLOCKED_COUNTRY -> {
                String action = action(explain(snapshot, run));
                Cidrs.split(run, prefix -> countries.add(new Line(prefix, action)));
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

    private static String action(Verdict v) {
        return switch (v.decision()) {
            case APPROVED -> "OK";
            case BLOCKED -> "REJECT " + ListingText.of(v);
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

    private static List<Line> sorted(java.util.Collection<Line> lines) {
        List<Line> list = new ArrayList<>(lines);
        list.sort(MOST_SPECIFIC_FIRST);
        return list;
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
