package io.gatelist.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of a buffer as one {@code long}, and the bit tests the quote-free readers ({@link FileScan},
 * {@link PlainCsvLines}) use to look at them together: a byte equal to a given one, and a byte outside
 * printable ASCII. A result marks a byte by its high bit, byte {@code k} of the word at bit {@code 8k + 7}.
 */
final class ByteWords {

    /** The high bit of every byte. */
    static final long HIGHS = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /** Bytes {@code at .. at + 7} of {@code b}, the first in the lowest bits. */
    static long at(byte[] b, int at) {
        return (long) WORDS.get(b, at);
    }

    /** The eight bytes of a word all equal to {@code b}. */
    static long repeated(int b) {
        return (b & 0xFFL) * 0x0101010101010101L;
    }

    /** The high bit of every byte of {@code x} equal to the byte {@code pattern} repeats, exactly. */
    static long equal(long x, long pattern) {
        long d = x ^ pattern;
        return ~(((d & LOW7) + LOW7) | d) & HIGHS; // no carry crosses a byte
    }

    /**
     * Marks the bytes that are not printable ASCII: controls (line ends, tab, NUL), DEL and bytes of 0x80 and up.
     * Only the lowest mark is exact (a borrow can mark a byte above a marked one), which is all a scan that stops
     * at the first such byte needs.
     */
    static long notPrintable(long x) {
        return x & HIGHS | (x - repeated(0x20)) & ~x & HIGHS | equal(x, repeated(0x7F));
    }
}
