package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static io.gatelist.lookup.format.SnapshotFormat.RUN_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.format.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunked IPv6 decoder against the table built in one piece from the same blocks: one thread or two sharing
 * the chunks give the same answer for every address probed (so the same index and bitmap where it matters), and
 * each kind of damage is found, also where the block before belongs to another chunk.
 */
class Ipv6TableDecoderTest {

    private static final int CHUNK = Ipv6TableDecoder.CHUNK_BLOCKS;
    private static final long ADDRESS_BITS = 0x00FF_FFFF_FFFF_FFFFL;
    private static final ValidValues VALID = SharedDecoding.VALID;

    /** Blocks as the parser's arrays hold them: starts with the sign bits flipped, values with their codes. */
    private record Blocks(long[] highs, long[] lowsAndValues) {
        int size() {
            return highs.length;
        }

        long high(int i) {
            return highs[i] ^ Long.MIN_VALUE;
        }

        long low(int i) {
            return lowsAndValues[2 * i] ^ Long.MIN_VALUE;
        }

        int code(int i) {
            return (int) (lowsAndValues[2 * i + 1] >>> 32) & 0xFF;
        }
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 77, 150_000})
    void oneOrTwoThreadsDecodeAsTheTableBuiltInOnePiece(int size) throws Exception {
        Random r = new Random(size);
        Blocks blocks = randomBlocks(size, r);
        RangeTable6 expected = new RangeTable6(blocks.highs(), blocks.lowsAndValues());
        List<long[]> probes = probes(blocks, r);
        for (int threads = 1; threads <= 2; threads++) {
            Ipv6TableDecoder.Decoded d = decode(image(blocks), size, groups(blocks), threads);
            assertTrue(d.ok(), threads + " threads");
            RangeTable6 actual = d.table();
            assertEquals(size, actual.size());
            for (int i = 0; i < size; i++) {
                assertEquals(blocks.high(i), actual.startHigh(i));
                assertEquals(blocks.low(i), actual.startLow(i));
                assertEquals(blocks.lowsAndValues()[2 * i + 1] >>> 32, actual.codeAt(i));
                assertEquals((int) blocks.lowsAndValues()[2 * i + 1], actual.valueAt(i));
            }
            for (long[] p : probes) {
                assertEquals(expected.find(p[0], p[1]), actual.find(p[0], p[1]), threads + " threads, find");
                assertEquals(expected.value(p[0], p[1]), actual.value(p[0], p[1]), threads + " threads, value");
            }
        }
    }

    @ParameterizedTest(name = "block {0}")
    @ValueSource(ints = {1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 4 * CHUNK - 1})
    void aBlockOverlappingTheOneBeforeIsFoundOnEitherSideOfAChunkEdge(int damaged) throws Exception {
        int size = 4 * CHUNK;
        Blocks blocks = randomBlocks(size, new Random(damaged));
        ByteBuffer image = image(blocks);
        assertEquals(blocks.high(damaged) >>> 56, blocks.high(damaged - 1) >>> 56, "one group: one top byte");
        // The damaged block starts where the one before starts, with its code: inside it, or on its start.
        image.putLong(16 * damaged, image.getLong(16 * (damaged - 1)));
        image.putLong(16 * damaged + 8, image.getLong(16 * (damaged - 1) + 8));
        for (int threads = 1; threads <= 2; threads++) {
            assertFalse(decode(image, size, groups(blocks), threads).ok(), threads + " threads");
        }
    }

    @ParameterizedTest(name = "block {0}")
    @ValueSource(ints = {0, CHUNK, 2 * CHUNK + 5})
    void aBadCodeAMisalignedBlockOrAnInvalidValueIsFoundInAnyChunk(int damaged) throws Exception {
        int size = 3 * CHUNK;
        Blocks blocks = randomBlocks(size, new Random(damaged));
        int[] groups = groups(blocks);
        List<ByteBuffer> damages = new ArrayList<>();
        ByteBuffer code = image(blocks);
        code.putLong(16 * damaged, code.getLong(16 * damaged) & ADDRESS_BITS | 200L << 56);
        damages.add(code);
        ByteBuffer aligned = image(blocks);
        long stored = aligned.getLong(16 * damaged);
        aligned.putLong(16 * damaged, stored & ADDRESS_BITS | 40L << 56); // a /40 whose start has host bits
        aligned.putLong(16 * damaged + 8, 1);
        damages.add(aligned);
        for (int value : new int[] {1 << KIND_SHIFT | 1001, 1 << KIND_SHIFT, KIND_COMBINED << KIND_SHIFT | 10,
                5 << KIND_SHIFT | 1}) {
            ByteBuffer bad = image(blocks);
            bad.putInt(16 * size + 4 * damaged, value);
            damages.add(bad);
        }
        for (int d = 0; d < damages.size(); d++) {
            for (int threads = 1; threads <= 2; threads++) {
                assertFalse(decode(damages.get(d), size, groups, threads).ok(), threads + " threads, damage " + d);
            }
        }
    }

    @Test
    void aSingleThreadFoldsEachChunkBeforeCopyingIt() {
        int size = 3 * CHUNK + 1;
        Blocks blocks = randomBlocks(size, new Random(7));
        ByteBuffer image = image(blocks);
        Ipv6TableDecoder decoder = new Ipv6TableDecoder(image, 0, size, groups(blocks), VALID);
        List<Integer> folds = new ArrayList<>();
        decoder.run(image, folds::add);
        assertEquals(List.of(16 * CHUNK, 32 * CHUNK, 48 * CHUNK, 16 * size), folds);
        assertTrue(decoder.finish().ok());
    }

    /** Decodes with {@code threads} threads that start together, each with its own view of the image. */
    private static Ipv6TableDecoder.Decoded decode(ByteBuffer image, int size, int[] groups, int threads)
            throws Exception {
        Ipv6TableDecoder decoder = new Ipv6TableDecoder(image, 0, size, groups, VALID);
        SharedDecoding.runTogether(threads, image, view -> decoder.run(view, null));
        return decoder.finish();
    }

    /**
     * Ascending, disjoint blocks spread over the top bytes 0x10-0xEF (so over many groups): mostly /128 in bursts
     * inside one /64, /64 and /48 prefixes, some runs to the next block, and a few wide prefixes that span many
     * buckets of the index and words of the bitmap. Values valid for {@link #VALID}.
     */
    private static Blocks randomBlocks(int size, Random r) {
        long[] highs = new long[size];
        long[] lowsAndValues = new long[2 * size];
        long span = 0xE000_0000_0000_0000L; // unsigned: the room from 0x10... to 0xF0...
        long step = Long.divideUnsigned(span, size);
        long nextHigh = 0x1000_0000_0000_0000L; // the first address after the block before: nextHigh:nextLow
        long nextLow = 0;
        for (int i = 0; i < size; i++) {
            int kind = r.nextInt(100);
            int code = kind < 55 ? 128 : kind < 75 ? 64 : kind < 85 ? 48 : kind < 95 ? RUN_CODE
                    : 8 + r.nextInt(24);
            long high;
            long low;
            if (code == 128 && r.nextInt(3) > 0 && nextLow != 0) { // the next /128 of a burst in one /64
                high = nextHigh;
                low = nextLow + r.nextInt(1000);
            } else {
                long hostHigh = code >= 64 && code != RUN_CODE ? 0 : code == RUN_CODE ? 0 : -1L >>> code;
                high = nextHigh + 1 + Long.remainderUnsigned(r.nextLong(), step);
                high = (high + hostHigh) & ~hostHigh; // aligned up: at or after the next free address
                low = code == 128 || code == RUN_CODE ? r.nextLong() : 0;
                if (Long.compareUnsigned(high, 0xF000_0000_0000_0000L) >= 0) {
                    code = 128; // no room left for a wide block: a /128 just after the one before
                    high = nextHigh + 1;
                    low = 0;
                }
            }
            highs[i] = high ^ Long.MIN_VALUE;
            lowsAndValues[2 * i] = low ^ Long.MIN_VALUE;
            int value = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> KIND_COMBINED << KIND_SHIFT | r.nextInt(10);
                default -> new int[] {1, 2, 4}[r.nextInt(3)] << KIND_SHIFT | 1 + r.nextInt(1000);
            };
            lowsAndValues[2 * i + 1] = Integer.toUnsignedLong(value) | (long) code << 32;
            long endHigh = code == RUN_CODE || code >= 64 ? high : high | -1L >>> code;
            long endLow = code == RUN_CODE ? low : code == 128 ? low : -1L;
            nextLow = endLow + 1;
            nextHigh = nextLow == 0 ? endHigh + 1 : endHigh;
        }
        return new Blocks(highs, lowsAndValues);
    }

    /** Every block's edges and the addresses next to them, a point inside, and random addresses. */
    private static List<long[]> probes(Blocks blocks, Random r) {
        List<long[]> probes = new ArrayList<>();
        RangeTable6 table = new RangeTable6(blocks.highs(), blocks.lowsAndValues());
        for (int i = 0; i < blocks.size(); i++) {
            long sh = blocks.high(i);
            long sl = blocks.low(i);
            long eh = table.endHigh(i);
            long el = table.endLow(i);
            probes.add(new long[] {sh, sl});
            probes.add(new long[] {eh, el});
            probes.add(sl == 0 ? new long[] {sh - 1, -1L} : new long[] {sh, sl - 1});
            probes.add(el == -1L ? new long[] {eh + 1, 0} : new long[] {eh, el + 1});
            if (eh != sh) {
                probes.add(new long[] {sh + Long.remainderUnsigned(r.nextLong(), eh - sh), r.nextLong()});
            }
        }
        for (int q = 0; q < 20_000; q++) {
            probes.add(new long[] {r.nextLong(), r.nextLong()});
        }
        probes.add(new long[] {0, 0});
        probes.add(new long[] {-1L, -1L});
        return probes;
    }

    /** Entry g: the first block whose address starts with byte g or a later one; entry 256 the block count. */
    private static int[] groups(Blocks blocks) {
        int[] groups = new int[SnapshotFormat.IPV6_GROUPS];
        int block = 0;
        for (int g = 0; g < groups.length; g++) {
            while (block < blocks.size() && blocks.high(block) >>> 56 < g) {
                block++;
            }
            groups[g] = block;
        }
        return groups;
    }

    /** The table section as a snapshot stores it: starts (code in the top byte, in place of the group's), values. */
    private static ByteBuffer image(Blocks blocks) {
        int n = blocks.size();
        ByteBuffer image = ByteBuffer.allocateDirect(20 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            image.putLong(16 * i, (long) blocks.code(i) << 56 | blocks.high(i) & ADDRESS_BITS);
            image.putLong(16 * i + 8, blocks.low(i));
            image.putInt(16 * n + 4 * i, (int) blocks.lowsAndValues()[2 * i + 1]);
        }
        return image;
    }
}
