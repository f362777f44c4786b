package io.gatelist.lookup;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Global Approved List's approved HELO/EHLO strings, each tied to the IPs of the nomination it came from
 * (snapshot section {@link SnapshotFormat#SECTION_GLOBAL_HELO}). A HELO name is trivially forged, so a match
 * approves only a connection from one of its nomination's IPs.
 *
 * <p>Strings are stored hashed ({@link #hash}): one {@value #RECORD_SIZE}-byte record per (string, address)
 * pair, sorted by hash, then family, then address, so a lookup is a binary search. Two strings with the same
 * 64-bit hash would share their addresses; that can only approve an address that is itself an approved
 * nomination IP, so a collision never approves a stranger.
 */
public final class GlobalHelos {

    /** Record: u64 hash, u64 address high half, u64 address low half (IPv4 in its low 32 bits), u32 family, u32 nomination id. */
    public static final int RECORD_SIZE = 32;

    static final GlobalHelos EMPTY = new GlobalHelos(new long[0]);

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Four longs per record: hash, high, low, family | nomination << 32. */
    private final long[] records;

    private GlobalHelos(long[] records) {
        this.records = records;
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

    /** The number of (string, address) records. */
    public int size() {
        return records.length / 4;
    }

    /**
     * The nomination id of the approved string {@code helo} whose IPs include the address, {@code -n} when the
     * string is approved (for nomination {@code n}) but the address is none of its IPs, or 0 when it is not
     * approved at all.
     */
    long match(String helo, int family, long high, long low) {
        long h = hash(helo);
        int i = first(h);
        long other = 0;
        for (; i < size() && records[4 * i] == h; i++) {
            long meta = records[4 * i + 3];
            if ((int) meta == family && records[4 * i + 1] == high && records[4 * i + 2] == low) {
                return meta >>> 32;
            }
            other = other == 0 ? meta >>> 32 : other;
        }
        return -other;
    }

    private int first(long h) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(records[4 * mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Checks and wraps the section's records (read as little-endian longs): families 4 or 6, IPv4 addresses in
     * 32 bits, nomination ids above 0, records in order.
     */
    static GlobalHelos decode(long[] longs) throws InvalidSnapshotException {
        for (int i = 0; i < longs.length / 4; i++) {
            long meta = longs[4 * i + 3];
            int family = (int) meta;
            if (family != 4 && family != 6 || (meta >>> 32) == 0) {
                throw new InvalidSnapshotException("invalid snapshot: HELO record " + i + " has family " + family
                        + " and nomination " + (meta >>> 32));
            }
            if (family == 4 && (longs[4 * i + 1] != 0 || (longs[4 * i + 2] >>> 32) != 0)) {
                throw new InvalidSnapshotException("invalid snapshot: HELO record " + i + " holds an IPv4 address "
                        + "wider than 32 bits");
            }
            if (i > 0 && compare(longs, i - 1, i) >= 0) {
                throw new InvalidSnapshotException("invalid snapshot: HELO records " + (i - 1) + " and " + i
                        + " are out of order or repeated");
            }
        }
        return new GlobalHelos(longs);
    }

    /**
     * The order records are stored in: hash, family, address high half, low half, all unsigned. For the compiler,
     * which must write them in this order.
     *
     * @param r records, four longs each; {@code a} and {@code b} are record indexes
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
