package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import io.gatelist.lookup.format.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Copies an IPv4 table and its index out of a snapshot image and checks them, a 64 KiB chunk at a time while the
 * chunk is in the cache. Chunks are claimed from a counter, so two threads can share one table: each chunk keeps
 * its own check flag and joined ranges, and {@link #finish()} folds them together once every thread is done.
 * Opening a 1M-entry snapshot spends most of its time here, and the thread that computes the checksum is free
 * before this one is.
 *
 * <p>Every check is folded into a flag (no branch to mispredict); a table that fails is walked again by the parser
 * to say where and why.
 */
final class Ipv4TableDecoder {

    /** Ints copied per chunk: 64 KiB, well inside a core's L2 cache. Even, so a chunk holds whole ranges. */
    static final int CHUNK_INTS = 1 << 14;

    /** The decoded table; {@code ok} folds every check of its ranges, {@code indexOk} those of the index. */
    record Decoded(int[] table, int size, int bits, int[] index, boolean ok, boolean indexOk, int[] joined) {
    }

    private final int tableOffset;
    private final int indexOffset;
    private final ValidValues valid;
    private final boolean join;
    private final int size;
    private final int bits;
    private final int[] table;
    private final int[] index; // null: the index section is missing or misshapen
    private final int tableChunks;
    private final int chunks;
    private final long[] chunkBad;
    private final int[][] chunkJoined;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param tableOffset  the table section's offset in the image; {@code ranges} ranges of 8 bytes
     * @param indexOffset  the index section's offset, or -1 when it is missing or not the expected
     *                     {@code 2^indexBits(ranges) + 1} ints
     * @param join         also join neighbouring ranges of equal {@link #joinKey} into a second table, for lookups
     *                     that need no entry
     */
    Ipv4TableDecoder(int tableOffset, int ranges, int indexOffset, ValidValues valid, boolean join) {
        this.tableOffset = tableOffset;
        this.indexOffset = indexOffset;
        this.valid = valid;
        this.join = join;
        this.size = ranges;
        this.bits = SnapshotFormat.indexBits(ranges);
        this.table = RangeTable4.allocate(ranges);
        this.index = indexOffset < 0 ? null : new int[(1 << bits) + 1];
        this.tableChunks = chunkCount(2 * ranges);
        this.chunks = tableChunks + (index == null ? 0 : chunkCount(index.length));
        this.chunkBad = new long[chunks];
        this.chunkJoined = join ? new int[tableChunks][] : null;
    }

    private static int chunkCount(int ints) {
        return (ints + CHUNK_INTS - 1) / CHUNK_INTS;
    }

    /**
     * Decodes chunks until none is left unclaimed. Any number of threads may call this, each with its own view of
     * the image; {@code foldTo}, when not null, is told the image offset each chunk ends at before it is copied (the
     * single-thread open folds the file into its checksum as it goes).
     */
    void run(ByteBuffer image, IntConsumer foldTo) {
        IntBuffer tableSource = image.slice(tableOffset, 8 * size).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        IntBuffer indexSource = index == null ? null
                : image.slice(indexOffset, 4 * index.length).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] scratch = join ? new int[CHUNK_INTS] : null;
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            if (c < tableChunks) {
                int from = c * CHUNK_INTS;
                int to = Math.min(2 * size, from + CHUNK_INTS);
                if (foldTo != null) {
                    foldTo.accept(tableOffset + 4 * to);
                }
                tableSource.get(from, table, from, to - from);
                // The range before the chunk may belong to another thread's chunk: its start is read from the image.
                long previous = from == 0 ? -1 : Integer.toUnsignedLong(tableSource.get(from - 2));
                chunkBad[c] = check(table, from, to, previous, valid.first(), valid.count());
                if (join) {
                    int joined = join(table, from, to, scratch);
                    chunkJoined[c] = Arrays.copyOf(scratch, 2 * joined);
                }
            } else {
                int from = (c - tableChunks) * CHUNK_INTS;
                int to = Math.min(index.length, from + CHUNK_INTS);
                if (foldTo != null) {
                    foldTo.accept(indexOffset + 4 * to);
                }
                indexSource.get(from, index, from, to - from);
                chunkBad[c] = checkIndex(index, from, to, from == 0 ? 0 : indexSource.get(from - 1));
            }
        }
    }

    /**
     * The table, its index and the joined table, with the checks of every chunk folded. Call only after every
     * {@link #run} has returned, on a thread that has synchronised with them.
     */
    Decoded finish() {
        long bad = 0;
        for (int c = 0; c < tableChunks; c++) {
            bad |= chunkBad[c];
        }
        boolean indexOk = false;
        if (index != null) {
            long indexBad = 0;
            for (int c = tableChunks; c < chunks; c++) {
                indexBad |= chunkBad[c];
            }
            indexOk = indexBad >= 0 && index[0] == 0 && index[index.length - 1] == size - 1;
        }
        return new Decoded(table, size, bits, index, bad >= 0 && table[0] == 0, indexOk,
                join ? stitch(chunkJoined) : null);
    }

    /**
     * The chunks' joined ranges as one table: a chunk's first range continues the one before when their keys are
     * equal, and is then dropped.
     */
    private static int[] stitch(int[][] parts) {
        int total = 0;
        int lastKey = 0;
        for (int c = 0; c < parts.length; c++) {
            int[] part = parts[c];
            total += part.length / 2 - (c > 0 && part[1] == lastKey ? 1 : 0);
            lastKey = part[part.length - 1];
        }
        int[] joined = new int[2 * total];
        int at = 0;
        for (int c = 0; c < parts.length; c++) {
            int[] part = parts[c];
            int skip = at > 0 && part[1] == joined[at - 1] ? 2 : 0;
            System.arraycopy(part, skip, joined, at, part.length - skip);
            at += part.length - skip;
        }
        return joined;
    }

    /**
     * What a range of the policy table is to a lookup that needs no entry: its kind, or the whole value of a range
     * whose modes differ (whose kinds per mode are in the covers table).
     */
    static int joinKey(int value) {
        return value >>> KIND_SHIFT == KIND_COMBINED ? value : value & ~ENTRY_MASK;
    }

    /**
     * Writes ranges {@code [from, to)} (int positions) of {@code table} to {@code joined}, starting a range only
     * where the key changes. Every range is written and kept by counting it only when it starts a new one: whether
     * a range differs from the one before is as random as the lists, and a branch on it measured slower
     * (docs/performance.md). Returns the number of joined ranges.
     */
    static int join(int[] table, int from, int to, int[] joined) {
        joined[0] = table[from];
        int previous = joinKey(table[from + 1]);
        joined[1] = previous;
        int n = 1;
        for (int i = from + 2; i < to; i += 2) {
            int key = joinKey(table[i + 1]);
            joined[2 * n] = table[i];
            joined[2 * n + 1] = key;
            n += key != previous ? 1 : 0;
            previous = key;
        }
        return n;
    }

    /**
     * Checks ranges {@code [from, to)} (as int positions), the first of them against the start {@code previous}
     * of the range before (-1: none, the chunk starts the table). Returns a value whose sign bit is set iff some
     * range is out of order or holds an invalid value: only arithmetic, so the loop has no branch but its own.
     */
    static long check(int[] table, int from, int to, long previous, int[] first, long[] count) {
        long bad = 0;
        int i = from;
        if (previous < 0) {
            int kind = table[1] >>> KIND_SHIFT; // range 0 starts the space (checked by the caller)
            bad = ~(Integer.toUnsignedLong(table[1] - first[kind]) - count[kind]);
            previous = Integer.toUnsignedLong(table[0]);
            i += 2;
        }
        for (; i < to; i += 2) {
            long start = Integer.toUnsignedLong(table[i]);
            int value = table[i + 1];
            int kind = value >>> KIND_SHIFT;
            // Sign set when start <= previous, or when value - first >= count (unsigned, as longs: no overflow).
            bad |= ~(previous - start) | ~(Integer.toUnsignedLong(value - first[kind]) - count[kind]);
            previous = start;
        }
        return bad;
    }

    /**
     * Checks that index entries {@code [from, to)} do not decrease, the first against {@code previous} (the
     * entry before, or 0); sign bit set otherwise. With the first entry 0 and the last the last range, every
     * search stays inside the table. That each entry names the right range is the compiler's promise, like each
     * range's value naming the right entry, and the checksum guards it against damage: checking it exactly costs
     * about what building the index costs, which storing it saves.
     */
    static long checkIndex(int[] index, int from, int to, int previous) {
        long bad = 0;
        long before = previous;
        for (int b = from; b < to; b++) {
            bad |= index[b] - before;
            before = index[b];
        }
        return bad;
    }
}
