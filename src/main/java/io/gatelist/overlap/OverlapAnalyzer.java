package io.gatelist.overlap;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.policy.PrefixOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds every overlap between and within the Approved and Blocked lists, exactly, in O(n log n) plus the
 * number of findings.
 *
 * <p>CIDR blocks are laminar: two are either disjoint or one contains the other. Sorted by start address with
 * wider blocks first, the blocks still open when an entry arrives are exactly the blocks containing it, and
 * they form a chain; a stack holds that chain. Every (container, contained) pair is a finding, so the sweep does
 * work only for entries it reports. Countries are grouped by code.
 *
 * <p>Entries are kept in primitive arrays (about 40 bytes each), so memory grows with the entries only.
 */
public final class OverlapAnalyzer {

    private int size;
    private byte[] list = new byte[64]; // 0 approved, 1 blocked
    private int[] family = new int[64];
    private long[] high = new long[64];
    private long[] low = new long[64];
    private int[] length = new int[64];
    private int[] line = new int[64];
    private int[] source = new int[64];
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> sourceIndex = new HashMap<>();
    private final List<PolicyEntry> countries = new ArrayList<>();
    private final EnumMap<OverlapCode, Long> counts = new EnumMap<>(OverlapCode.class);

    /** Adds one live entry. */
    public void add(PolicyEntry entry) {
        if (entry.kind() == EntryKind.COUNTRY) {
            countries.add(entry);
            return;
        }
        if (size == list.length) {
            int cap = size * 2;
            list = Arrays.copyOf(list, cap);
            family = Arrays.copyOf(family, cap);
            high = Arrays.copyOf(high, cap);
            low = Arrays.copyOf(low, cap);
            length = Arrays.copyOf(length, cap);
            line = Arrays.copyOf(line, cap);
            source = Arrays.copyOf(source, cap);
        }
        IpPrefix p = entry.prefix();
        list[size] = (byte) (entry.list() == ListName.APPROVED ? 0 : 1);
        family[size] = p.family();
        high[size] = p.high();
        low[size] = p.low();
        length[size] = p.length();
        line[size] = entry.line();
        source[size] = sourceIndex.computeIfAbsent(entry.source(), s -> {
            sources.add(s);
            return sources.size() - 1;
        });
        size++;
    }

    /** Number of address entries added. */
    public int size() {
        return size;
    }

    /**
     * Runs the analysis, handing each finding to {@code sink} (wider or first entry as {@code a}).
     *
     * @return the number of findings per code
     */
    public Map<OverlapCode, Long> analyze(Consumer<Overlap> sink) {
        counts.clear();
        int[] order = PrefixOrder.sort(size, family, high, low, length);
        int[] stack = new int[130];
        int depth = 0;
        for (int k = 0; k < size; k++) {
            int e = order[k];
            while (depth > 0 && !contains(stack[depth - 1], e)) {
                depth--;
            }
            for (int d = 0; d < depth; d++) {
                pair(stack[d], e, sink);
            }
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, stack.length * 2); // only duplicates nest deeper than 129
            }
            stack[depth++] = e;
        }
        analyzeCountries(sink);
        return new EnumMap<>(counts);
    }

    /** True when entry {@code outer} contains entry {@code inner} (same family, wider or equal, same network). */
    private boolean contains(int outer, int inner) {
        if (family[outer] != family[inner] || length[outer] > length[inner]) {
            return false;
        }
        int len = length[outer];
        if (family[outer] == 4) {
            long mask = (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            return (low[inner] & mask) == low[outer];
        }
        long maskHigh = len >= 64 ? -1L : -1L << (64 - len);
        long maskLow = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return (high[inner] & maskHigh) == high[outer] && (low[inner] & maskLow) == low[outer];
    }

    private void pair(int outer, int inner, Consumer<Overlap> sink) {
        boolean same = length[outer] == length[inner];
        OverlapCode code;
        int a = outer;
        int b = inner;
        if (list[outer] == list[inner]) {
            code = same ? OverlapCode.DUPLICATE_ENTRY : OverlapCode.REDUNDANT_ENTRY;
        } else if (same) {
            code = OverlapCode.SAME_RANGE_BOTH_LISTS;
            if (list[outer] == 1) { // name the approved entry first
                a = inner;
                b = outer;
            }
        } else {
            code = list[outer] == 0 ? OverlapCode.BLOCKED_INSIDE_APPROVED : OverlapCode.APPROVED_INSIDE_BLOCKED;
        }
        counts.merge(code, 1L, Long::sum);
        sink.accept(Overlap.of(code, ref(a), ref(b)));
    }

    private EntryRef ref(int i) {
        IpPrefix p = new IpPrefix(family[i], high[i], low[i], length[i]);
        return new EntryRef(list[i] == 0 ? "approved" : "blocked", p.canonical(), sources.get(source[i]), line[i]);
    }

    private void analyzeCountries(Consumer<Overlap> sink) {
        Map<String, List<PolicyEntry>> byCode = new HashMap<>();
        for (PolicyEntry c : countries) {
            byCode.computeIfAbsent(c.country(), k -> new ArrayList<>()).add(c);
        }
        byCode.keySet().stream().sorted().forEach(code -> {
            List<PolicyEntry> group = byCode.get(code);
            PolicyEntry firstApproved = null;
            PolicyEntry firstBlocked = null;
            for (PolicyEntry c : group) {
                boolean approved = c.list() == ListName.APPROVED;
                PolicyEntry first = approved ? firstApproved : firstBlocked;
                if (first != null) {
                    counts.merge(OverlapCode.DUPLICATE_ENTRY, 1L, Long::sum);
                    sink.accept(Overlap.of(OverlapCode.DUPLICATE_ENTRY, ref(first), ref(c)));
                } else if (approved) {
                    firstApproved = c;
                } else {
                    firstBlocked = c;
                }
            }
            if (firstApproved != null && firstBlocked != null) {
                counts.merge(OverlapCode.COUNTRY_BOTH_LISTS, 1L, Long::sum);
                sink.accept(Overlap.of(OverlapCode.COUNTRY_BOTH_LISTS, ref(firstApproved), ref(firstBlocked)));
            }
        });
    }

    private static EntryRef ref(PolicyEntry e) {
        return new EntryRef(e.list().id(), e.value(), e.source(), e.line());
    }
}
