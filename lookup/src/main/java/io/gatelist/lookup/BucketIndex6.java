package io.gatelist.lookup;

import io.gatelist.lookup.format.SnapshotFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The index and the bitmap of occupied buckets of a {@link RangeTable6} (its class comment says what they are
 * for), built a run of consecutive blocks at a time, so that the threads that decode a snapshot's table build
 * them as they go, while the blocks are in the cache.
 *
 * <p>Blocks ascend and are disjoint, so the buckets that successive runs touch ascend too: each index entry is
 * written by exactly one run, and two runs can share only the bitmap word at their common edge, which they set
 * bits in atomically. Over blocks out of order (a damaged table, which the decoder refuses) nothing is written
 * out of bounds and a run's work stays bounded by the number of buckets, but what is built means nothing.
 */
final class BucketIndex6 {

    /** Finer grid of the bitmap than of the index: 2^4 buckets each, about ten per block. */
    private static final int OCCUPIED_EXTRA_BITS = 4;
    /** At most 2^24 bits (2 MiB), reached from 2^20 blocks on. */
    private static final int OCCUPIED_MAX_BITS = 24;

    final int size;
    /** The number of leading bits every block shares; both grids start after them. */
    final int skip;
    /** The shared leading bits. */
    final long prefix;
    /** The shift of a high half, once the shared bits are shifted out, to its index bucket. */
    final int shift;
    /** The same for its bucket of the bitmap. */
    final int occupiedShift;
    /** {@code index[b]}: the number of blocks starting before bucket {@code b}; the last entry is the size. */
    final int[] index;
    private final int occupiedBits;
    private final long[] occupied;
    private long[] finished;

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * @param size      the number of blocks
     * @param firstHigh the high half of the first block's start (0 without blocks)
     * @param lastHigh  the high half of the last block's start
     */
    BucketIndex6(int size, long firstHigh, long lastHigh) {
        this.size = size;
        int bits = SnapshotFormat.indexBits(size);
        int common = Long.numberOfLeadingZeros(firstHigh ^ lastHigh); // 64 when equal
        this.skip = Math.min(common, 64 - bits);
        this.prefix = RangeTable6.top(firstHigh, skip);
        this.shift = 64 - bits;
        this.index = new int[(1 << bits) + 1];
        this.occupiedBits = Math.min(bits + OCCUPIED_EXTRA_BITS, OCCUPIED_MAX_BITS);
        this.occupiedShift = 64 - occupiedBits;
        this.occupied = new long[Math.max(1, (1 << occupiedBits) >>> 6)];
    }

    /** The index and bitmap of a whole table, in {@link RangeTable6}'s arrays, built in one run. */
    static BucketIndex6 of(long[] highs, long[] lowsAndValues) {
        int n = highs.length;
        BucketIndex6 buckets = new BucketIndex6(n, n > 0 ? highs[0] ^ Long.MIN_VALUE : 0,
                n > 0 ? highs[n - 1] ^ Long.MIN_VALUE : 0);
        if (n > 0) {
            buckets.fill(highs, lowsAndValues, 0, n, 0, 0, 0);
        }
        return buckets.finish();
    }

    private int bucket(long high) {
        return (int) ((high << skip) >>> shift);
    }

    private int occupiedBucket(long high) {
        return (int) ((high << skip) >>> occupiedShift);
    }

