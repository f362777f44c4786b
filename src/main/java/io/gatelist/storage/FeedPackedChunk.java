package io.gatelist.storage;

import io.gatelist.feed.FeedRange;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The binary form of a {@code feed_packed} row's {@code ranges} (schema V12): up to {@value #MAX_LINES} lines of a
 * live feed version, in record order, which the overlap analyses read instead of a {@code feed_entry} row a line.
 * What a line needs there is its range, whether it is an exclusion, and its line number; its text and reason stay
 * in the rows, which the snapshot compile reads.
 *
 * <p>Layout: the row's {@code line_count} lines of {@value #LINE_BYTES} bytes each, little-endian, no header:
 * <pre>
 *   family     1 byte, 4 or 6
 *   excluded   1 byte, 1 for an exclusion, else 0
 *   line       4 bytes, the line number in the file
 *   range      start high, start low, end high, end low: 8 bytes each
 * </pre>
 */
final class FeedPackedChunk {

    /** Lines a row holds at most. */
    static final int MAX_LINES = 10_000;
    /** Bytes a line takes: family, excluded, line number, four halves. */
    static final int LINE_BYTES = 1 + 1 + 4 + 4 * 8;

    private FeedPackedChunk() {
    }

    /** Gathers lines, in record order, into chunks of at most {@value #MAX_LINES}. */
    static final class Encoder {
        private final ByteBuffer chunk = ByteBuffer.allocate(MAX_LINES * LINE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private int lines;

        /** Adds a line; returns whether the chunk is now full and must be {@linkplain #take taken}. */
        boolean add(int family, boolean excluded, int line, long startHigh, long startLow, long endHigh,
                long endLow) {
            chunk.put((byte) family).put((byte) (excluded ? 1 : 0)).putInt(line).putLong(startHigh).putLong(startLow)
                    .putLong(endHigh).putLong(endLow);
            return ++lines == MAX_LINES;
        }

        /** The lines added since the last {@link #take}. */
        int lines() {
            return lines;
        }

        /** The bytes of the lines added since the last take; the next line starts a new chunk. */
        byte[] take() {
            byte[] bytes = Arrays.copyOf(chunk.array(), chunk.position());
            chunk.clear();
            lines = 0;
            return bytes;
        }
    }

    /**
     * Hands each of a chunk's {@code lines} lines to {@code sink}, in order, as a range without value text or reason.
     *
     * @throws SQLException when the bytes are not {@code lines} lines long (the row is damaged); nothing is handed out
     */
    static void decode(byte[] ranges, int lines, Consumer<FeedRange> sink) throws SQLException {
        ByteBuffer b = ByteBuffer.wrap(ranges).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != lines * LINE_BYTES) {
            throw new SQLException("a feed_packed chunk of " + lines + " lines has " + b.remaining() + " bytes");
        }
        for (int i = 0; i < lines; i++) {
            int family = b.get();
            boolean excluded = b.get() != 0;
            int line = b.getInt();
            sink.accept(new FeedRange(family, b.getLong(), b.getLong(), b.getLong(), b.getLong(), excluded, null, null,
                    line));
        }
    }
}
