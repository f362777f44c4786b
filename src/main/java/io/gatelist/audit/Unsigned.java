package io.gatelist.audit;

/**
 * Address halves as the database compares them: an unsigned 64-bit half with its sign bit flipped sorts as a signed
 * BIGINT in the same order, so that range conditions can be written in SQL.
 */
final class Unsigned {

    private Unsigned() {
    }

    static long key(long unsignedHalf) {
        return unsignedHalf ^ Long.MIN_VALUE;
    }
}
