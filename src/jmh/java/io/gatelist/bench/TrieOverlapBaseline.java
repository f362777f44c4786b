package io.gatelist.bench;

import inet.ipaddr.IPAddress;
import inet.ipaddr.format.util.AssociativeAddressTrie.AssociativeTrieNode;
import inet.ipaddr.format.util.DualIPv4v6AssociativeTries;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The same analysis as {@link io.gatelist.overlap.OverlapAnalyzer} done the obvious way with IPAddress's own trie:
 * insert every range (one node per distinct range, holding the first approved and first blocked entry), then ask
 * each range's first entry for its containing elements ({@code elementsContaining}) and classify each one.
 * Countries are grouped in a hash map, as there is nothing to contain. Counts findings per code, with the same
 * definition of a finding, so that both give identical totals.
 */
final class TrieOverlapBaseline {

    /** The first entry of each list for one range or country. */
    private static final class Firsts {
        final int[] first = {-1, -1};
    }

    private TrieOverlapBaseline() {
    }

    static Map<OverlapCode, Long> analyze(PolicyEntry[] entries) {
        long[] counts = new long[OverlapCode.values().length];
        DualIPv4v6AssociativeTries<Firsts> tries = new DualIPv4v6AssociativeTries<>();
        Map<String, Firsts> countries = new HashMap<>();
        IPAddress[] keys = new IPAddress[entries.length];
        Firsts[] groups = new Firsts[entries.length];
        for (int i = 0; i < entries.length; i++) {
            PolicyEntry e = entries[i];
            Firsts g;
            if (e.kind() == EntryKind.COUNTRY) {
                g = countries.computeIfAbsent(e.country(), c -> new Firsts());
            } else {
                keys[i] = key(e.prefix());
                g = tries.remapIfAbsent(keys[i], Firsts::new, false).getValue();
            }
            int list = e.list() == ListName.APPROVED ? 0 : 1;
            if (g.first[list] < 0) {
                g.first[list] = i;
                groups[i] = g;
            } else {
                counts[OverlapCode.DUPLICATE_ENTRY.ordinal()]++;
            }
        }
        for (int i = 0; i < entries.length; i++) {
            Firsts own = groups[i];
            if (own == null) {
                continue; // a duplicate: reported once, above
            }
            int list = entries[i].list() == ListName.APPROVED ? 0 : 1;
            if (keys[i] == null) {
                if (list == 1 && own.first[0] >= 0) {
                    counts[OverlapCode.COUNTRY_BOTH_LISTS.ordinal()]++;
                }
                continue;
            }
            AssociativeTrieNode<? extends IPAddress, Firsts> containing = tries.elementsContaining(keys[i]);
            if (containing == null) {
                continue;
            }
            for (Iterator<? extends AssociativeTrieNode<? extends IPAddress, Firsts>> it = containing.nodeIterator(true);
                    it.hasNext();) {
                Firsts other = it.next().getValue();
                if (other == own) {
                    if (list == 1 && own.first[0] >= 0) {
                        counts[OverlapCode.SAME_RANGE_BOTH_LISTS.ordinal()]++;
                    }
                    continue;
                }
                for (int outerList = 0; outerList < 2; outerList++) {
                    if (other.first[outerList] >= 0) {
                        OverlapCode code = outerList == list ? OverlapCode.REDUNDANT_ENTRY
                                : outerList == 0 ? OverlapCode.BLOCKED_INSIDE_APPROVED
                                : OverlapCode.APPROVED_INSIDE_BLOCKED;
                        counts[code.ordinal()]++;
                    }
                }
            }
        }
        Map<OverlapCode, Long> totals = new EnumMap<>(OverlapCode.class);
        for (OverlapCode c : OverlapCode.values()) {
            if (counts[c.ordinal()] > 0) {
                totals.put(c, counts[c.ordinal()]);
            }
        }
        return totals;
    }

    /** The prefix block for a range; IPv4-mapped IPv6 as its IPv4 range, as the analyzer counts it. */
    private static IPAddress key(IpPrefix p) {
        if (p.family() == 4) {
            return new IPv4Address((int) p.low(), p.length()).toPrefixBlock();
        }
        if (p.length() >= 96 && p.high() == 0 && (p.low() >>> 32) == 0xFFFFL) {
            return new IPv4Address((int) p.low(), p.length() - 96).toPrefixBlock();
        }
        return new IPv6Address(p.high(), p.low(), p.length()).toPrefixBlock();
    }
}
