package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The /18 block index against the table it summarises: a block is whole exactly when no range starts strictly
 * inside it, and then holds both kinds of the range around it (a combined value resolved per mode); checked on
 * random tables whose ranges start on block edges, inside blocks, at the top of the space, and span from part of
 * one block to thousands.
 */
class KindIndex4Test {

    private static final int BLOCK = 1 << (32 - KindIndex4.BITS);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 100, 5_000, 60_000, 300_000})
    void blocksAgreeWithTheTable(int boundaries) {
        Random r = new Random(boundaries);
        TreeSet<Long> starts = new TreeSet<>();
        starts.add(0L);
        while (starts.size() < boundaries) {
            long s = switch (r.nextInt(5)) {
                case 0 -> (long) r.nextInt(1 << KindIndex4.BITS) * BLOCK; // on a block's first address
                case 1 -> 0xFFFFFFFFL - r.nextInt(3 * BLOCK); // in the last blocks
                case 2 -> 0x0A000000L + r.nextInt(40 * BLOCK); // clustered: blocks with several starts
                default -> Integer.toUnsignedLong(r.nextInt());
            };
            starts.add(s);
        }
        int[] covers = new int[2 * 8];
        for (int i = 0; i < covers.length; i++) {
            covers[i] = (1 + r.nextInt(7)) << KIND_SHIFT | r.nextInt(1000);
        }
        long[] sorted = starts.stream().mapToLong(Long::longValue).toArray();
        int[] table = new int[2 * sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            table[2 * i] = (int) sorted[i];
            int kind = r.nextInt(8);
            // A combined value points into the covers table; any other carries an entry the blocks must ignore.
            table[2 * i + 1] = kind << KIND_SHIFT | (kind == KIND_COMBINED ? r.nextInt(8) : r.nextInt(1 << 20));
        }
        RangeTable4 joined = RangeTable4.of(table);
        KindIndex4 blocks = KindIndex4.of(joined, covers);

        TreeSet<Long> insideStarts = new TreeSet<>();
        for (long s : sorted) {
            if (s % BLOCK != 0) {
                insideStarts.add(s / BLOCK);
            }
        }
        int whole = 0;
        for (long block = 0; block < 1L << KindIndex4.BITS; block++) {
            int address = (int) (block * BLOCK + r.nextInt(BLOCK));
            int kinds = blocks.kinds(address);
            if (insideStarts.contains(block)) {
                assertEquals(KindIndex4.MIXED, kinds, "block " + block + " has a range starting inside");
            } else {
                whole++;
                int expected = KindIndex4.kinds(joined.value(address), covers);
                assertEquals(expected, kinds, "block " + block);
                assertEquals(expected, blocks.kinds((int) (block * BLOCK)), "first address of block " + block);
                assertEquals(expected, blocks.kinds((int) (block * BLOCK + BLOCK - 1)), "last of block " + block);
            }
        }
        assertEquals((1 << KindIndex4.BITS) - insideStarts.size(), whole);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 5, 6, 7})
    void aPlainValuePacksItsKindForBothModes(int kind) {
        int packed = KindIndex4.kinds(kind << KIND_SHIFT | 12345, new int[0]);
        assertEquals(kind, KindIndex4.kind(packed, true));
        assertEquals(kind, KindIndex4.kind(packed, false));
    }

    @Test
    void aCombinedValueResolvesEachModeThroughTheCovers() {
        int[] covers = {0, 0, 2 << KIND_SHIFT | 9, 7 << KIND_SHIFT | 4};
        int packed = KindIndex4.kinds(KIND_COMBINED << KIND_SHIFT | 1, covers);
        assertEquals(2, KindIndex4.kind(packed, true));
        assertEquals(7, KindIndex4.kind(packed, false));
    }
}
