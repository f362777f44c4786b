package io.gatelist.snapshot;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive evaluator of the seed's order, used as the oracle in differential tests: it scans every
 * entry for every query. It also feeds the same entries into a {@link SnapshotBuilder} so both see one input.
 */
final class ReferencePolicy {

    record IpEntry(int id, Step step, IpPrefix prefix) {
    }

    record Answer(Step step, int entry) {
    }

    final SnapshotBuilder builder;
    final List<IpEntry> ipEntries = new ArrayList<>();
    final int[] approvedCountry = new int[CountryCodes.SIZE];
    final int[] blockedCountry = new int[CountryCodes.SIZE];
    final List<long[]> geo = new ArrayList<>(); // family, sHi, sLo, eHi, eLo, cc

    ReferencePolicy(SnapshotBuilder builder) {
        this.builder = builder;
    }

    int ip(Step step, IpPrefix prefix) {
        int id = builder.addIpEntry(step, prefix, "ref-" + step.id(), ipEntries.size() + 1);
        ipEntries.add(new IpEntry(id, step, prefix));
        return id;
    }

    int country(boolean approved, String code) {
        int id = builder.addCountryEntry(approved, code, "ref-countries", 1);
        int[] table = approved ? approvedCountry : blockedCountry;
        int cc = CountryCodes.index(code);
        if (table[cc] == 0) {
            table[cc] = id;
        }
        return id;
    }

    void geo(int family, long sHi, long sLo, long eHi, long eLo, String code) {
        builder.addGeoRange(family, sHi, sLo, eHi, eLo, code);
        geo.add(new long[] {family, sHi, sLo, eHi, eLo, CountryCodes.index(code)});
    }

    Answer evaluate(IpPrefix address, int country, Mode mode) {
        int approved = innermost(Step.APPROVED_IP, address);
        if (approved != 0) {
            return new Answer(Step.APPROVED_IP, approved);
        }
        if (mode == Mode.STANDARD) {
            int blocked = innermost(Step.BLOCKED_IP, address);
            if (blocked != 0) {
                return new Answer(Step.BLOCKED_IP, blocked);
            }
        }
        int cc = country != CountryCodes.UNKNOWN ? country : geoCountry(address);
        if (cc >= 0 && approvedCountry[cc] != 0) {
            return new Answer(Step.APPROVED_COUNTRY, approvedCountry[cc]);
        }
        if (cc >= 0 && mode == Mode.STANDARD && blockedCountry[cc] != 0) {
            return new Answer(Step.BLOCKED_COUNTRY, blockedCountry[cc]);
        }
        int global = innermost(Step.GLOBAL_APPROVED, address);
        if (global != 0) {
            return new Answer(Step.GLOBAL_APPROVED, global);
        }
        Step feed = mode == Mode.STANDARD ? Step.REPUTATION_STANDARD : Step.REPUTATION_DYNAMIC;
        int listed = innermost(feed, address);
        return listed != 0 ? new Answer(feed, listed) : new Answer(Step.NONE, 0);
    }

    /** The most specific covering entry of a list; among identical ranges the one added last. */
    private int innermost(Step step, IpPrefix address) {
        int best = 0;
        int bestLength = -1;
        for (IpEntry e : ipEntries) {
            if (e.step == step && e.prefix.contains(address) && e.prefix.length() >= bestLength) {
                best = e.id;
                bestLength = e.prefix.length();
            }
        }
        return best;
    }

    private int geoCountry(IpPrefix address) {
        for (long[] g : geo) {
            if (g[0] == address.family() && compare(g[1], g[2], address.high(), address.low()) <= 0
                    && compare(address.high(), address.low(), g[3], g[4]) <= 0) {
                return (int) g[5];
            }
        }
        return -1;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
