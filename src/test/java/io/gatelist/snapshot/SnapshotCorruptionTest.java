package io.gatelist.snapshot;

import static io.gatelist.lookup.SnapshotFormat.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.PolicySnapshot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every class of damage is refused with a message naming it. */
class SnapshotCorruptionTest {

    @TempDir
    Path dir;

    private byte[] good() {
        ByteBuffer image = SnapshotRoundTripTest.seedLists().build();
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return bytes;
    }

    private static String refusal(byte[] image) {
        return assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.fromBytes(image)).getMessage();
    }

    /** Rewrites the checksum so that a structural fault, not the checksum, must catch the damage. */
    private static byte[] resealed(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(image, 0, OFF_CHECKSUM);
        crc.update(image, OFF_CHECKSUM + 4, image.length - OFF_CHECKSUM - 4);
        b.putInt(OFF_CHECKSUM, (int) crc.getValue());
        return image;
    }

    private static int sectionDescriptor(byte[] image, int id) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < b.getInt(OFF_SECTION_COUNT); i++) {
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            if (b.getInt(at) == id) {
                return at;
            }
        }
        throw new AssertionError("no section " + id);
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] image = good();
        assertTrue(refusal(Arrays.copyOf(image, image.length - 8)).contains("size mismatch"));
        assertTrue(refusal(Arrays.copyOf(image, 20)).contains("truncated"));
        assertTrue(refusal(new byte[0]).contains("truncated"));
    }

    @Test
    void aFlippedByteFailsTheChecksum() {
        byte[] image = good();
        image[image.length / 2] ^= 0x40;
        assertTrue(refusal(image).contains("checksum mismatch"));
    }

    @Test
    void anotherFormatVersionIsRefused() {
        byte[] image = good();
        image[OFF_VERSION] = 2;
        assertTrue(refusal(resealed(image)).contains("format version 2"));
    }

    @Test
    void aFileOfAnotherKindIsRefused() {
        byte[] image = good();
        image[0] = 'X';
        assertTrue(refusal(image).contains("bad magic"));
    }

    @Test
    void aSectionPointingOutsideTheFileIsRefused() {
        byte[] image = good();
        int at = sectionDescriptor(image, SECTION_ENTRIES);
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 8, image.length + 64L);
        assertTrue(refusal(resealed(image)).contains("bad bounds"));
    }

    @Test
    void aRangeReferringToAMissingEntryIsRefused() {
        byte[] image = good();
        int at = sectionDescriptor(image, TABLE_POLICY_V4 | PART_RECORDS);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int records = (int) b.getLong(at + 8);
        b.putInt(records + 4, (1 << KIND_SHIFT) | 999); // approved-ip, entry 999
        assertTrue(refusal(resealed(image)).contains("refers to entry 999"));
    }

    @Test
    void anIndexPointingAtTheWrongRangeIsRefused() {
        byte[] image = good();
        int at = sectionDescriptor(image, TABLE_POLICY_V4 | PART_INDEX);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int index = (int) b.getLong(at + 8);
        int buckets = b.getInt(at + 4);
        b.putInt(index + INDEX_PARAMS_SIZE + 4 * buckets, 1); // last bucket must equal the range count
        assertTrue(refusal(resealed(image)).contains("index"));
    }

    @Test
    void aSourceStringRunningPastItsSectionIsRefused() {
        byte[] image = good();
        int at = sectionDescriptor(image, SECTION_SOURCES);
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) b.getLong(at + 8), 1 << 20);
        assertTrue(refusal(resealed(image)).contains("outside the strings section"));
    }

    @Test
    void aGoodFileOnDiskOpensAndAnOverwrittenOneDoesNot() throws Exception {
        Path file = dir.resolve("s.bin");
        Files.write(file, good());
        assertEquals(7, PolicySnapshot.open(file).info().revision());
        Files.write(file, Arrays.copyOf(good(), 100));
        assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.open(file));
        assertThrows(InvalidSnapshotException.class, () -> PolicySnapshot.open(file, PolicySnapshot.FileMode.MEMORY));
    }
}
