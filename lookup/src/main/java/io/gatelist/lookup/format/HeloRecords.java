package io.gatelist.lookup.format;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The records of the Global Approved List's HELO section ({@link SnapshotFormat#SECTION_GLOBAL_HELO}): how a
 * HELO/EHLO string is hashed and the order records are stored in, which the compiler writes and the reader
 * searches.
 *
 * <p>Not part of the lookup's API: exported to the Gatelist application only, like {@link SnapshotFormat}.
 */
public final class HeloRecords {

    /**
     * Record: u64 hash, u64 address high half, u64 address low half (IPv4 in its low 32 bits), u32 family, u32
     * nomination id.
     */
    public static final int RECORD_SIZE = 32;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private HeloRecords() {
    }

    /**
     * The hash of a HELO/EHLO string as stored: 64-bit FNV-1a over the UTF-8 bytes of the string in lower case,
     * without a trailing dot. Receivers compare HELO names case-insensitively and address literals as text.
     */
    public static long hash(String helo) {
        String key = helo.strip().toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /**
     * The order records are stored in: hash, family, address high half, low half, all unsigned. The compiler
     * must write them in this order; the reader refuses a section that is not.
     *
     * @param r records, four longs each (hash, high, low, family | nomination &lt;&lt; 32); {@code a} and
     *          {@code b} are record indexes
     */
    public static int compare(long[] r, int a, int b) {
        int c = Long.compareUnsigned(r[4 * a], r[4 * b]);
        if (c == 0) {
            c = Integer.compare((int) r[4 * a + 3], (int) r[4 * b + 3]);
        }
        if (c == 0) {
            c = Long.compareUnsigned(r[4 * a + 1], r[4 * b + 1]);
        }
        if (c == 0) {
            c = Long.compareUnsigned(r[4 * a + 2], r[4 * b + 2]);
        }
        return c;
    }
}
