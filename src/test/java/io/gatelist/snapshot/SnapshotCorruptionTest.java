package io.gatelist.snapshot;

import static io.gatelist.lookup.format.SnapshotFormat.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of damage is refused with a message naming it. Structural damage is tested with the checksum
 * recomputed, so that the structural check, not the checksum, must catch it.
 */
class SnapshotCorruptionTest {

    @TempDir
    Path dir;

    private static byte[] good() {
        ByteBuffer image = SnapshotRoundTripTest.seedLists().build();
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return bytes;
    }

    private static String refusal(byte[] image) {
        return assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.fromBytes(image)).getMessage();
    }

    private static void assertRefused(byte[] image, String expected) {
        String message = refusal(image);
        assertTrue(message.startsWith("invalid snapshot: ") && message.contains(expected), message);
    }

    /** Recomputes the checksum after a structural change. */
    private static byte[] resealed(byte[] image) {
        CRC32C crc = new CRC32C();
        crc.update(image, 0, OFF_CHECKSUM);
        crc.update(image, OFF_CHECKSUM + 4, image.length - OFF_CHECKSUM - 4);
        le(image).putInt(OFF_CHECKSUM, (int) crc.getValue());
        return image;
    }

    private static ByteBuffer le(byte[] image) {
        return ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The offset of a section's descriptor in the section table. */
    private static int descriptor(byte[] image, int id) {
        ByteBuffer b = le(image);
        for (int i = 0; i < b.getInt(OFF_SECTION_COUNT); i++) {
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            if (b.getInt(at) == id) {
                return at;
            }
        }
        throw new AssertionError("no section " + id);
    }

    /** The offset of a section's data. */
    private static int data(byte[] image, int id) {
        return (int) le(image).getLong(descriptor(image, id) + 8);
    }

    @Test
    void theGoodImageOpens() throws Exception {
        assertEquals(7, PolicySnapshot.fromBytes(good()).info().revision());
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] image = good();
        assertRefused(Arrays.copyOf(image, image.length - 8), "size mismatch");
        assertRefused(Arrays.copyOf(image, 20), "truncated");
        assertRefused(new byte[0], "truncated");
    }

    @Test
    void bytesAppendedToAFileAreRefused() {
        byte[] image = good();
        assertRefused(Arrays.copyOf(image, image.length + 8), "size mismatch");
    }

    @Test
    void aFlippedByteFailsTheChecksum() {
        byte[] image = good();
        image[image.length / 2] ^= 0x40;
        assertRefused(image, "checksum mismatch");
    }

    @Test
    void anotherFormatVersionIsRefused() {
        byte[] image = good();
        image[OFF_VERSION] = 1;
        assertRefused(resealed(image), "format version 1, this reader supports version 3");
        byte[] previous = good();
        previous[OFF_VERSION] = 2; // the layout before stored indexes and IPv6 blocks
        assertRefused(resealed(previous), "format version 2, this reader supports version 3");
    }

    @Test
    void aFileOfAnotherKindIsRefused() {
        byte[] image = good();
        image[0] = 'X';
        assertRefused(image, "bad magic");
    }

    @Test
    void unknownFlagsAndReservedBytesAreRefused() {
        byte[] flags = good();
        le(flags).putShort(OFF_FLAGS, (short) 0x80);
        assertRefused(resealed(flags), "unknown header flags");
        byte[] reserved = good();
        reserved[OFF_RESERVED + 3] = 1;
        assertRefused(resealed(reserved), "reserved header bytes");
    }

    @Test
    void aSectionPointingOutsideTheFileIsRefused() {
        byte[] image = good();
        le(image).putLong(descriptor(image, SECTION_ENTRIES) + 8, image.length + 64L);
        assertRefused(resealed(image), "bad bounds");
    }

    @Test
    void aMisalignedSectionIsRefused() {
        byte[] image = good();
        int at = descriptor(image, SECTION_STATS);
        le(image).putLong(at + 8, le(image).getLong(at + 8) + 4);
        assertRefused(resealed(image), "bad bounds");
    }

    @Test
    void aSectionTableLongerThanTheFileIsRefused() {
        byte[] image = good();
        le(image).putInt(OFF_SECTION_COUNT, 1 << 24);
        assertRefused(resealed(image), "section table");
    }

    @Test
    void overlappingSectionsAreRefused() {
        byte[] image = good();
        int entries = descriptor(image, SECTION_ENTRIES);
        int covers = descriptor(image, SECTION_COVERS);
        le(image).putLong(covers + 8, le(image).getLong(entries + 8));
        assertRefused(resealed(image), "overlap");
    }

    @Test
    void aSectionListedTwiceIsRefused() {
        byte[] image = good();
        le(image).putInt(descriptor(image, SECTION_STATS), SECTION_COVERS);
        assertRefused(resealed(image), "appears twice");
    }

    @Test
    void aMissingSectionIsRefused() {
        byte[] image = good();
        le(image).putInt(descriptor(image, SECTION_COUNTRIES), 0x7777);
        assertRefused(resealed(image), "the countries section is missing");
    }

    @Test
    void aSectionWhoseLengthDisagreesWithItsCountIsRefused() {
        byte[] image = good();
        int at = descriptor(image, SECTION_POLICY_V4);
        le(image).putInt(at + 4, le(image).getInt(at + 4) + 1);
        assertRefused(resealed(image), "expected");
    }

    @Test
    void anUnknownSectionIsSkipped() throws Exception {
        // Room for later sections: an id the reader does not know is bounds-checked and ignored.
        byte[] image = good();
        le(image).putInt(descriptor(image, SECTION_STATS), 0x7E);
        PolicySnapshot s = PolicySnapshot.fromBytes(resealed(image));
        assertEquals(Step.BLOCKED_IP, s.lookup("198.51.100.9", null, Mode.STANDARD).step());
        assertTrue(s.info().counts().isEmpty());
    }

    @Test
    void aHeloSectionOfTheWrongShapeIsRefused() {
        // The Global Approved List's HELO section is optional but, when present, checked like any known section.
        byte[] image = good();
        le(image).putInt(descriptor(image, SECTION_STATS), SECTION_GLOBAL_HELO);
        assertRefused(resealed(image), "the global HELO section is 44 bytes, expected 11 records of 32 bytes");
    }

    @Test
    void aRangeReferringToAMissingEntryIsRefused() {
        byte[] image = good();
        int table = data(image, SECTION_POLICY_V4);
        le(image).putInt(table + 12, (1 << KIND_SHIFT) | 999); // range 1: approved-ip, entry 999
        assertRefused(resealed(image), "refers to entry 999");
    }

    @Test
    void aRangeWithAStepNoAddressCanTakeIsRefused() {
        byte[] image = good();
        int table = data(image, SECTION_POLICY_V4);
        le(image).putInt(table + 12, (Step.BLOCKED_COUNTRY.code() << KIND_SHIFT) | 1);
        assertRefused(resealed(image), "range 1 has unknown step 4");
    }

    @Test
    void rangesOutOfOrderAreRefused() {
        byte[] image = good();
        int table = data(image, SECTION_POLICY_V4);
        ByteBuffer b = le(image);
        b.putInt(table + 16, b.getInt(table + 8)); // range 2 starts where range 1 starts
        assertRefused(resealed(image), "out of order");
    }

    @Test
    void aTableThatDoesNotStartAtTheFirstAddressIsRefused() {
        byte[] v4 = good();
        le(v4).putInt(data(v4, SECTION_POLICY_V4), 1);
        assertRefused(resealed(v4), "does not start at 0.0.0.0");
    }

    @Test
    void aMissingOrMisshapenIpv4IndexIsRefused() {
        byte[] missing = good();
        le(missing).putInt(descriptor(missing, SECTION_POLICY_V4_INDEX), 0x7777);
        assertRefused(resealed(missing), "the IPv4 policy index section is missing");
        byte[] size = good();
        int at = descriptor(size, SECTION_GEO_V4_INDEX);
        le(size).putInt(at + 4, le(size).getInt(at + 4) - 2).putLong(at + 16, le(size).getLong(at + 16) - 8);
        assertRefused(resealed(size), "the IPv4 country index has");
    }

    @Test
    void anIpv4IndexOutOfOrderOrOutsideItsTableIsRefused() {
        byte[] order = good();
        int index = data(order, SECTION_POLICY_V4_INDEX);
        int ranges = le(order).getInt(descriptor(order, SECTION_POLICY_V4) + 4);
        assertTrue(le(order).getInt(index + 8) < ranges - 1, "bucket 2 comes before the last range");
        le(order).putInt(index + 4, ranges - 1); // bucket 1 points at the last range, bucket 2 before it
        assertRefused(resealed(order), "the IPv4 policy index is out of order at bucket 2");
        byte[] past = good();
        int last = data(past, SECTION_GEO_V4_INDEX) + 4 * (le(past).getInt(descriptor(past, SECTION_GEO_V4_INDEX) + 4) - 1);
        le(past).putInt(last, 1 << 20);
        assertRefused(resealed(past), "the IPv4 country index runs from range 0 to 1048576");
        byte[] first = good();
        le(first).putInt(data(first, SECTION_POLICY_V4_INDEX), -1);
        assertRefused(resealed(first), "the IPv4 policy index runs from range -1");
    }

    @Test
    void anIpv6BlockWithABadPrefixCodeOrAlignmentIsRefused() {
        byte[] code = good();
        int table = data(code, SECTION_POLICY_V6);
        code[table + 7] = (byte) 200; // block 0's prefix code, the top byte of its high half
        assertRefused(resealed(code), "the IPv6 policy table's block 0 has prefix code 200");
        byte[] aligned = good();
        ByteBuffer b = le(aligned);
        int at = data(aligned, SECTION_POLICY_V6);
        int blocks = b.getInt(descriptor(aligned, SECTION_POLICY_V6) + 4);
        int i = 0;
        while ((b.get(at + 16 * i + 7) & 0xFF) > 64) {
            i++; // the first block of /64 or shorter: its low half must be 0
        }
        assertTrue(i < blocks, "the seed has an IPv6 block of /64 or shorter");
        b.putLong(at + 16 * i + 8, 1);
        assertRefused(resealed(aligned), "the IPv6 policy table's block " + i + " is not aligned");
    }

    @Test
    void ipv6BlocksOutOfOrderOrOverlappingAreRefused() {
        byte[] image = good();
        ByteBuffer b = le(image);
        int at = data(image, SECTION_POLICY_V6);
        assertTrue(b.getInt(descriptor(image, SECTION_POLICY_V6) + 4) >= 2, "the seed has two IPv6 blocks");
        b.putLong(at + 16, b.getLong(at)).putLong(at + 24, b.getLong(at + 8)); // block 1 repeats block 0
        assertRefused(resealed(image), "the IPv6 policy table's block 1 is out of order or overlaps");
    }

    @Test
    void ipv6GroupsMissingOrOutOfOrderAreRefused() {
        byte[] missing = good();
        le(missing).putInt(descriptor(missing, SECTION_POLICY_V6_GROUPS), 0x7777);
        assertRefused(resealed(missing), "the IPv6 policy groups section is missing");
        byte[] order = good();
        int groups = data(order, SECTION_POLICY_V6_GROUPS);
        le(order).putInt(groups + 4 * 0x10, 1 << 20);
        assertRefused(resealed(order), "the IPv6 policy groups are out of order at group 17");
        byte[] end = good();
        le(end).putInt(data(end, SECTION_POLICY_V6_GROUPS) + 4 * 256, 1 << 20);
        assertRefused(resealed(end), "the IPv6 policy groups run from block 0 to 1048576");
        byte[] shape = good();
        int d = descriptor(shape, SECTION_POLICY_V6_GROUPS);
        le(shape).putInt(d + 4, 256).putLong(d + 16, 1024);
        assertRefused(resealed(shape), "the IPv6 policy groups section holds 256 entries, expected 257");
    }

    @Test
    void anIpv6BlockReferringToAMissingEntryIsRefused() {
        byte[] image = good();
        int at = data(image, SECTION_POLICY_V6);
        int blocks = le(image).getInt(descriptor(image, SECTION_POLICY_V6) + 4);
        le(image).putInt(at + 16 * blocks, (2 << KIND_SHIFT) | 999);
        assertRefused(resealed(image), "block 0 refers to entry 999");
    }

    @Test
    void aCountryIndexOutOfRangeIsRefused() {
        byte[] image = good();
        le(image).putInt(data(image, SECTION_GEO_V4) + 12, 5000);
        assertRefused(resealed(image), "country index");
    }

    @Test
    void aSourceStringRunningPastItsSectionIsRefused() {
        byte[] image = good();
        le(image).putInt(data(image, SECTION_SOURCES), 1 << 20);
        assertRefused(resealed(image), "outside the strings section");
        byte[] longString = good();
        le(longString).putShort(data(longString, SECTION_STRINGS), (short) 0xFFFF);
        assertRefused(resealed(longString), "runs past the end of the strings section");
    }

    @Test
    void aSourceNameThatIsNotUtf8IsRefused() {
        byte[] image = good();
        image[data(image, SECTION_STRINGS) + 2] = (byte) 0xC0;
        assertRefused(resealed(image), "not valid UTF-8");
    }

    @Test
    void anEntryWithAnImpossiblePrefixLengthIsRefused() {
        byte[] image = good();
        le(image).putShort(data(image, SECTION_ENTRIES), (short) entryRecord(0, 200));
        assertRefused(resealed(image), "entry 1 has prefix length 200");
    }

    @Test
    void entryRunsPointingOutsideTheSourcesOrOutOfOrderAreRefused() {
        byte[] source = good();
        le(source).putInt(data(source, SECTION_ENTRY_RUNS) + 4, 4000);
        assertRefused(resealed(source), "entry run 0 refers to source 4000");
        byte[] first = good();
        le(first).putInt(data(first, SECTION_ENTRY_RUNS), 2);
        assertRefused(resealed(first), "do not start at entry 1");
        byte[] order = good();
        int runs = data(order, SECTION_ENTRY_RUNS);
        assertTrue(le(order).getInt(descriptor(order, SECTION_ENTRY_RUNS) + 4) >= 2, "the seed lists have runs");
        le(order).putInt(runs + ENTRY_RUN_SIZE, 1);
        assertRefused(resealed(order), "entry run 1 starts at entry 1: out of order");
        byte[] base = good();
        le(base).putInt(data(base, SECTION_ENTRY_RUNS) + 8, -5);
        assertRefused(resealed(base), "entry run 0 has base line");
    }

    @Test
    void theEntryCountMustAgreeWithTheEntriesSection() {
        byte[] image = good();
        le(image).putInt(OFF_ENTRY_COUNT, le(image).getInt(OFF_ENTRY_COUNT) + 1);
        assertRefused(resealed(image), "the header says");
    }

    @Test
    void aCountryPointingPastTheEntriesIsRefused() {
        byte[] image = good();
        int nz = io.gatelist.lookup.CountryCodes.index("NZ");
        le(image).putInt(data(image, SECTION_COUNTRIES) + COUNTRY_RECORD_SIZE * nz, 999);
        assertRefused(resealed(image), "approved country NZ refers to entry 999");
    }

    @Test
    void aRangePointingOutsideTheCoversIsRefused() {
        byte[] image = good();
        int table = data(image, SECTION_POLICY_V4);
        le(image).putInt(table + 12, (KIND_COMBINED << KIND_SHIFT) | 40);
        assertRefused(resealed(image), "outside the covers section");
    }

    @Test
    void aLargeFileIsCheckedTheSameWay() throws Exception {
        // From 8 MiB on, the checksum is computed on another thread while the tables are copied: the same
        // refusals, in the same order.
        SnapshotBuilder b = new SnapshotBuilder(9, java.time.Instant.EPOCH);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 500_000; i++) {
            b.addIpEntry(Step.BLOCKED_IP, io.gatelist.policy.IpPrefix.ipv4(r.nextInt(), 32), "big.csv", i + 1);
        }
        ByteBuffer built = b.build();
        byte[] image = new byte[built.capacity()];
        built.get(0, image);
        assertTrue(image.length > 8 << 20, "large enough: " + image.length);
        assertEquals(9, PolicySnapshot.fromBytes(image).info().revision());
        Path file = dir.resolve("big.bin");
        Files.write(file, image);
        assertEquals(9, PolicySnapshot.open(file).info().revision());
        byte[] flipped = image.clone();
        flipped[flipped.length / 2] ^= 1;
        assertRefused(flipped, "checksum mismatch");
        byte[] order = image.clone();
        int table = data(order, SECTION_POLICY_V4);
        le(order).putInt(table + 8 * 1000, le(order).getInt(table + 8 * 999));
        assertRefused(resealed(order), "the IPv4 policy table's range 1000 is out of order");
        byte[] prefix = image.clone();
        le(prefix).putShort(data(prefix, SECTION_ENTRIES) + 2 * 150_000, (short) entryRecord(0, 129));
        assertRefused(resealed(prefix), "entry 150001 has prefix length 129");
    }

    @Test
    void aLargeIpv6FileIsDecodedAndCheckedTheSameWay() throws Exception {
        // Both threads share the IPv6 table's chunks of 4,096 blocks once the checksum is done; the blocks on a
        // chunk's edges are checked against their neighbours in the other chunk.
        SnapshotBuilder b = new SnapshotBuilder(10, java.time.Instant.EPOCH);
        java.util.Random r = new java.util.Random(4);
        long[][] addresses = new long[500_000][];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = new long[] {0x2001_0db8_0000_0000L | r.nextInt() & 0xFFFF_FFFFL, r.nextLong()};
            b.addIpEntry(Step.BLOCKED_IP, io.gatelist.policy.IpPrefix.ipv6(addresses[i][0], addresses[i][1], 128),
                    "big6.csv", i + 1);
        }
        ByteBuffer built = b.build();
        byte[] image = new byte[built.capacity()];
        built.get(0, image);
        assertTrue(image.length > 8 << 20, "large enough: " + image.length);
        Path file = dir.resolve("big6.bin");
        Files.write(file, image);
        PolicySnapshot opened = PolicySnapshot.open(file);
        for (int i = 0; i < addresses.length; i += 997) {
            long high = addresses[i][0];
            long low = addresses[i][1];
            assertEquals(Step.BLOCKED_IP, step(opened, high, low), "entry " + (i + 1));
            assertEquals(Step.NONE, step(opened, high, low ^ 1), "next to entry " + (i + 1));
        }
        int table = data(image, SECTION_POLICY_V6);
        int blocks = le(image).getInt(descriptor(image, SECTION_POLICY_V6) + 4);
        byte[] order = image.clone();
        le(order).putLong(table + 16 * 4096, le(order).getLong(table + 16 * 4095))
                .putLong(table + 16 * 4096 + 8, le(order).getLong(table + 16 * 4095 + 8));
        assertRefused(resealed(order), "the IPv6 policy table's block 4096 is out of order or overlaps");
        byte[] value = image.clone();
        le(value).putInt(table + 16 * blocks + 4 * 400_000, (2 << KIND_SHIFT) | 600_000);
        assertRefused(resealed(value), "the IPv6 policy table's block 400000 refers to entry 600000");
        byte[] flipped = image.clone();
        flipped[table + 16 * 250_000 + 3] ^= 1;
        assertRefused(flipped, "checksum mismatch");
    }

    private static Step step(PolicySnapshot snapshot, long high, long low) {
        long code = snapshot.evaluateIpv6(high, low, io.gatelist.lookup.CountryCodes.UNKNOWN, Mode.STANDARD);
        return snapshot.explainIpv6(code, high, low).step();
    }

    @Test
    void aGoodFileOnDiskOpensAndADamagedOneDoesNot() throws Exception {
        Path file = dir.resolve("s.bin");
        Files.write(file, good());
        assertEquals(7, PolicySnapshot.open(file).info().revision());
        assertEquals(7, PolicySnapshot.open(file, PolicySnapshot.FileMode.MEMORY).info().revision());
        Files.write(file, Arrays.copyOf(good(), 100));
        assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.open(file));
        assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.open(file, PolicySnapshot.FileMode.MEMORY));
    }

    @Test
    void anOpenSnapshotSurvivesItsFileBeingOverwrittenInPlace() throws Exception {
        // The mistake that crashes mapped readers: rewriting the installed file instead of renaming a new one.
        Path file = dir.resolve("s.bin");
        Files.write(file, good());
        PolicySnapshot s = PolicySnapshot.open(file);
        Files.write(file, new byte[10], StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(Step.BLOCKED_IP, s.lookup("198.51.100.9", null, Mode.STANDARD).step());
        assertEquals("blocked.csv", s.lookup("198.51.100.9", null, Mode.STANDARD).matched().source());
        assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.open(file));
    }
}
