package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.format.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunked decoder against a plain walk of the same table: one thread or two sharing the chunks, the same
 * table, index, joined ranges and verdicts on its checks, including damage that sits exactly on a chunk's edge,
 * where the range or index entry before belongs to another chunk (and maybe another thread).
 */
class Ipv4TableDecoderTest {

    private static final int CHUNK_RANGES = Ipv4TableDecoder.CHUNK_INTS / 2;
    private static final ValidValues VALID = SharedDecoding.VALID;

    @ParameterizedTest(name = "{0} ranges")
    @ValueSource(ints = {1, 2, CHUNK_RANGES - 1, CHUNK_RANGES, CHUNK_RANGES + 1, 5 * CHUNK_RANGES + 77, 200_000})
    void oneOrTwoThreadsDecodeAsAPlainWalk(int ranges) throws Exception {
        int[] table = randomTable(ranges, new Random(ranges));
        int[] index = indexOf(table);
        for (int threads = 1; threads <= 2; threads++) {
            Ipv4TableDecoder.Decoded d = decode(image(table, index), ranges, threads);
            assertTrue(d.ok(), threads + " threads");
            assertTrue(d.indexOk(), threads + " threads");
            assertArrayEquals(table, Arrays.copyOf(d.table(), 2 * ranges));
            assertArrayEquals(index, d.index());
            assertArrayEquals(plainJoin(table), d.joined(), threads + " threads");
        }
    }

    @ParameterizedTest(name = "range {0}")
    @ValueSource(ints = {1, CHUNK_RANGES - 1, CHUNK_RANGES, CHUNK_RANGES + 1, 3 * CHUNK_RANGES, 4 * CHUNK_RANGES - 1})
    void aRangeOutOfOrderIsFoundOnEitherSideOfAChunkEdge(int damaged) throws Exception {
        int ranges = 4 * CHUNK_RANGES;
        int[] table = randomTable(ranges, new Random(damaged));
        table[2 * damaged] = table[2 * damaged - 2]; // starts where the range before starts
        for (int threads = 1; threads <= 2; threads++) {
            assertFalse(decode(image(table, null), ranges, threads).ok(), threads + " threads");
        }
    }

    @ParameterizedTest(name = "range {0}")
    @ValueSource(ints = {0, CHUNK_RANGES, 2 * CHUNK_RANGES + 5})
    void anInvalidValueIsFoundInAnyChunk(int damaged) throws Exception {
        int ranges = 3 * CHUNK_RANGES;
        for (int value : new int[] {1 << KIND_SHIFT | 1001, 1 << KIND_SHIFT, KIND_COMBINED << KIND_SHIFT | 10,
                5 << KIND_SHIFT | 1}) {
            int[] table = randomTable(ranges, new Random(damaged));
            table[2 * damaged + 1] = value;
            for (int threads = 1; threads <= 2; threads++) {
                assertFalse(decode(image(table, null), ranges, threads).ok(), threads + " threads, " + value);
            }
        }
    }

    @ParameterizedTest(name = "entry {0}")
    @ValueSource(ints = {Ipv4TableDecoder.CHUNK_INTS - 1, Ipv4TableDecoder.CHUNK_INTS, 3 * Ipv4TableDecoder.CHUNK_INTS})
    void anIndexThatDecreasesIsFoundOnEitherSideOfAChunkEdge(int damaged) throws Exception {
        int ranges = 200_000; // an index of 2^17 + 1 entries: nine chunks
        int[] table = randomTable(ranges, new Random(damaged));
        int[] index = indexOf(table);
        assertTrue(index[damaged - 1] > 0, "the damage is a decrease");
        index[damaged] = index[damaged - 1] - 1;
        for (int threads = 1; threads <= 2; threads++) {
            Ipv4TableDecoder.Decoded d = decode(image(table, index), ranges, threads);
            assertTrue(d.ok());
            assertFalse(d.indexOk(), threads + " threads");
        }
    }

