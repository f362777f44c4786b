package io.gatelist.storage;

import java.util.Arrays;

/**
 * 64-bit hashes of stored values, collected in a growing array and handed out sorted, and the multiset count of
 * what two versions share: how a new version of a feed or of a policy source is told apart from the one it replaces
 * (added, removed, unchanged) without an index on the values, which would slow every import's writes.
 */
final class ValueHashes {

    private long[] values;
    private int size;

    /** A collector sized for about {@code expected} values. */
    ValueHashes(int expected) {
        values = new long[Math.max(16, expected)];
    }

    void add(long hash) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = hash;
    }

    /** The hashes added, sorted. */
    long[] sorted() {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * Values of the fresh version that the previous version also has, counted as multisets: a value repeated
     * three times against twice before is two unchanged and one added. Each version's values are streamed once and
     * kept as 64-bit hashes, 8 bytes a value (an SQL INTERSECT of the two versions' rows took several times as long,
     * docs/performance.md, and counted distinct values only); two different values sharing a hash would count one
     * as unchanged, a chance of about 1 in 10^7 at a million values, for a figure of the report only.
     *
     * @param a the fresh version's sorted value hashes
     * @param b the previous version's
     */
    static int unchanged(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        int same = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                same++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return same;
    }

    /** A 64-bit finaliser (murmur3's fmix64): every input bit affects every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE1A85EC3L;
        return h ^ (h >>> 33);
    }
}
