package io.gatelist.overlap;

import java.nio.charset.StandardCharsets;

/**
 * A country code packed into a long (big-endian ASCII, zero-padded), so that countries sort by code and
 * compare like address ranges in the analyzer's primitive arrays. Codes are ISO 3166-1 alpha-2 after validation;
 * anything from one to eight ASCII characters packs.
 */
final class CountryKey {

    private CountryKey() {
    }

    static long pack(String code) {
        if (code == null || code.isEmpty() || code.length() > 8) {
            throw new IllegalArgumentException("not a country code: " + code);
        }
        long key = 0;
        for (int i = 0; i < 8; i++) {
            int c = i < code.length() ? code.charAt(i) : 0;
            if (c > 0x7F || (i < code.length() && c == 0)) {
                throw new IllegalArgumentException("not a country code: " + code);
            }
            key = (key << 8) | c;
        }
        return key;
    }

    static String unpack(long key) {
        byte[] bytes = new byte[8];
        int n = 0;
        for (int shift = 56; shift >= 0; shift -= 8) {
            byte b = (byte) (key >>> shift);
            if (b != 0) {
                bytes[n++] = b;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }
}
