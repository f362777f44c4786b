package io.gatelist.snapshot;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import io.gatelist.lookup.Step;
import io.gatelist.policy.PrefixOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns nested, overlapping CIDR entries of every list into sorted, disjoint ranges, each holding the value a
 * lookup needs: the innermost (most specific) entry of each list that covers it, resolved to the entry that
 * decides in each mode.
 *
 * <p>CIDR blocks are laminar (two blocks are disjoint or one contains the other), so sorting in nesting order
 * and sweeping once with a stack finds, for every elementary range, the blocks that cover it: O(n log n).
 */
final class RangeFlattener {

    /** Categories of covering entries, indexed by step code. */
    private static final int CATEGORIES = 8;

    private final Covers covers;
    private final int width;
    private final Map<Long, Integer> combinedIndex;
    final Ranges out = new Ranges();

    private RangeFlattener(Covers covers, int width, Map<Long, Integer> combinedIndex) {
        this.covers = covers;
        this.width = width;
        this.combinedIndex = combinedIndex;
    }

    /**
     * Flattens one address family.
     *
     * @param combined shared between families: maps a (standard, dynamic) pair to its index in the covers section
     */
    static Ranges flatten(Covers covers, int width, Map<Long, Integer> combined) {
        RangeFlattener f = new RangeFlattener(covers, width, combined);
        f.sweep();
        return f.out;
    }

    private void sweep() {
        int n = covers.size;
        int[] family = new int[n]; // one family per call: equal, so the order is start, then wider first
        int[] order = PrefixOrder.sort(n, family, covers.high, covers.low, covers.length);
        int maxDepth = width + 1;
        int[] stack = new int[maxDepth * 2 + 2];
        // innermost[level * CATEGORIES + step] = entry id of the innermost cover of that step at this depth
        int[] innermost = new int[stack.length * CATEGORIES];
        int depth = 0;
        long curHi = 0;
        long curLo = 0;
        boolean exhausted = false; // the sweep passed the last address of the space
        for (int k = 0; k < n; k++) {
            int i = order[k];
            long sHi = covers.high[i];
            long sLo = covers.low[i];
            while (depth > 0) {
                int top = stack[depth - 1];
                long eHi = endHigh(top);
                long eLo = endLow(top);
                if (compare(eHi, eLo, sHi, sLo) >= 0) {
                    break;
                }
                if (!exhausted && compare(curHi, curLo, eHi, eLo) <= 0) {
                    emit(curHi, curLo, eHi, eLo, innermost, depth);
                    curLo = eLo + 1;
                    curHi = curLo == 0 ? eHi + 1 : eHi;
                }
                depth--;
            }
            if (depth > 0 && compare(curHi, curLo, sHi, sLo) < 0) {
                long pLo = sLo - 1;
                long pHi = sLo == 0 ? sHi - 1 : sHi;
                emit(curHi, curLo, pHi, pLo, innermost, depth);
            }
            curHi = sHi;
            curLo = sLo;
            exhausted = false;
            if (depth == stack.length) {
                // Only duplicates can nest deeper than the address width; grow for them.
                stack = Arrays.copyOf(stack, stack.length * 2);
                innermost = Arrays.copyOf(innermost, stack.length * CATEGORIES);
            }
            int base = depth * CATEGORIES;
            if (depth > 0) {
                System.arraycopy(innermost, base - CATEGORIES, innermost, base, CATEGORIES);
            } else {
                Arrays.fill(innermost, base, base + CATEGORIES, 0);
            }
            innermost[base + covers.step[i]] = covers.entry[i];
            stack[depth++] = i;
        }
        while (depth > 0) {
            int top = stack[depth - 1];
            long eHi = endHigh(top);
            long eLo = endLow(top);
            if (!exhausted && compare(curHi, curLo, eHi, eLo) <= 0) {
                emit(curHi, curLo, eHi, eLo, innermost, depth);
                curLo = eLo + 1;
                curHi = curLo == 0 ? eHi + 1 : eHi;
                exhausted = isLast(eHi, eLo);
            }
            depth--;
        }
    }

    private boolean isLast(long hi, long lo) {
        return width == 32 ? lo == 0xFFFFFFFFL : hi == -1L && lo == -1L;
    }

    private long endHigh(int i) {
        int len = covers.length[i];
        if (width == 32) {
            return 0;
        }
        return len >= 64 ? covers.high[i] : covers.high[i] | (len == 0 ? -1L : -1L >>> len);
    }

