package io.gatelist.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte layer shared by the packed row formats ({@link PolicyBlock}, {@link FindingBlock}): a version byte
 * first, big-endian integers, unsigned LEB128 varints, and a CRC-32C of everything before it in the last four
 * bytes. A block is the only copy of its rows, so a reader checks version, checksum and every length before it
 * hands out a single row, and a damaged block fails loudly with {@link MalformedBlockException}.
 */
final class BlockBytes {

    private BlockBytes() {
    }

    /** {@code s} cut to {@code max} chars, the last one an ellipsis; {@code null} and short text unchanged. */
    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * Checks a block's length, version and checksum, and returns a reader over its payload.
     *
     * @param what the block's name in messages ("policy block")
     */
    static In open(byte[] data, byte version, String what) {
        if (data == null || data.length < 1 + 1 + 4) {
            throw new MalformedBlockException(what + " too short: " + (data == null ? "null" : data.length
                    + " bytes"));
        }
        if (data[0] != version) {
            throw new MalformedBlockException(what + " version " + data[0] + " (this build reads " + version + ")");
        }
        int end = data.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(data, 0, end);
        int stored = ((data[end] & 0xFF) << 24) | ((data[end + 1] & 0xFF) << 16) | ((data[end + 2] & 0xFF) << 8)
                | (data[end + 3] & 0xFF);
        if ((int) crc.getValue() != stored) {
            throw new MalformedBlockException(what + " checksum mismatch (" + data.length + " bytes)");
        }
        return new In(data, 1, end, what);
    }

    /** A growing byte array: what a ByteArrayOutputStream would be without its locking and copying. */
    static final class Out {
        private byte[] bytes;
        private int size;

        /** A block of {@code version}, with room for about {@code capacity} bytes. */
        Out(int capacity, byte version) {
            bytes = new byte[Math.max(16, capacity)];
            bytes[size++] = version;
        }

        /** The bytes written so far. */
        int size() {
            return size;
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
            }
        }

        void b(int v) {
            room(1);
            bytes[size++] = (byte) v;
        }

        /** Makes room for a 16-bit value written later with {@link #put16}, and returns its position. */
        int reserve16() {
            room(2);
            size += 2;
            return size - 2;
        }

        void put16(int at, int v) {
            bytes[at] = (byte) (v >>> 8);
            bytes[at + 1] = (byte) v;
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void int32(int v) {
            room(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void text(String s) {
            utf8(s.getBytes(StandardCharsets.UTF_8), 0);
        }

        /** Text that may be absent: its byte length plus one, 0 for {@code null}. */
        void optionalText(String s) {
            if (s == null) {
                varint(0);
            } else {
                utf8(s.getBytes(StandardCharsets.UTF_8), 1);
            }
        }

        /** The bytes' length plus {@code bias} as a varint, then the bytes. */
        private void utf8(byte[] utf8, int bias) {
            varint(utf8.length + (long) bias);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        /** Appends the checksum and returns the finished block. */
        byte[] seal() {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, size);
            int32((int) crc.getValue());
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A bounds-checked reader over a block's bytes before its checksum. */
    static final class In {
        private final byte[] data;
        private int pos;
        private final int end;
        private final String what;

        In(byte[] data, int pos, int end, String what) {
            this.data = data;
            this.pos = pos;
            this.end = end;
            this.what = what;
        }

        MalformedBlockException malformed(String problem) {
            return new MalformedBlockException("malformed " + what + " at byte " + pos + ": " + problem);
        }

        /** Fails unless every payload byte was read. */
        void expectEnd(String after) {
            if (pos != end) {
                throw malformed((end - pos) + " bytes after " + after);
            }
        }

        private void need(long n) {
            if (n < 0 || end - pos < n) {
                throw malformed("truncated (" + n + " more bytes needed)");
            }
        }

        int u8() {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw malformed("varint longer than 10 bytes");
        }

        /** A varint that must lie in {@code 0..max}. */
        int varint(int max, String name) {
            long v = varint();
            if (v < 0 || v > max) {
                throw malformed(name + " " + v + " out of range 0.." + max);
            }
            return (int) v;
        }

        int int32() {
            need(4);
            int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                    | (data[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long int64() {
            return ((long) int32() << 32) | (int32() & 0xFFFFFFFFL);
        }

        String text() {
            long n = varint();
            return utf8(n);
        }

        /** Text written by {@link Out#optionalText}. */
        String optionalText() {
            long n = varint();
            return n == 0 ? null : utf8(n - 1);
        }

        private String utf8(long n) {
            if (n < 0 || n > end - pos) {
                throw malformed("text of " + n + " bytes past the end");
            }
            String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }
    }
}
