package io.gatelist.validation;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;

/**
 * Remembers where each entry of a file first appeared, so that a duplicate row is reported with the line of the
 * first. Keys are the canonical entry (list, kind and the address block's bits, or the country code), not its
 * text, so {@code 2001:db8::1} and {@code 2001:0DB8:0:0:0:0:0:1} meet. An open-addressing table of primitives:
 * a million entries cost about 40 MB and no object per entry.
 */
public final class FirstOccurrences {

    /** Returned by {@link #putIfAbsent} for an entry seen for the first time. */
    public static final long ABSENT = -1L;

    private long[] high;
    private long[] low;
    /** list, kind, family and prefix length, packed; 0 marks an empty slot. */
    private int[] meta;
    private int[] record;
    private int[] line;
    private int size;
    private int mask;

    public FirstOccurrences() {
        allocate(1 << 12);
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
        int slot = hash(h, l, m) & mask;
        while (meta[slot] != 0) {
            if (meta[slot] == m && high[slot] == h && low[slot] == l) {
                return ((long) record[slot] << 32) | (line[slot] & 0xFFFFFFFFL);
            }
            slot = (slot + 1) & mask;
        }
        high[slot] = h;
        low[slot] = l;
        meta[slot] = m;
        record[slot] = recordNo;
        line[slot] = lineNo;
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
        high = new long[capacity];
        low = new long[capacity];
        meta = new int[capacity];
        record = new int[capacity];
        line = new int[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldMeta = meta;
        int[] oldRecord = record;
        int[] oldLine = line;
        allocate(oldMeta.length << 1);
        for (int i = 0; i < oldMeta.length; i++) {
            if (oldMeta[i] != 0) {
                int slot = hash(oldHigh[i], oldLow[i], oldMeta[i]) & mask;
                while (meta[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                meta[slot] = oldMeta[i];
                record[slot] = oldRecord[i];
                line[slot] = oldLine[i];
            }
        }
    }
}
