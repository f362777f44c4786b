package io.gatelist.policy;

/**
 * Sorts prefixes, given as parallel primitive arrays, into nesting order: by family, then start address, then
 * wider before narrower, then by position (stable). In that order a containing block always comes before the
 * blocks inside it, which is what a single stack-based sweep needs. Works on an index permutation so that a
 * million entries sort without boxing.
 */
public final class PrefixOrder {

    private PrefixOrder() {
    }

    /** Returns the permutation of {@code 0..n-1} that visits the prefixes in nesting order. */
    public static int[] sort(int n, int[] family, long[] high, long[] low, int[] length) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] scratch = new int[n];
        mergeSort(order, scratch, 0, n, family, high, low, length);
        return order;
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, int[] family, long[] high, long[] low,
            int[] length) {
        if (to - from <= 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v, family, high, low, length) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, family, high, low, length);
        mergeSort(a, tmp, mid, to, family, high, low, length);
        if (compare(a[mid - 1], a[mid], family, high, low, length) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(tmp[i], tmp[j], family, high, low, length) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    private static int compare(int x, int y, int[] family, long[] high, long[] low, int[] length) {
        int c = Integer.compare(family[x], family[y]);
        if (c == 0) {
            c = Long.compareUnsigned(high[x], high[y]);
        }
        if (c == 0) {
            c = Long.compareUnsigned(low[x], low[y]);
        }
        if (c == 0) {
            c = Integer.compare(length[x], length[y]);
        }
        return c != 0 ? c : Integer.compare(x, y);
    }
}
