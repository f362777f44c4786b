package io.gatelist.lookup;

/**
 * Strict parsers for IP address literals that never touch DNS and do not allocate.
 *
 * <p>Unlike {@link java.net.InetAddress#getByName(String)}, which resolves names and accepts forms such as
 * {@code 127.1}, these accept only what a connecting mail server's address looks like: an IPv4 dotted quad
 * of decimal octets without leading zeros, or an IPv6 address in any RFC 4291 text form (full,
 * zero-stripped, {@code ::}-compressed, with an embedded dotted quad). Zone ids and brackets are refused.
 */
public final class IpLiterals {

    /** Returned by {@link #parseIpv4(CharSequence)} for text that is not an IPv4 literal. */
    public static final long INVALID = -1L;

    /** The longest RFC 5952 text of an address: eight groups of four digits and seven colons. */
    private static final int MAX_IPV6_CHARS = 39;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpLiterals() {
    }

    /**
     * Parses an IPv4 dotted quad.
     *
     * @return the address as an unsigned value in the low 32 bits, or {@link #INVALID}
     */
    public static long parseIpv4(CharSequence text) {
        return parseIpv4(text, 0, text.length());
    }

    /** Parses an IPv4 dotted quad in {@code text[from, to)}; see {@link #parseIpv4(CharSequence)}. */
    public static long parseIpv4(CharSequence text, int from, int to) {
        long value = 0;
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= to || text.charAt(i) != '.') {
                    return INVALID;
                }
                i++;
            }
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                octet = octet * 10 + (c - '0');
                i++;
            }
            int digits = i - start;
            // A leading zero is octal to some parsers and decimal to others: refuse it.
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return INVALID;
            }
            value = (value << 8) | octet;
        }
        return i == to ? value : INVALID;
    }

    /**
     * Parses an IPv6 literal into two longs: {@code out[0]} the high 64 bits, {@code out[1]} the low 64 bits.
     *
     * @return {@code true} when the text is a valid IPv6 literal
     */
    public static boolean parseIpv6(CharSequence text, long[] out) {
        return parseIpv6(text, 0, text.length(), out);
    }

    /** Parses an IPv6 literal in {@code text[from, to)}; see {@link #parseIpv6(CharSequence, long[])}. */
    public static boolean parseIpv6(CharSequence text, int from, int to, long[] out) {
        if (to - from < 2) {
            return false;
        }
        long head = 0; // groups before "::", shifted in from the right
        long headLow = 0;
        int headCount = 0;
        long tail = 0; // groups after "::"
        long tailLow = 0;
        int tailCount = 0;
        boolean compressed = false;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
            if (i == to) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        }
        while (true) {
            int start = i;
            int group = 0;
            while (i < to && i - start < 5) {
                int h = hexValue(text.charAt(i));
                if (h < 0) {
                    break;
                }
                group = (group << 4) | h;
                i++;
            }
            int groups = headCount + tailCount;
            if (i < to && text.charAt(i) == '.') {
                // An embedded dotted quad takes the last two groups.
                long v4 = parseIpv4(text, start, to);
                if (v4 < 0 || groups > 6) {
                    return false;
                }
                if (compressed) {
                    tail = (tail << 32) | (tailLow >>> 32);
                    tailLow = (tailLow << 32) | v4;
                    tailCount += 2;
                } else {
                    head = (head << 32) | (headLow >>> 32);
                    headLow = (headLow << 32) | v4;
                    headCount += 2;
                }
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || groups == 8) {
                return false;
            }
            if (compressed) {
                tail = (tail << 16) | (tailLow >>> 48);
                tailLow = (tailLow << 16) | group;
                tailCount++;
            } else {
                head = (head << 16) | (headLow >>> 48);
                headLow = (headLow << 16) | group;
                headCount++;
            }
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (compressed) {
                    return false; // "::" may appear once
                }
                compressed = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false; // a single trailing colon
            }
        }
        int total = headCount + tailCount;
        if (compressed ? total > 7 : total != 8) {
            return false;
        }
        // Place the head groups at the top: shift left by the number of groups that follow them.
        int shiftBits = (8 - headCount) * 16;
        long hi;
        long lo;
        if (shiftBits >= 128) {
            hi = 0;
            lo = 0;
        } else if (shiftBits >= 64) {
            hi = headLow << (shiftBits - 64);
            lo = 0;
        } else if (shiftBits == 0) {
            hi = head;
            lo = headLow;
        } else {
            hi = (head << shiftBits) | (headLow >>> (64 - shiftBits));
            lo = headLow << shiftBits;
        }
        out[0] = hi | tail;
        out[1] = lo | tailLow;
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** True when the IPv6 address is IPv4-mapped ({@code ::ffff:a.b.c.d}), which evaluates as IPv4. */
    public static boolean isIpv4Mapped(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    /** Formats an unsigned 32-bit IPv4 address as a dotted quad. */
    public static String formatIpv4(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** Formats an IPv6 address in RFC 5952 canonical text (lower case, longest zero run compressed). */
    public static String formatIpv6(long hi, long lo) {
        char[] text = new char[MAX_IPV6_CHARS];
        return new String(text, 0, canonicalIpv6(hi, lo, text));
    }

    /**
     * True when {@code text[from..to)} is exactly the RFC 5952 canonical text of the address, decided without
     * making a String of it: the import asks this of every IPv6 value it reads.
     */
    public static boolean isCanonicalIpv6(CharSequence text, int from, int to, long hi, long lo) {
        char[] canonical = new char[MAX_IPV6_CHARS];
        int n = canonicalIpv6(hi, lo, canonical);
        if (to - from != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(from + i) != canonical[i]) {
                return false;
            }
        }
        return true;
    }


    /** Writes the canonical text of the address into {@code out} and returns its length. */
    private static int canonicalIpv6(long hi, long lo, char[] out) {
        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (group(hi, lo, k) != 0) {
                k++;
                continue;
            }
            int run = k;
            while (run < 8 && group(hi, lo, run) == 0) {
                run++;
            }
            if (run - k > bestLen) {
                bestStart = k;
                bestLen = run - k;
            }
            k = run;
        }
        int n = 0;
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                out[n++] = ':';
                out[n++] = ':';
                k += bestLen - 1;
                continue;
            }
            if (n > 0 && out[n - 1] != ':') {
                out[n++] = ':';
            }
            int g = group(hi, lo, k);
            for (int shift = g == 0 ? 0 : (31 - Integer.numberOfLeadingZeros(g)) & ~3; shift >= 0; shift -= 4) {
                out[n++] = HEX[(g >>> shift) & 0xF]; // lower case, no leading zeros
            }
        }
        return n;
    }

    /** Group {@code k} (0-7) of the address's eight 16-bit groups. */
    private static int group(long hi, long lo, int k) {
        return (int) ((k < 4 ? hi : lo) >>> (48 - 16 * (k & 3))) & 0xFFFF;
    }
}
