package io.gatelist.validation;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import java.util.Arrays;

/**
 * Remembers where each entry of a file first appeared, so that a duplicate row is reported with the line of the
 * first. Keys are the canonical entry (list, kind and the address block's bits, or the country code), not its
 * text, so {@code 2001:db8::1} and {@code 2001:0DB8:0:0:0:0:0:1} meet. Primitives only, no object per entry.
 *
 * <p>Laid out for the cache, since with a million random keys every probe misses it and the miss is most of the
 * cost: the entries sit in one array in the order they were first seen (appended, so written sequentially), and
 * the open-addressing table holds eight bytes a slot, an entry's index beside 32 bits of its hash. A probe reads
 * one slot of a table a quarter the size of the entries, and reads an entry only when the hash bits match (a
 * duplicate, or one time in four billion). A million entries cost about 48 MB.
 */
public final class FirstOccurrences {

    /** Returned by {@link #putIfAbsent} for an entry seen for the first time. */
    public static final long ABSENT = -1L;

    /** Longs per entry: high, low, meta (list, kind, family and prefix length, packed), and the first occurrence
     * as {@code recordNo << 32 | line}. */
    private static final int STRIDE = 4;

    /** The entries in the order first seen. */
    private long[] entries;
    /** Per slot: {@code hashBits << 32 | (index + 1)}, 0 when empty. */
    private long[] slots;
    private int size;
    /** The slot mask: capacity in slots minus one. */
    private int mask;

    public FirstOccurrences() {
        this(0);
    }

    /**
     * A table sized for {@code expected} entries, so that a large file does not rehash every entry it has seen
     * at each doubling.
     */
    public FirstOccurrences(int expected) {
        int capacity = 1 << 12;
        while (capacity >>> 1 <= expected && capacity < 1 << 22) { // 32 MB of slots at most up front; then grow
            capacity <<= 1;
        }
        slots = new long[capacity];
        mask = capacity - 1;
        entries = new long[(capacity >>> 1) * STRIDE];
    }

    /**
     * Records an entry at {@code (recordNo, line)} unless it is already known.
     *
     * @return {@link #ABSENT} when it was not known, else the first occurrence as {@code recordNo << 32 | line}
     */
    public long putIfAbsent(ListName list, EntryKind kind, IpPrefix prefix, String country, int recordNo,
            int lineNo) {
        long h = high(prefix);
        long l = low(prefix, country);
        long m = meta(list, kind, prefix);
        long x = hash(h, l, m);
        long bits = x & 0xFFFFFFFF00000000L;
        long[] e = entries;
        int slot = (int) x & mask;
        long s;
        while ((s = slots[slot]) != 0) {
            if ((s & 0xFFFFFFFF00000000L) == bits) {
                int at = ((int) s - 1) * STRIDE;
                if (e[at] == h && e[at + 1] == l && e[at + 2] == m) {
                    return e[at + 3];
                }
            }
            slot = (slot + 1) & mask;
        }
        int at = size * STRIDE;
        if (at == e.length) {
            e = entries = Arrays.copyOf(e, e.length * 2);
        }
        e[at] = h;
        e[at + 1] = l;
        e[at + 2] = m;
        e[at + 3] = ((long) recordNo << 32) | (lineNo & 0xFFFFFFFFL);
        slots[slot] = bits | ++size;
        if (size > (mask >>> 1)) {
            grow();
        }
        return ABSENT;
    }

    /**
     * Reads the slot where {@link #putIfAbsent} will start looking for the entry, and returns it. With a million
     * entries nearly every first read of a slot misses the caches; reads that do not wait on each other overlap,
     * so a caller with many entries to put reads their slots first, a few dozen at a time, and then puts them:
     * the puts find their slots cached. The result means nothing; it is returned so that the read is not dropped.
     */
    public long peek(ListName list, EntryKind kind, IpPrefix prefix, String country) {
        return slots[(int) hash(high(prefix), low(prefix, country), meta(list, kind, prefix)) & mask];
    }

    private static long high(IpPrefix prefix) {
        return prefix != null ? prefix.high() : 0;
    }

    private static long low(IpPrefix prefix, String country) {
        return prefix != null ? prefix.low() : ((long) country.charAt(0) << 16) | country.charAt(1);
    }

    private static long meta(ListName list, EntryKind kind, IpPrefix prefix) {
        long m = list.ordinal() << 30 | kind.ordinal() << 29;
        return prefix != null ? m | prefix.family() << 8 | prefix.length() : m;
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

    private static long hash(long h, long l, long m) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ m;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return x;
    }

    /** Doubles the slots and places every entry again, reading the entries in order. */
    private void grow() {
        slots = new long[slots.length << 1];
        mask = slots.length - 1;
        for (int i = 0; i < size; i++) {
            int at = i * STRIDE;
            long x = hash(entries[at], entries[at + 1], entries[at + 2]);
            int slot = (int) x & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (x & 0xFFFFFFFF00000000L) | (i + 1);
        }
    }
}
