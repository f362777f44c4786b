package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.IPV6_BLOCK_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.IPV6_GROUPS;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static io.gatelist.lookup.format.SnapshotFormat.RUN_CODE;

import io.gatelist.lookup.SectionTable.Section;
import java.nio.ByteOrder;

/**
 * The refusals that say what is wrong with a snapshot and where: the message every check throws, the checks of
 * single range values, and the walks that find the first bad range, index entry or block of a table that failed
 * the {@link DecodingPass}'s folded checks. A walk runs only for a damaged table, so it may branch and format as
 * it likes; the decoders' loops may not.
 */
final class Refusals {

    private final int entryCount;
    private final int coverCount;

    /**
     * @param entryCount the entries of the file, already checked against the header's limit
     * @param coverCount the records of its covers section
     */
    Refusals(int entryCount, int coverCount) {
        this.entryCount = entryCount;
        this.coverCount = coverCount;
    }

    /** A refusal: {@code invalid snapshot: } and the reason. */
    static InvalidSnapshotException invalid(String format, Object... args) {
        return new InvalidSnapshotException("invalid snapshot: " + String.format(format, args));
    }

    /**
     * A range's value. Called once per range of a table walked again, so nothing is formatted unless the check
     * fails: a message string per range made opening a large snapshot many times slower.
     */
    void checkValue(int value, boolean geo, String what, int range) throws InvalidSnapshotException {
        if (geo) {
            if (value < 0 || value > CountryCodes.SIZE) {
                throw invalid("%s %d has country index %d", what, range, value - 1);
            }
        } else if (value != 0) {
            checkPolicyValue(value, true, what, range);
        }
    }

    /**
     * A range value: a known step and an entry id inside the entries section, or (in tables only) a cover index
     * inside the covers section. Which list an entry belongs to is not looked up here: that would be a random
     * access into the entries for every range (a cache miss each), and explanations take the list from the range
     * value's step, so no value can make one name the wrong list.
     */
    void checkPolicyValue(int value, boolean combinedAllowed, String what, int index)
            throws InvalidSnapshotException {
        if (value == 0) {
            return;
        }
        int kind = value >>> KIND_SHIFT;
        int id = value & ENTRY_MASK;
        if (kind == KIND_COMBINED && combinedAllowed) {
            if (id >= coverCount) {
                throw invalid("%s %d points at cover %d, outside the covers section", what, index, id);
            }
            return;
        }
        if (kind != Step.APPROVED_IP.code() && kind != Step.BLOCKED_IP.code()
                && kind != Step.GLOBAL_APPROVED.code() && kind != Step.REPUTATION_STANDARD.code()
                && kind != Step.REPUTATION_DYNAMIC.code()) {
            throw invalid("%s %d has unknown step %d", what, index, kind);
        }
        if (id == 0 || id > entryCount) {
            throw invalid("%s %d refers to entry %d of %d", what, index, id, entryCount);
        }
    }

    /** Refuses an IPv4 table whose ranges failed the decoder's checks, naming the first bad range. */
    void locateInTable4(String name, Ipv4TableDecoder.Decoded decoded, boolean geo) throws InvalidSnapshotException {
        String what = "the " + name + " table's range";
        int[] table = decoded.table();
        for (int i = 0; i < decoded.size(); i++) {
            if (i > 0 && Integer.compareUnsigned(table[2 * i], table[2 * i - 2]) <= 0) {
                throw invalid("the %s table's range %d is out of order", name, i);
            }
            checkValue(table[2 * i + 1], geo, what, i);
        }
    }

    /** Refuses an IPv4 index that failed the decoder's checks, saying how. */
    static void locateInIndex4(String name, Ipv4TableDecoder.Decoded decoded, long ranges)
            throws InvalidSnapshotException {
        int[] index = decoded.index();
        int last = index.length - 1;
        if (index[0] != 0 || index[last] != ranges - 1) {
            throw invalid("the %s index runs from range %d to %d, not from 0 to %d", name, index[0], index[last],
                    ranges - 1);
        }
        for (int b = 1; b <= last; b++) {
            if (index[b] < index[b - 1]) {
                throw invalid("the %s index is out of order at bucket %d", name, b);
            }
        }
    }

