package io.gatelist.answer;

import io.gatelist.lookup.Step;

/**
 * The A record values of the DNSBL zones: one documented 127/8 code per deciding step, so that an MTA can
 * weigh steps separately (postscreen {@code zone=127.0.0.[2..4]*w}). Blocking steps use 127.0.0.x like the
 * common blocklists; approving steps use 127.0.10.x like DNSWL-style allowlists. 127.0.0.1 is never an answer
 * and 127.255.255.x (error codes in some lists) is never used. The values are a published interface: never
 * renumber one, add new steps at new values.
 */
public final class ReturnCodes {

    /** blocked-ip, and the RFC 5782 test entry in the r and q zones. */
    public static final int BLOCKED_IP = ipv4(127, 0, 0, 2);
    /** blocked-country. */
    public static final int BLOCKED_COUNTRY = ipv4(127, 0, 0, 3);
    /** reputation-standard (a standard reputation feed lists the address; r zone). */
    public static final int REPUTATION_STANDARD = ipv4(127, 0, 0, 4);
    /** reputation-dynamic (a dynamic reputation feed lists the address; q zone). */
    public static final int REPUTATION_DYNAMIC = ipv4(127, 0, 0, 5);
    /** approved-ip, and the RFC 5782 test entry in the a zone. */
    public static final int APPROVED_IP = ipv4(127, 0, 10, 2);
    /** approved-country. */
    public static final int APPROVED_COUNTRY = ipv4(127, 0, 10, 3);
    /** global-approved (the Global Approved List). */
    public static final int GLOBAL_APPROVED = ipv4(127, 0, 10, 4);

    private ReturnCodes() {
    }

    /** The A value for a deciding step; {@link Step#NONE} has none. */
    public static int of(Step step) {
        return switch (step) {
            case BLOCKED_IP -> BLOCKED_IP;
            case BLOCKED_COUNTRY -> BLOCKED_COUNTRY;
            case REPUTATION_STANDARD -> REPUTATION_STANDARD;
            case REPUTATION_DYNAMIC -> REPUTATION_DYNAMIC;
            case APPROVED_IP -> APPROVED_IP;
            case APPROVED_COUNTRY -> APPROVED_COUNTRY;
            case GLOBAL_APPROVED -> GLOBAL_APPROVED;
            case NONE -> throw new IllegalArgumentException("no return code for step none");
        };
    }

    /** The A value that the RFC 5782 test entry answers in a zone. */
    public static int testEntry(SubZone zone) {
        return zone == SubZone.ALLOW ? APPROVED_IP : BLOCKED_IP;
    }

    /** Dotted-quad text of a code. */
    public static String text(int code) {
        return (code >>> 24) + "." + ((code >>> 16) & 0xFF) + "." + ((code >>> 8) & 0xFF) + "." + (code & 0xFF);
    }

    private static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }
}
