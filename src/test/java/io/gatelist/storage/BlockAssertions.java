package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** What the packed-block tests share: bytes sealed as an encoder would, and the check that damage is refused. */
final class BlockAssertions {

    private BlockAssertions() {
    }

    /** {@code body} with its CRC-32C appended, as a (possibly buggy) encoder would seal it. */
    static byte[] withChecksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        int v = (int) crc.getValue();
        byte[] data = Arrays.copyOf(body, body.length + 4);
        data[body.length] = (byte) (v >>> 24);
        data[body.length + 1] = (byte) (v >>> 16);
        data[body.length + 2] = (byte) (v >>> 8);
        data[body.length + 3] = (byte) v;
        return data;
    }

    /**
     * Asserts that {@code decoder} refuses {@code data} with a message containing {@code expected}, and that when the
     * refusal is about the block as a whole (length, version, checksum) it handed out nothing first.
     */
    static <T> void assertMalformed(BiConsumer<byte[], Consumer<T>> decoder, byte[] data, String expected) {
        List<T> seen = new ArrayList<>();
        MalformedBlockException e = assertThrows(MalformedBlockException.class,
                () -> decoder.accept(data, seen::add));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (expected.equals("checksum") || expected.equals("too short") || expected.startsWith("version")) {
            assertArrayEquals(new Object[0], seen.toArray(), "nothing handed out before the block was checked");
        }
    }
}
