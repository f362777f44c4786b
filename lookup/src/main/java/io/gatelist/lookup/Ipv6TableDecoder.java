package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import io.gatelist.lookup.format.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Copies an IPv6 table of blocks out of a snapshot image into {@link RangeTable6}'s arrays and checks it, a chunk
 * of blocks at a time, building the table's index and bitmap ({@link BucketIndex6}) while the chunk is in the
 * cache. As with {@link Ipv4TableDecoder}, chunks are claimed from a counter so that two threads can share a
 * table, each chunk's checks are folded into a flag without a branch, and a table that fails is walked again by
 * the parser to say where and why. The checks are the parser's: every prefix code 0-128 or
 * {@link SnapshotFormat#RUN_CODE}, every prefix block aligned to its length, blocks strictly ascending and
 * disjoint, every value valid.
 *
 * <p>The image is read in place, a chunk at a time into two small buffers: copying the whole section into
 * temporary arrays first (20 bytes a block) doubled the memory an open writes.
 */
final class Ipv6TableDecoder {

    /** Blocks per chunk: 80 KiB read and 96 KiB written, inside a core's L2 cache. */
    static final int CHUNK_BLOCKS = 1 << 12;

    /** The low 56 bits of a stored high half: the address's; the top byte holds the prefix code. */
    private static final long ADDRESS_BITS = 0x00FF_FFFF_FFFF_FFFFL;

    /** Whether a code is one a block may have: 0-128 or {@link SnapshotFormat#RUN_CODE}. */
    private static final boolean[] CODE_OK = new boolean[256];

    static {
        for (int code = 0; code <= 128; code++) {
            CODE_OK[code] = true;
        }
        CODE_OK[SnapshotFormat.RUN_CODE] = true;
    }

    /** The decoded table and whether every check passed. */
    record Decoded(RangeTable6 table, boolean ok) {
    }

    private final int offset;
    private final int size;
    private final int[] groups;
    private final ValidValues valid;
    private final long[] highs;
    private final long[] lowsAndValues;
    private final BucketIndex6 buckets;
    private final int chunks;
    private final boolean[] chunkOk;
    private final AtomicInteger next = new AtomicInteger();
    /**
     * Set once a chunk fails its checks: the table will be refused, so later chunks build no index or bitmap.
     * While every chunk so far has passed, the chunks' blocks ascend across chunk edges, so their buckets do not
     * overlap and the index and bitmap cost at most their size; blocks out of order could make each chunk span
     * every bucket.
     */
    private volatile boolean damaged;

    /**
     * @param image  the snapshot image (read here for the first and last blocks only)
     * @param offset the table section's offset: {@code blocks} starts of 16 bytes, then as many 4-byte values
     * @param groups the table's groups, already checked: 257 entries from 0 to {@code blocks}, never decreasing
     */
    Ipv6TableDecoder(ByteBuffer image, int offset, int blocks, int[] groups, ValidValues valid) {
        this.offset = offset;
        this.size = blocks;
        this.groups = groups;
        this.valid = valid;
        this.highs = new long[blocks];
        this.lowsAndValues = new long[2 * blocks];
        this.chunks = (blocks + CHUNK_BLOCKS - 1) / CHUNK_BLOCKS;
        this.chunkOk = new boolean[chunks];
        LongBuffer starts = starts(image);
        this.buckets = new BucketIndex6(blocks, blocks > 0 ? high(starts, 0) : 0,
                blocks > 0 ? high(starts, blocks - 1) : 0);
    }

    private LongBuffer starts(ByteBuffer image) {
        return image.slice(offset, 16 * size).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    }

    /** The group of block {@code i < size}: the byte its address starts with. */
    private int groupOf(int i) {
        int g = 0;
        while (groups[g + 1] <= i) {
            g++;
        }
        return g;
    }

    /** The high half of block {@code i}'s start, read from the image. */
    private long high(LongBuffer starts, int i) {
        return (long) groupOf(i) << 56 | starts.get(2 * i) & ADDRESS_BITS;
    }

    /**
     * Decodes chunks until none is left unclaimed. Any number of threads may call this, each with its own view of
     * the image; {@code foldTo}, when not null, is told the image offset each chunk's starts end at before they
     * are copied (the single-thread open folds the file into its checksum as it goes).
     */
    void run(ByteBuffer image, IntConsumer foldTo) {
        LongBuffer starts = starts(image);
        IntBuffer values = image.slice(offset + 16 * size, 4 * size).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        long[] chunkStarts = new long[2 * CHUNK_BLOCKS];
        int[] chunkValues = new int[CHUNK_BLOCKS];
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            int from = c * CHUNK_BLOCKS;
            int to = Math.min(size, from + CHUNK_BLOCKS);
            if (foldTo != null) {
                foldTo.accept(offset + 16 * to);
            }
            starts.get(2 * from, chunkStarts, 0, 2 * (to - from));
            values.get(from, chunkValues, 0, to - from);
            // The blocks on either side may belong to other threads' chunks: they are read from the image.
            long previousHigh = from > 0 ? high(starts, from - 1) : 0;
            long nextHigh = to < size ? high(starts, to) : 0;
            long nextLow = to < size ? starts.get(2 * to + 1) : 0;
            boolean ok = decode(chunkStarts, chunkValues, from, to, starts);
            chunkOk[c] = ok;
            if (!ok) {
                damaged = true;
            } else if (!damaged) {
                buckets.fill(highs, lowsAndValues, from, to, previousHigh, nextHigh, nextLow);
            }
        }
    }

    /** Decodes and checks blocks {@code [from, to)}, whose starts and values are copied into the chunk buffers. */
    private boolean decode(long[] chunkStarts, int[] chunkValues, int from, int to, LongBuffer starts) {
        long lastHigh = 0; // the last address of the block before, sign bits flipped; none before block 0
        long lastLow = 0;
        if (from > 0) {
            long stored = starts.get(2 * (from - 1));
            int code = (int) (stored >>> 56);
            lastHigh = (high(starts, from - 1) | RangeTable6.HOST_HIGH[code]) ^ Long.MIN_VALUE;
            lastLow = (starts.get(2 * from - 1) | RangeTable6.HOST_LOW[code]) ^ Long.MIN_VALUE;
        }
        int[] first = valid.first();
        long[] count = valid.count();
        int g = groupOf(from);
        int groupEnd = groups[g + 1];
        boolean ok = true;
        for (int i = from; i < to; i++) {
            while (i >= groupEnd) { // ends before groups[256], the block count
                groupEnd = groups[++g + 1];
            }
            long stored = chunkStarts[2 * (i - from)];
            long low = chunkStarts[2 * (i - from) + 1];
            int value = chunkValues[i - from];
            int code = (int) (stored >>> 56);
            long high = (long) g << 56 | stored & ADDRESS_BITS;
            long hostHigh = RangeTable6.HOST_HIGH[code];
            long hostLow = RangeTable6.HOST_LOW[code];
            long flippedHigh = high ^ Long.MIN_VALUE;
            long flippedLow = low ^ Long.MIN_VALUE;
            int kind = value >>> KIND_SHIFT;
            // Non-short-circuit operators: one flag, no branch per check. A run has no host bits, so it is
            // aligned anywhere and ends, for the order of the next block, where it starts.
            ok &= CODE_OK[code] & (high & hostHigh) == 0 & (low & hostLow) == 0
                    & (i == 0 | flippedHigh > lastHigh | flippedHigh == lastHigh & flippedLow > lastLow)
                    & Integer.toUnsignedLong(value - first[kind]) < count[kind];
            highs[i] = flippedHigh;
            lowsAndValues[2 * i] = flippedLow;
            lowsAndValues[2 * i + 1] = Integer.toUnsignedLong(value) | (long) code << 32;
            lastHigh = (high | hostHigh) ^ Long.MIN_VALUE;
            lastLow = (low | hostLow) ^ Long.MIN_VALUE;
        }
        return ok;
    }

    /**
     * The table, with the checks of every chunk folded. Call once, after every {@link #run} has returned, on a
     * thread that has synchronised with them.
     */
    Decoded finish() {
        boolean ok = true;
        for (boolean chunk : chunkOk) {
            ok &= chunk;
        }
        return new Decoded(new RangeTable6(highs, lowsAndValues, buckets.finish()), ok);
    }
}