    private long endLow(int i) {
        int len = covers.length[i];
        if (width == 32) {
            return covers.low[i] | (0xFFFFFFFFL >>> len);
        }
        if (len <= 64) {
            return -1L;
        }
        return len == 128 ? covers.low[i] : covers.low[i] | (-1L >>> (len - 64));
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    private void emit(long sHi, long sLo, long eHi, long eLo, int[] innermost, int depth) {
        int base = (depth - 1) * CATEGORIES;
        int approved = innermost[base + Step.APPROVED_IP.code()];
        int blocked = innermost[base + Step.BLOCKED_IP.code()];
        int global = innermost[base + Step.GLOBAL_APPROVED.code()];
        int standardFeed = innermost[base + Step.REPUTATION_STANDARD.code()];
        int dynamicFeed = innermost[base + Step.REPUTATION_DYNAMIC.code()];
        int standard = approved != 0 ? encode(Step.APPROVED_IP, approved)
                : blocked != 0 ? encode(Step.BLOCKED_IP, blocked)
                : global != 0 ? encode(Step.GLOBAL_APPROVED, global)
                : standardFeed != 0 ? encode(Step.REPUTATION_STANDARD, standardFeed) : 0;
        int dynamic = approved != 0 ? encode(Step.APPROVED_IP, approved)
                : global != 0 ? encode(Step.GLOBAL_APPROVED, global)
                : dynamicFeed != 0 ? encode(Step.REPUTATION_DYNAMIC, dynamicFeed) : 0;
        int value = combine(standard, dynamic);
        if (value != 0) {
            out.append(sHi, sLo, eHi, eLo, value);
        }
    }

    /**
     * One value for both modes where the reader can tell them apart by the step (a blocked or standard-feed
     * value means nothing in dynamic mode, a dynamic-feed value nothing in standard mode); otherwise an index
     * into the covers section holding both.
     */
    private int combine(int standard, int dynamic) {
        if (standard == dynamic) {
            return standard;
        }
        int sKind = standard >>> KIND_SHIFT;
        if (dynamic == 0 && (sKind == Step.BLOCKED_IP.code() || sKind == Step.REPUTATION_STANDARD.code())) {
            return standard;
        }
        if (standard == 0 && (dynamic >>> KIND_SHIFT) == Step.REPUTATION_DYNAMIC.code()) {
            return dynamic;
        }
        long key = ((long) standard << 32) | Integer.toUnsignedLong(dynamic);
        int index = combinedIndex.computeIfAbsent(key, k -> combinedIndex.size());
        if (index > ENTRY_MASK) {
            throw new IllegalStateException("too many distinct combined ranges");
        }
        return (KIND_COMBINED << KIND_SHIFT) | index;
    }

    private static int encode(Step step, int entry) {
        return (step.code() << KIND_SHIFT) | entry;
    }

    /** Covering entries of one family, as parallel arrays. */
    static final class Covers {
        long[] high = new long[16];
        long[] low = new long[16];
        int[] length = new int[16];
        int[] step = new int[16];
        int[] entry = new int[16];
        int size;

        void add(long hi, long lo, int len, Step s, int entryId) {
            if (size == high.length) {
                int cap = size * 2;
                high = Arrays.copyOf(high, cap);
                low = Arrays.copyOf(low, cap);
                length = Arrays.copyOf(length, cap);
                step = Arrays.copyOf(step, cap);
                entry = Arrays.copyOf(entry, cap);
            }
            high[size] = hi;
            low[size] = lo;
            length[size] = len;
            step[size] = s.code();
            entry[size] = entryId;
            size++;
        }
    }

    /** Sorted, disjoint ranges with a value each; adjacent ranges with equal values are merged. */
    static final class Ranges {
        long[] startHigh = new long[16];
        long[] startLow = new long[16];
        long[] endHigh = new long[16];
        long[] endLow = new long[16];
        int[] value = new int[16];
        int size;

        void append(long sHi, long sLo, long eHi, long eLo, int v) {
            if (size > 0 && value[size - 1] == v && isNext(endHigh[size - 1], endLow[size - 1], sHi, sLo)) {
                endHigh[size - 1] = eHi;
                endLow[size - 1] = eLo;
                return;
            }
            if (size == value.length) {
                int cap = size * 2;
                startHigh = Arrays.copyOf(startHigh, cap);
                startLow = Arrays.copyOf(startLow, cap);
                endHigh = Arrays.copyOf(endHigh, cap);
                endLow = Arrays.copyOf(endLow, cap);
                value = Arrays.copyOf(value, cap);
            }
            startHigh[size] = sHi;
            startLow[size] = sLo;
            endHigh[size] = eHi;
            endLow[size] = eLo;
            value[size] = v;
            size++;
        }

        private static boolean isNext(long hi, long lo, long nextHi, long nextLo) {
            long l = lo + 1;
            long h = l == 0 ? hi + 1 : hi;
            return h == nextHi && l == nextLo;
        }
    }
}
