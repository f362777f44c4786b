package io.gatelist.overlap;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds every overlap between and within the Approved and Blocked lists, exactly, in one sort and one sweep:
 * O(n log n) plus the number of findings, never pairwise.
 *
 * <p><b>What is a finding.</b> Entries with the same list and the same range (or country) form a group whose
 * first entry, in the order they were added, stands for it; {@link io.gatelist.storage.EntryStore} adds them in
 * source-name then line order. Every further entry of a group is one {@code duplicate-entry} finding against the
 * first. Every pair of different groups where one contains the other (a range contains itself) is one finding
 * naming the two first entries: {@code same-range-both-lists}, {@code blocked-inside-approved},
 * {@code approved-inside-blocked} or {@code redundant-entry}; for countries, {@code country-both-lists}. So an
 * entry listed ten times is reported as nine duplicates rather than multiplying every other finding by ten,
 * and the findings stay below (2 x 129 + 1) per entry however the lists look.
 *
 * <p><b>Families.</b> IPv4 and IPv6 are separate address spaces. An IPv4-mapped IPv6 range
 * ({@code ::ffff:a.b.c.d/96..128}) is analysed as the IPv4 range it maps, as lookups evaluate it: validation
 * already stores such entries as IPv4, and this analysis does not rely on that.
 *
 * <p><b>Order.</b> Findings come in the order of their narrower (or later) entry: IPv4 by address then prefix
 * length, then IPv6 likewise, then countries by code; for one narrower entry, its wider entries widest first,
 * approved before blocked. The same entries added in the same order always give the same findings in the same
 * order.
 *
 * <p><b>How.</b> CIDR blocks are laminar: two are either disjoint or one contains the other. Sorted by start
 * address, wider first, the groups still open when an entry arrives are exactly the groups containing it, and
 * they form a chain, which a stack holds. Entries live in primitive arrays (about 27 bytes each, plus 12 while
 * sorting), so memory grows with the entries only.
 *
 * <p><b>Feeds.</b> Blocks that a reputation feed lists ({@link #addListed}) take part in the same sweep as a third
 * list, and only to meet approved entries: an approved entry and a listed block where one contains the other is
 * one {@code approved-exempts-listed} finding. Blocked entries and other feeds' blocks never pair with them, and a
 * block a feed lists twice is one group. Callers add only the blocks that touch an approved range
 * ({@link ApprovedCover}), so a feed of millions of lines costs the analysis almost nothing.
 */
public final class OverlapAnalyzer {

    /** Receives each finding as the indices of its two entries; {@link #entry(int)} names them. */
    @FunctionalInterface
    public interface PairVisitor {
        /**
         * @param code     what kind of overlap
         * @param wider    the wider entry, or the first one for identical ranges
         * @param narrower the narrower entry, or the later one
         */
        void pair(OverlapCode code, int wider, int narrower);
    }

    /** Kinds, numbered in the order findings are reported: IPv4, IPv6, countries. */
    static final byte IPV4 = 4;
    static final byte IPV6 = 6;
    static final byte COUNTRY = 7;
    /** Lists, numbered so that at equal ranges the approved entry comes first and feeds' blocks come last. */
    static final byte APPROVED = 0;
    static final byte BLOCKED = 1;
    static final byte FEED = 2;

    /**
     * The deepest chain of groups each containing the next without feeds: 129 IPv6 prefix lengths (/0../128) in
     * each of the two lists. Duplicates never enter the stack; each feed adds at most 129 more, and the stack grows
     * for them.
     */
    private static final int MAX_DEPTH = 2 * 129;
    /** Slots of the cache of named wider entries (a power of two, well above the stack's depth). */
    private static final int NAME_CACHE = 1024;

    private int size;
    private byte[] kind;
    private byte[] list;
    private byte[] length; // 0..128: read through len(), as unsigned
    private long[] high;
    private long[] low;
    private int[] line;
    private int[] source;
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> sourceIndex = new HashMap<>();
    /** Source indices are shared by files and feeds: a feed's blocks use its name, prefixed so as never to clash. */
    private static final String FEED_SOURCE = "\0feed:";
    private int listedBlocks;

    public OverlapAnalyzer() {
        this(1024);
    }

    /** An analyzer sized for about {@code expectedEntries} entries, so that adding them does not regrow. */
    public OverlapAnalyzer(int expectedEntries) {
        int capacity = Math.max(16, expectedEntries);
        kind = new byte[capacity];
        list = new byte[capacity];
        length = new byte[capacity];
        high = new long[capacity];
        low = new long[capacity];
        line = new int[capacity];
        source = new int[capacity];
    }

    /** Adds one live entry: a range or a country of either list. */
    public void add(PolicyEntry entry) {
        if (entry.kind() == EntryKind.COUNTRY) {
            addCountry(entry.list(), entry.country(), entry.source(), entry.line());
        } else {
            addRange(entry.list(), entry.prefix(), entry.source(), entry.line());
        }
    }

    /** Adds one address range. */
    public void addRange(ListName listName, IpPrefix prefix, String sourceName, int lineNo) {
        IpPrefix p = MappedAddresses.asIpv4(prefix);
        append(listName, p.family() == 4 ? IPV4 : IPV6, p.high(), p.low(), p.length(), sourceName, lineNo);
    }

    /**
     * Adds one block that the reputation feed {@code feed} lists, from line {@code lineNo} of its file. It pairs
     * only with approved entries, as {@code approved-exempts-listed}. Add one feed's blocks together, before the next
     * feed's: a block that one feed lists twice is one group only when no other feed's copy was added in between.
     */
    public void addListed(String feed, IpPrefix block, int lineNo) {
        IpPrefix p = MappedAddresses.asIpv4(block);
        appendAs(FEED, p.family() == 4 ? IPV4 : IPV6, p.high(), p.low(), p.length(), FEED_SOURCE + feed, lineNo);
        listedBlocks++;
    }

    /** Adds one country. */
    public void addCountry(ListName listName, String country, String sourceName, int lineNo) {
        append(listName, COUNTRY, 0, CountryKey.pack(country), 0, sourceName, lineNo);
    }

    private void append(ListName listName, byte k, long hi, long lo, int len, String sourceName, int lineNo) {
        appendAs(listName == ListName.APPROVED ? APPROVED : BLOCKED, k, hi, lo, len, sourceName, lineNo);
    }

    private void appendAs(byte listCode, byte k, long hi, long lo, int len, String sourceName, int lineNo) {
        if (size == kind.length) {
            grow();
        }
        kind[size] = k;
        list[size] = listCode;
        length[size] = (byte) len;
        high[size] = hi;
        low[size] = lo;
        line[size] = lineNo;
        Integer s = sourceIndex.get(sourceName);
        if (s == null) {
            s = sources.size();
            sources.add(sourceName);
            sourceIndex.put(sourceName, s);
        }
        source[size] = s;
        size++;
    }

    private void grow() {
        int capacity = size + (size >> 1); // 1.5x keeps the slack, and so the memory per entry, small
        kind = Arrays.copyOf(kind, capacity);
        list = Arrays.copyOf(list, capacity);
        length = Arrays.copyOf(length, capacity);
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        line = Arrays.copyOf(line, capacity);
        source = Arrays.copyOf(source, capacity);
    }

    /** Number of entries (ranges and countries) and feed blocks added. */
    public int size() {
        return size;
    }

    /** Number of Approved and Blocked entries added: {@link #size()} without the feeds' blocks. */
    public int listEntries() {
        return size - listedBlocks;
    }

    /** The union of the approved ranges added so far, to choose the feed blocks worth adding. */
    public ApprovedCover approvedCover() {
        return ApprovedCover.of(size, kind, list, length, high, low, APPROVED);
    }

    /** The entry added as the {@code index}-th (from 0), named as an operator finds it. */
    public EntryRef entry(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        String value = kind[index] == COUNTRY ? CountryKey.unpack(low[index])
                : new IpPrefix(kind[index], high[index], low[index], len(index)).canonical();
        String sourceName = sources.get(source[index]);
        return switch (list[index]) {
            case APPROVED -> new EntryRef(EntryRef.APPROVED, value, sourceName, line[index]);
            case BLOCKED -> new EntryRef(EntryRef.BLOCKED, value, sourceName, line[index]);
            default -> new EntryRef(EntryRef.FEED, value, sourceName.substring(FEED_SOURCE.length()), line[index]);
        };
    }

    /**
     * Runs the analysis, handing each finding to {@code sink} with both entries named.
     *
     * @return the number of findings per code, for the codes that occur
     */
    public Map<OverlapCode, Long> analyze(Consumer<Overlap> sink) {
        return analyze(naming(sink));
    }

    /** A visitor that names each finding it is handed and passes it to {@code sink}. */
    public PairVisitor naming(Consumer<Overlap> sink) {
        // A wide entry is named once for every entry inside it: a small cache saves formatting it again each time.
        EntryRef[] cache = new EntryRef[NAME_CACHE];
        int[] cached = new int[NAME_CACHE];
        Arrays.fill(cached, -1);
        return (code, wider, narrower) -> {
            int slot = wider & (NAME_CACHE - 1);
            if (cached[slot] != wider) {
                cache[slot] = entry(wider);
                cached[slot] = wider;
            }
            sink.accept(Overlap.of(code, cache[slot], entry(narrower)));
        };
    }

    /**
     * Runs the analysis, handing each finding to {@code visitor} as entry indices: the cheapest form, for
     * callers that name only some findings (summaries, counts).
     *
     * @return the number of findings per code, for the codes that occur
     */
    public Map<OverlapCode, Long> analyze(PairVisitor visitor) {
        OverlapCode[] codes = OverlapCode.values();
        long[] counts = new long[codes.length];
        int[] order = NestingOrder.sort(size, kind, list, length, high, low);
        int[] stack = new int[MAX_DEPTH];
        int depth = 0;
        int first = -1; // the first entry of the current group
        for (int k = 0; k < size; k++) {
            int e = order[k];
            if (first >= 0 && sameGroup(first, e)) {
                if (list[e] == FEED) {
                    continue; // a feed listing a block twice is the feed's business, not the lists'
                }
                counts[OverlapCode.DUPLICATE_ENTRY.ordinal()]++;
                visitor.pair(OverlapCode.DUPLICATE_ENTRY, first, e);
                continue;
            }
            first = e;
            while (depth > 0 && !contains(stack[depth - 1], e)) {
                depth--;
            }
            for (int d = 0; d < depth; d++) {
                OverlapCode code = classify(stack[d], e);
                if (code != null) {
                    counts[code.ordinal()]++;
                    visitor.pair(code, stack[d], e);
                }
            }
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, depth + 129); // only feeds nest deeper than the two lists can
            }
            stack[depth++] = e;
        }
        Map<OverlapCode, Long> totals = new EnumMap<>(OverlapCode.class);
        for (OverlapCode c : codes) {
            if (counts[c.ordinal()] > 0) {
                totals.put(c, counts[c.ordinal()]);
            }
        }
        return totals;
    }

    private int len(int i) {
        return length[i] & 0xFF;
    }

    private boolean sameGroup(int x, int y) {
        return kind[x] == kind[y] && list[x] == list[y] && length[x] == length[y] && high[x] == high[y]
                && low[x] == low[y] && (list[x] != FEED || source[x] == source[y]);
    }

    /** True when {@code outer} contains {@code inner}: same kind, and a range wider or equal on the same network. */
    private boolean contains(int outer, int inner) {
        if (kind[outer] != kind[inner] || len(outer) > len(inner)) {
            return false;
        }
        int len = len(outer);
        return switch (kind[outer]) {
            case IPV4 -> len == 0 || ((low[inner] ^ low[outer]) >>> (32 - len)) == 0;
            case IPV6 -> len <= 64
                    ? len == 0 || ((high[inner] ^ high[outer]) >>> (64 - len)) == 0
                    : high[inner] == high[outer] && ((low[inner] ^ low[outer]) >>> (128 - len)) == 0;
            default -> low[inner] == low[outer]; // countries: the same code
        };
    }

    /**
     * The code for a pair of different groups where {@code outer} contains {@code inner}, or {@code null} when the
     * pair is no finding (a feed's block with a blocked entry or another feed's block).
     */
    private OverlapCode classify(int outer, int inner) {
        if (list[outer] == FEED || list[inner] == FEED) {
            return list[outer] == APPROVED || list[inner] == APPROVED ? OverlapCode.APPROVED_EXEMPTS_LISTED : null;
        }
        boolean sameRange = length[outer] == length[inner] && high[outer] == high[inner] && low[outer] == low[inner];
        if (list[outer] == list[inner]) {
            return OverlapCode.REDUNDANT_ENTRY; // same list, same range would be the same group
        }
        if (sameRange) {
            return kind[outer] == COUNTRY ? OverlapCode.COUNTRY_BOTH_LISTS : OverlapCode.SAME_RANGE_BOTH_LISTS;
        }
        return list[outer] == APPROVED ? OverlapCode.BLOCKED_INSIDE_APPROVED : OverlapCode.APPROVED_INSIDE_BLOCKED;
    }
}
