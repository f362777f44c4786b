package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import io.gatelist.lookup.format.SnapshotFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The IPv4 space in blocks of {@code 2^(32 - BITS)} addresses, each with the kinds of the joined range that holds
 * the whole block, so that most decisions need one read of one byte and no search.
 *
 * <p>A joined table ({@link PolicySnapshot}'s decision table) has few boundaries, tens of thousands against the
 * 262,144 blocks, so most blocks hold none (docs/snapshot-format.md has the share for the benchmark's lists). A
 * block that holds one is marked {@link #MIXED} and its addresses take the table's search; that branch goes the
 * same way for most lookups, so it is mostly predicted. One byte packs the standard kind (bits 0-2) and the
 * dynamic kind (bits 3-5): a range whose modes differ is resolved through the covers table here, once, instead
 * of on every lookup.
 */
final class KindIndex4 {

    /**
     * Leading address bits that pick a block (a /18, 16,384 addresses): 256 KiB of blocks. Twenty bits left more
     * blocks whole but measured no faster, and cost four times the memory and twice the build.
     */
    static final int BITS = 18;
    /** A block with a boundary inside: search the table. */
    static final int MIXED = -1;
    private static final int SHIFT = Integer.SIZE - BITS;
    private static final int MODE_SHIFT = Integer.SIZE - KIND_SHIFT;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** A byte per block, and the spare bytes that the last range's eight-byte write may reach. */
    private final byte[] blocks;

    private KindIndex4(byte[] blocks) {
        this.blocks = blocks;
    }

    /**
     * Builds the blocks of a joined table.
     *
     * @param covers the covers table, which resolves a value of {@link SnapshotFormat#KIND_COMBINED} per mode
     *               (values in the table are checked against it when the snapshot is parsed)
     */
    static KindIndex4 of(RangeTable4 joined, int[] covers) {
        byte[] blocks = new byte[(1 << BITS) + Long.BYTES];
        int size = joined.size();
        for (int i = 0; i < size; i++) {
            int start = joined.start(i);
            int first = start >>> SHIFT;
            int last = joined.end(i) >>> SHIFT;
            int kinds = kinds(joined.valueAt(i), covers);
            // Most ranges span a few blocks: the eight after the first are written whatever the span, as one long
            // (ranges come in order, so the next ones overwrite what is not this one's), and only a longer range
            // takes a loop, whose trip count would otherwise be a branch mispredicted on most ranges.
            LONGS.set(blocks, first + 1, (kinds & 0xFF) * 0x0101010101010101L);
            for (int b = first + 9; b <= last; b++) {
                blocks[b] = (byte) kinds;
            }
            // A range that starts inside its first block shares that block with the range before it: mixed. Any
            // later range that starts in the block marks it mixed again.
            blocks[first] = (byte) ((start & (1 << SHIFT) - 1) == 0 ? kinds : MIXED);
        }
        return new KindIndex4(blocks);
    }

    /** Both kinds of a range value, packed as a block stores them. */
    static int kinds(int value, int[] covers) {
        int kind = value >>> KIND_SHIFT;
        if (kind != KIND_COMBINED) {
            return kind | kind << MODE_SHIFT;
        }
        int at = 2 * (value & ENTRY_MASK);
        return covers[at] >>> KIND_SHIFT | (covers[at + 1] >>> KIND_SHIFT) << MODE_SHIFT;
    }

    /** The packed kinds of the block holding {@code address}, or {@link #MIXED}. */
    int kinds(int address) {
        return blocks[address >>> SHIFT];
    }

    /** One mode's kind from packed kinds. */
    static int kind(int kinds, boolean standard) {
        return standard ? kinds & (1 << MODE_SHIFT) - 1 : kinds >>> MODE_SHIFT;
    }
}