    @ParameterizedTest(name = "{0} ranges")
    @ValueSource(ints = {1, 3 * CHUNK_RANGES + 1})
    void aSingleThreadFoldsEachChunkBeforeCopyingIt(int ranges) {
        int[] table = randomTable(ranges, new Random(7));
        int[] index = indexOf(table);
        Ipv4TableDecoder decoder = new Ipv4TableDecoder(0, ranges, 8 * ranges, VALID, true);
        List<Integer> folds = new ArrayList<>();
        decoder.run(image(table, index), folds::add);
        int tableChunks = (2 * ranges + Ipv4TableDecoder.CHUNK_INTS - 1) / Ipv4TableDecoder.CHUNK_INTS;
        assertEquals(8 * ranges, folds.get(tableChunks - 1), "the table's end");
        assertEquals(8 * ranges + 4 * index.length, folds.get(folds.size() - 1), "the index's end");
        for (int i = 1; i < folds.size(); i++) {
            assertTrue(folds.get(i) > folds.get(i - 1), "ascending: " + folds);
        }
        assertTrue(decoder.finish().ok());
    }

    /**
     * Decodes with {@code threads} threads that start together, each with its own view of the image, as the
     * parser's two threads do.
     */
    private static Ipv4TableDecoder.Decoded decode(ByteBuffer image, int ranges, int threads) throws Exception {
        int indexBits = SnapshotFormat.indexBits(ranges);
        boolean hasIndex = image.capacity() == 8 * ranges + 4 * ((1 << indexBits) + 1);
        Ipv4TableDecoder decoder = new Ipv4TableDecoder(0, ranges, hasIndex ? 8 * ranges : -1, VALID, true);
        SharedDecoding.runTogether(threads, image, view -> decoder.run(view, null));
        return decoder.finish();
    }

    /** Ascending starts from 0 with values drawn from few keys, in runs that often cross chunk edges. */
    private static int[] randomTable(int ranges, Random r) {
        int[] table = new int[2 * ranges];
        long step = Math.max(1, 0xFFFF_FFFFL / (ranges + 1));
        long start = 0;
        int value = 0;
        for (int i = 0; i < ranges; i++) {
            table[2 * i] = (int) start;
            start += 1 + r.nextInt((int) Math.min(Integer.MAX_VALUE, 2 * step - 1));
            start = Math.min(start, 0xFFFF_FFFFL - (ranges - i)); // room for the ranges still to come
            if (r.nextInt(r.nextBoolean() ? 3 : 2000) == 0) { // short runs, and runs of thousands of ranges
                value = switch (r.nextInt(5)) {
                    case 0 -> 0;
                    case 1 -> KIND_COMBINED << KIND_SHIFT | r.nextInt(10);
                    default -> new int[] {1, 2, 4}[r.nextInt(3)] << KIND_SHIFT;
                };
            }
            // Entries differ within a run of one kind: the join looks through them; combined values it does not.
            int kind = value >>> KIND_SHIFT;
            table[2 * i + 1] = kind == 0 || kind == KIND_COMBINED ? value : value | 1 + r.nextInt(1000);
        }
        return table;
    }

    /** The stored index by its definition: entry b is the last range starting at or before bucket b's first address. */
    private static int[] indexOf(int[] table) {
        int ranges = table.length / 2;
        int bits = SnapshotFormat.indexBits(ranges);
        int[] index = new int[(1 << bits) + 1];
        int range = 0;
        for (int b = 0; b < index.length; b++) {
            long first = (long) b << (32 - bits);
            while (range + 1 < ranges && Integer.toUnsignedLong(table[2 * range + 2]) <= first) {
                range++;
            }
            index[b] = range;
        }
        return index;
    }

    private static int[] plainJoin(int[] table) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < table.length; i += 2) {
            int key = Ipv4TableDecoder.joinKey(table[i + 1]);
            if (out.isEmpty() || out.get(out.size() - 1)[1] != key) {
                out.add(new int[] {table[i], key});
            }
        }
        return out.stream().flatMapToInt(Arrays::stream).toArray();
    }

    private static ByteBuffer image(int[] table, int[] index) {
        int length = 4 * table.length + (index == null ? 0 : 4 * index.length);
        ByteBuffer image = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        image.asIntBuffer().put(table);
        if (index != null) {
            image.slice(4 * table.length, 4 * index.length).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(index);
        }
        return image;
    }
}
