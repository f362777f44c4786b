package io.gatelist.validation;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;

/**
 * Remembers where each entry of a file first appeared, so that a duplicate row is reported with the line of the
 * first. Keys are the canonical entry (list, kind and the address block's bits, or the country code), not its
 * text, so {@code 2001:db8::1} and {@code 2001:0DB8:0:0:0:0:0:1} meet. An open-addressing table of primitives:
 * a million entries cost about 64 MB and no object per entry. Each slot is four adjacent longs (high, low,
 * meta, record and line), so that a probe reads one cache line rather than one line in each of five arrays: with
 * a million random keys every probe misses the cache, and that miss is most of the cost.
 */
public final class FirstOccurrences {

    /** Returned by {@link #putIfAbsent} for an entry seen for the first time. */
    public static final long ABSENT = -1L;

    /** Longs per slot: high, low, meta (list, kind, family and prefix length, packed; 0 marks an empty slot), and
     * the first occurrence as {@code recordNo << 32 | line}. */
    private static final int STRIDE = 4;

    private long[] table;
    private int size;
    /** The slot mask: capacity in slots minus one. */
    private int mask;

    public FirstOccurrences() {
        allocate(1 << 12);
    }

    /**
     * A table sized for {@code expected} entries, so that a large file does not rehash every entry it has seen
     * at each doubling (each rehash is a cache miss per entry).
     */
    public FirstOccurrences(int expected) {
        int capacity = 1 << 12;
        while (capacity >>> 1 <= expected && capacity < 1 << 22) { // 128 MB at most up front; more by growing
            capacity <<= 1;
        }
        allocate(capacity);
    }

    /**
     * Records an entry at {@code (recordNo, line)} unless it is already known.
     *
     * @return {@link #ABSENT} when it was not known, else the first occurrence as {@code recordNo << 32 | line}
     */
    public long putIfAbsent(ListName list, EntryKind kind, IpPrefix prefix, String country, int recordNo,
            int lineNo) {
        long h;
        long l;
        int m;
        if (prefix != null) {
            h = prefix.high();
            l = prefix.low();
            m = 1 << 31 | list.ordinal() << 30 | kind.ordinal() << 29 | prefix.family() << 8 | prefix.length();
        } else {
            h = 0;
            l = ((long) country.charAt(0) << 16) | country.charAt(1);
            m = 1 << 31 | list.ordinal() << 30 | kind.ordinal() << 29;
        }
        long[] t = table;
        int slot = hash(h, l, m) & mask;
        int at = slot * STRIDE;
        while (t[at + 2] != 0) {
            if ((int) t[at + 2] == m && t[at] == h && t[at + 1] == l) {
                return t[at + 3];
            }
            slot = (slot + 1) & mask;
            at = slot * STRIDE;
        }
        t[at] = h;
        t[at + 1] = l;
        t[at + 2] = m & 0xFFFFFFFFL;
        t[at + 3] = ((long) recordNo << 32) | (lineNo & 0xFFFFFFFFL);
        if (++size > (mask >>> 1)) {
            grow();
        }
        return ABSENT;
    }

    /** The record number of a first occurrence returned by {@link #putIfAbsent}. */
    public static int recordOf(long occurrence) {
        return (int) (occurrence >>> 32);
    }

    /** The line of a first occurrence returned by {@link #putIfAbsent}. */
    public static int lineOf(long occurrence) {
        return (int) occurrence;
    }

    /** The number of distinct entries recorded. */
    public int size() {
        return size;
    }

    private static int hash(long h, long l, int m) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ m;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x;
    }

    private void allocate(int capacity) {
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
    }

    private void grow() {
        long[] old = table;
        allocate((mask + 1) << 1);
        for (int i = 0; i < old.length; i += STRIDE) {
            if (old[i + 2] != 0) {
                int slot = hash(old[i], old[i + 1], (int) old[i + 2]) & mask;
                while (table[slot * STRIDE + 2] != 0) {
                    slot = (slot + 1) & mask;
                }
                System.arraycopy(old, i, table, slot * STRIDE, STRIDE);
            }
        }
    }
}