    /**
     * Builds the index entries and bitmap bits of blocks {@code [from, to)}, held in {@link RangeTable6}'s arrays
     * (sign bits flipped); other runs may fill other blocks of the same arrays at the same time.
     *
     * @param previousHigh the high half of the start of block {@code from - 1}, when {@code from > 0}
     * @param nextHigh     the start of block {@code to}, when {@code to < size}: where a run block that ends
     *                     this run ends
     */
    void fill(long[] highs, long[] lowsAndValues, int from, int to, long previousHigh, long nextHigh,
            long nextLow) {
        int[] idx = index;
        long[] bitmap = occupied;
        // This run's index entries are those after the bucket of block from - 1 (for the first run, after that of
        // block 0: those before hold 0), up to the bucket of its last block: they hold from + the number of its
        // blocks in the buckets before. Counted, then summed: an increment per block has no branch to mispredict.
        int owned = bucket(from == 0 ? highs[0] ^ Long.MIN_VALUE : previousHigh);
        int lastBucket = bucket(highs[to - 1] ^ Long.MIN_VALUE);
        for (int i = from; i < to; i++) {
            int b = bucket(highs[i] ^ Long.MIN_VALUE);
            if (b < lastBucket) { // the entry after the last bucket is the next run's (taken until the run's end)
                idx[b + 1]++;
            }
        }
        int sum = from;
        for (int b = owned + 1; b <= lastBucket; b++) {
            sum += idx[b];
            idx[b] = sum;
        }
        if (to == size) {
            for (int b = Math.max(owned, lastBucket) + 1; b < idx.length; b++) {
                idx[b] = size;
            }
        }
        // The words this run may share with the runs before and after it: bits are set in them atomically. Every
        // other word is this run's alone and 0 until it sets bits in it, in ascending order: its bits are gathered
        // in a register and stored, with no load, rather than or-ed into memory, which made each block wait on
        // the block before whenever they shared a word (most do: about four blocks a word).
        int firstWord = occupiedBucket(highs[from] ^ Long.MIN_VALUE) >>> 6;
        int lastWord = occupiedBucket(endHigh(highs, lowsAndValues, to - 1, to, nextHigh, nextLow)) >>> 6;
        int word = firstWord; // the word the gathered bits belong to
        long gathered = 0;
        int highestBit = 0; // every bit below it is decided for this run
        for (int i = from; i < to; i++) {
            long startHigh = highs[i] ^ Long.MIN_VALUE;
            int first = occupiedBucket(startHigh);
            int last = occupiedBucket(endHigh(highs, lowsAndValues, i, to, nextHigh, nextLow));
            int w = first >>> 6;
            if (w == last >>> 6 && w != firstWord && w != lastWord) { // most blocks: a few bits of one word
                gathered = (w == word ? gathered : 0) | (-1L << first) & (-1L >>> ~last); // shifts use 6 bits
                word = w;
                bitmap[w] = gathered;
            } else if (Math.max(first, highestBit) <= last) { // first > last only in a damaged table
                setBits(bitmap, Math.max(first, highestBit), last, firstWord, lastWord);
                word = last >>> 6;
                gathered = bitmap[word]; // this run's own word, or a shared one it will not store to
            }
            highestBit = Math.max(highestBit, last);
        }
    }

    /** Sets bits {@code first..last} (first <= last), atomically in the two words a run may share. */
    private static void setBits(long[] bitmap, int first, int last, int firstWord, int lastWord) {
        for (int w = first >>> 6; w <= last >>> 6; w++) {
            int lowBit = w == first >>> 6 ? first & 63 : 0;
            int highBit = w == last >>> 6 ? last & 63 : 63;
            long bits = (-1L << lowBit) & (-1L >>> (63 - highBit));
            if (w == firstWord || w == lastWord) {
                WORDS.getAndBitwiseOr(bitmap, w, bits);
            } else {
                bitmap[w] |= bits;
            }
        }
    }

    /** The high half of the last address of block {@code i}, in a run of blocks ending before {@code to}. */
    private long endHigh(long[] highs, long[] lowsAndValues, int i, int to, long nextHigh, long nextLow) {
        long startHigh = highs[i] ^ Long.MIN_VALUE;
        int code = (int) (lowsAndValues[2 * i + 1] >>> 32) & 0xFF;
        if (code != SnapshotFormat.RUN_CODE) {
            return startHigh | RangeTable6.HOST_HIGH[code];
        }
        if (i + 1 == size) {
            return -1L; // the last block runs to the end of the space
        }
        // A run ends before the next block's start.
        long nh = i + 1 < to ? highs[i + 1] ^ Long.MIN_VALUE : nextHigh;
        long nl = i + 1 < to ? lowsAndValues[2 * i + 2] ^ Long.MIN_VALUE : nextLow;
        return nl == 0 ? nh - 1 : nh;
    }

    /**
     * Counts the bitmap's bits and drops it when more than half are set; call once, after every run has returned,
     * on a thread that has synchronised with them.
     */
    BucketIndex6 finish() {
        long set = 0;
        for (long w : occupied) {
            set += Long.bitCount(w);
        }
        finished = set > (1L << occupiedBits) / 2 ? null : occupied;
        return this;
    }

    /** The bitmap once {@link #finish finished}: null when more than half the buckets are occupied. */
    long[] occupied() {
        return finished;
    }
}
