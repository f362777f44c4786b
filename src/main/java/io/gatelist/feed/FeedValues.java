package io.gatelist.feed;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import io.gatelist.policy.IpPrefix;
import io.gatelist.validation.IpRules;
import io.gatelist.validation.ValidationProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a feed value (an address, a CIDR range, or a range {@code first-last} as rbldnsd writes them) with the
 * same strict rules as the lists, and expands a range into the fewest CIDR blocks that cover it exactly.
 */
public final class FeedValues {

    /** Feeds list wide ranges legitimately (DROP has /11s); special-purpose space is noted, not refused. */
    public static final ValidationProfile PROFILE = ValidationProfile.BLOCKED;

    /**
     * The outcome.
     *
     * @param prefixes the blocks the value covers; empty when an error rejects it
     * @param findings what was found
     */
    public record Result(List<IpPrefix> prefixes, List<Finding> findings) {
    }

    private FeedValues() {
    }

    public static Result check(String column, String value) {
        int dash = value.indexOf('-');
        if (dash < 0) {
            IpRules.Result r = IpRules.check(column, value, PROFILE);
            return new Result(r.prefix() == null ? List.of() : List.of(r.prefix()), r.findings());
        }
        IpRules.Result first = IpRules.check(column, value.substring(0, dash).strip(), PROFILE);
        IpRules.Result last = IpRules.check(column, value.substring(dash + 1).strip(), PROFILE);
        List<Finding> findings = new ArrayList<>(first.findings());
        findings.addAll(last.findings());
        if (first.prefix() == null || last.prefix() == null) {
            return new Result(List.of(), findings);
        }
        IpPrefix a = first.prefix();
        IpPrefix b = last.prefix();
        if (!a.isHost() || !b.isHost() || a.family() != b.family()) {
            findings.add(Finding.of(Rule.IP_INVALID, column, value, "\"" + value
                    + "\": a range joins two addresses of one family (first-last)"));
            return new Result(List.of(), findings);
        }
        if (compare(a.high(), a.low(), b.high(), b.low()) > 0) {
            findings.add(Finding.of(Rule.IP_INVALID, column, value, "\"" + value + "\": the range ends before it "
                    + "begins"));
            return new Result(List.of(), findings);
        }
        List<IpPrefix> blocks = split(a.family(), a.high(), a.low(), b.high(), b.low());
        if (blocks.size() == 1 && blocks.get(0).length() == 0) {
            findings.add(Finding.of(Rule.CIDR_ZERO_PREFIX, column, value, "\"" + value + "\" covers every "
                    + (a.family() == 4 ? "IPv4" : "IPv6") + " address"));
            return new Result(List.of(), findings);
        }
        return new Result(blocks, findings);
    }

    /** The fewest CIDR blocks covering [start, end] exactly: at each step the largest aligned block that fits. */
    static List<IpPrefix> split(int family, long sHi, long sLo, long eHi, long eLo) {
        int width = family == 4 ? 32 : 128;
        List<IpPrefix> blocks = new ArrayList<>();
        while (true) {
            int trailing = sLo != 0 ? Long.numberOfTrailingZeros(sLo)
                    : sHi != 0 ? 64 + Long.numberOfTrailingZeros(sHi) : 128;
            int hostBits = Math.min(trailing, width);
            while (hostBits > 0 && compare(endHigh(sHi, hostBits), endLow(sLo, hostBits), eHi, eLo) > 0) {
                hostBits--;
            }
            blocks.add(family == 4 ? IpPrefix.ipv4((int) sLo, width - hostBits)
                    : IpPrefix.ipv6(sHi, sLo, width - hostBits));
            long lastHi = endHigh(sHi, hostBits);
            long lastLo = endLow(sLo, hostBits);
            if (compare(lastHi, lastLo, eHi, eLo) >= 0) {
                return blocks;
            }
            sLo = lastLo + 1;
            sHi = sLo == 0 ? lastHi + 1 : lastHi;
        }
    }

    /** The high half of the last address of the block of {@code hostBits} host bits that starts at hi. */
    private static long endHigh(long hi, int hostBits) {
        return hostBits <= 64 ? hi : hostBits == 128 ? -1L : hi | ((1L << (hostBits - 64)) - 1);
    }

    /** The low half of the last address of the block of {@code hostBits} host bits that starts at lo. */
    private static long endLow(long lo, int hostBits) {
        return hostBits >= 64 ? -1L : lo | ((1L << hostBits) - 1);
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
