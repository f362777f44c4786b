package io.gatelist.overlap;

import java.util.Arrays;

/**
 * Sorts the analyzer's entries into nesting order: by kind (IPv4, IPv6, countries), start address (unsigned),
 * prefix length (wider first), list (approved, blocked, feeds), then the order they were added. In that order every
 * range comes after all the ranges that contain it, and identical entries sit together with their first one
 * leading: what a single stack sweep needs.
 *
 * <p>IPv4 entries, usually most of a list, are packed into one {@code long} each (address, length, list and
 * index) and sorted with {@link Arrays#sort(long[])}; IPv6 and countries go through a merge sort of indices.
 * Neither boxes anything.
 */
final class NestingOrder {

    /** Index bits in a packed IPv4 key: 32 address + 6 length + 2 list + 24 index = 64. */
    private static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int INSERTION_SORT_RUN = 24;

    private NestingOrder() {
    }

    /** Returns the permutation of {@code 0..n-1} that visits the entries in nesting order. */
    static int[] sort(int n, byte[] kind, byte[] list, byte[] length, long[] high, long[] low) {
        int n4 = 0;
        int n6 = 0;
        for (int i = 0; i < n; i++) {
            if (kind[i] == OverlapAnalyzer.IPV4) {
                n4++;
            } else if (kind[i] == OverlapAnalyzer.IPV6) {
                n6++;
            }
        }
        int[] order = new int[n];
        int at4 = 0;
        int at6 = n4;
        int atCountry = n4 + n6;
        for (int i = 0; i < n; i++) {
            switch (kind[i]) {
                case OverlapAnalyzer.IPV4 -> order[at4++] = i;
                case OverlapAnalyzer.IPV6 -> order[at6++] = i;
                default -> order[atCountry++] = i;
            }
        }
        Keys keys = new Keys(list, length, high, low);
        if (n <= INDEX_MASK + 1) {
            sortIpv4Packed(order, n4, list, length, low);
        } else {
            mergeSort(order, new int[n4], 0, n4, keys);
        }
        int[] scratch = new int[Math.max(n6, n - n4 - n6)];
        mergeSort(order, scratch, n4, n4 + n6, keys);
        mergeSort(order, scratch, n4 + n6, n, keys);
        return order;
    }

    /** Sorts {@code order[0..n4)}, which holds IPv4 entries in index order, by packed keys. */
    private static void sortIpv4Packed(int[] order, int n4, byte[] list, byte[] length, long[] low) {
        long[] packed = new long[n4];
        for (int k = 0; k < n4; k++) {
            int i = order[k];
            long key = (low[i] << 32) | ((long) (length[i] & 0xFF) << (INDEX_BITS + 2)) | ((long) list[i] << INDEX_BITS) | i;
            packed[k] = key ^ Long.MIN_VALUE; // signed order of the flipped key is the unsigned order
        }
        Arrays.sort(packed);
        for (int k = 0; k < n4; k++) {
            order[k] = (int) (packed[k] & INDEX_MASK);
        }
    }

    /** The sort keys of entries of one kind. */
    private record Keys(byte[] list, byte[] length, long[] high, long[] low) {
        int compare(int x, int y) {
            int c = Long.compareUnsigned(high[x], high[y]);
            if (c == 0) {
                c = Long.compareUnsigned(low[x], low[y]);
            }
            if (c == 0) {
                c = Integer.compare(length[x] & 0xFF, length[y] & 0xFF);
            }
            if (c == 0) {
                c = Integer.compare(list[x], list[y]);
            }
            return c != 0 ? c : Integer.compare(x, y);
        }
    }

    /** Sorts {@code a[from..to)}; {@code tmp[0..to-from)} is scratch space. */
    private static void mergeSort(int[] a, int[] tmp, int from, int to, Keys keys) {
        mergeSort(a, tmp, from, from, to, keys);
    }

    /** Sorts {@code a[from..to)} inside the slice that starts at {@code base}, whose scratch is {@code tmp}. */
    private static void mergeSort(int[] a, int[] tmp, int base, int from, int to, Keys keys) {
        if (to - from <= INSERTION_SORT_RUN) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && keys.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, base, from, mid, keys);
        mergeSort(a, tmp, base, mid, to, keys);
        if (keys.compare(a[mid - 1], a[mid]) <= 0) {
            return; // already in order: common for lists kept sorted
        }
        System.arraycopy(a, from, tmp, from - base, to - from);
        int i = from - base;
        int j = mid - base;
        int iEnd = mid - base;
        int jEnd = to - base;
        for (int k = from; k < to; k++) {
            if (j >= jEnd || (i < iEnd && keys.compare(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
