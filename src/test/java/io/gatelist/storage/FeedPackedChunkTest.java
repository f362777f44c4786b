package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.feed.FeedRange;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed ranges of a live feed version: what the overlap analyses need comes back, and damage is refused. */
class FeedPackedChunkTest {

    private static List<FeedRange> decode(byte[] bytes, int lines) throws SQLException {
        List<FeedRange> out = new ArrayList<>();
        FeedPackedChunk.decode(bytes, lines, out::add);
        return out;
    }

    private static void add(FeedPackedChunk.Encoder chunk, FeedRange r) {
        chunk.add(r.family(), r.excluded(), r.line(), r.startHigh(), r.startLow(), r.endHigh(), r.endLow());
    }

    @Test
    void rangeFlagAndLineComeBackIncludingEdgeValuesWithoutTextOrReason() throws SQLException {
        List<FeedRange> lines = List.of(
                new FeedRange(4, 0, 0xC0000200L, 0, 0xC00002FFL, false, null, null, 1),
                new FeedRange(4, 0, 0xFFFFFFFFL, 0, 0xFFFFFFFFL, true, null, null, Integer.MAX_VALUE),
                new FeedRange(6, 0x8000_0000_0000_0000L, 0, -1L, -1L, false, null, null, 0),
                new FeedRange(6, 0, 0, 0, 0, true, null, null, 7));
        FeedPackedChunk.Encoder chunk = new FeedPackedChunk.Encoder();
        lines.forEach(r -> add(chunk, r));
        assertEquals(4, chunk.lines());
        byte[] bytes = chunk.take();
        assertEquals(4 * FeedPackedChunk.LINE_BYTES, bytes.length);
        assertEquals(0, chunk.lines(), "taking a chunk starts the next");
        assertEquals(lines, decode(bytes, 4));
    }

    @Test
    void aChunkIsFullAtItsLimitAndTheNextStartsEmpty() throws SQLException {
        FeedPackedChunk.Encoder chunk = new FeedPackedChunk.Encoder();
        for (int i = 1; i < FeedPackedChunk.MAX_LINES; i++) {
            assertFalse(chunk.add(4, false, i, 0, i, 0, i));
        }
        assertTrue(chunk.add(4, false, FeedPackedChunk.MAX_LINES, 0, 0, 0, 0), "full");
        byte[] full = chunk.take();
        assertEquals(FeedPackedChunk.MAX_LINES, decode(full, FeedPackedChunk.MAX_LINES).size());
        assertFalse(chunk.add(6, true, 1, 1, 2, 3, 4));
        assertEquals(List.of(new FeedRange(6, 1, 2, 3, 4, true, null, null, 1)), decode(chunk.take(), 1));
    }

    @Test
    void bytesThatAreNotTheirLineCountAreRefusedBeforeAnyLineIsHandedOut() {
        FeedPackedChunk.Encoder chunk = new FeedPackedChunk.Encoder();
        chunk.add(4, false, 1, 0, 1, 0, 1);
        chunk.add(4, false, 2, 0, 2, 0, 2);
        byte[] bytes = chunk.take();
        List<FeedRange> handedOut = new ArrayList<>();
        SQLException cut = assertThrows(SQLException.class, () -> FeedPackedChunk.decode(Arrays.copyOf(bytes,
                bytes.length - 1), 2, handedOut::add));
        assertEquals("a feed_packed chunk of 2 lines has " + (bytes.length - 1) + " bytes", cut.getMessage());
        assertThrows(SQLException.class, () -> FeedPackedChunk.decode(bytes, 3, handedOut::add));
        assertEquals(List.of(), handedOut);
    }
}