    /**
     * An IPv6 table of blocks and its groups section, checked completely, one block after another: groups
     * non-decreasing from 0 to the block count; every prefix code 0-128 or {@link
     * io.gatelist.lookup.format.SnapshotFormat#RUN_CODE}; every prefix block aligned to its length; blocks strictly
     * ascending and disjoint (each starts after the previous block's last address); every value valid. The top
     * byte of each start comes from its group, the rest from the record. For a table the chunked decoder did not
     * build or that failed its checks: refused here with the block and the reason.
     */
    RangeTable6 walkTable6(SectionTable sections, int id, String name, boolean geo) throws InvalidSnapshotException {
        Section section = sections.get(id);
        sections.checkLength(section, name, IPV6_BLOCK_SIZE);
        int n = (int) section.count();
        Section groupSection = sections.require(id + 1, name + " groups", 4);
        if (groupSection.count() != IPV6_GROUPS) {
            throw invalid("the %s groups section holds %d entries, expected %d", name, groupSection.count(),
                    IPV6_GROUPS);
        }
        int[] groups = sections.ints(groupSection);
        if (groups[0] != 0 || groups[IPV6_GROUPS - 1] != n) {
            throw invalid("the %s groups run from block %d to %d, not from 0 to %d", name, groups[0],
                    groups[IPV6_GROUPS - 1], n);
        }
        for (int g = 1; g < IPV6_GROUPS; g++) {
            if (groups[g] < groups[g - 1]) {
                throw invalid("the %s groups are out of order at group %d", name, g);
            }
        }
        long[] starts = new long[2 * n];
        sections.bytes(section).asLongBuffer().get(starts);
        int[] values = new int[n];
        sections.file.slice(section.offset() + 16 * n, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                .get(values);
        String what = "the " + name + " table's block";
        long[] highs = new long[n];
        long[] lowsAndValues = new long[2 * n];
        long lastHigh = 0; // the last address of the previous block, sign bits flipped; none before block 0
        long lastLow = 0;
        int g = 0;
        for (int i = 0; i < n; i++) {
            while (groups[g + 1] <= i) {
                g++;
            }
            long stored = starts[2 * i];
            int code = (int) (stored >>> 56);
            long high = ((long) g << 56) | (stored & 0x00FF_FFFF_FFFF_FFFFL);
            long low = starts[2 * i + 1];
            if (code > 128 && code != RUN_CODE) {
                throw invalid("%s %d has prefix code %d", what, i, code);
            }
            long hostHigh = RangeTable6.HOST_HIGH[code]; // 0 for a run: aligned anywhere, ends where it starts
            long hostLow = RangeTable6.HOST_LOW[code];
            if ((high & hostHigh) != 0 || (low & hostLow) != 0) {
                throw invalid("%s %d is not aligned to its /%d", what, i, code);
            }
            long flippedHigh = high ^ Long.MIN_VALUE;
            long flippedLow = low ^ Long.MIN_VALUE;
            if (i > 0 && (flippedHigh < lastHigh || flippedHigh == lastHigh && flippedLow <= lastLow)) {
                throw invalid("the %s table's block %d is out of order or overlaps the one before", name, i);
            }
            checkValue(values[i], geo, what, i);
            highs[i] = flippedHigh;
            lowsAndValues[2 * i] = flippedLow;
            lowsAndValues[2 * i + 1] = Integer.toUnsignedLong(values[i]) | (long) code << 32;
            // A run ends before the next block: its start is the bound. A prefix block ends at its last address.
            lastHigh = (high | hostHigh) ^ Long.MIN_VALUE;
            lastLow = (low | hostLow) ^ Long.MIN_VALUE;
        }
        return new RangeTable6(highs, lowsAndValues);
    }
}
