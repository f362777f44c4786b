package io.gatelist.storage;

/**
 * The key of a policy_block row (schema V13; policy_entry's in V11): {@code import_id * 2^32 + record_no}, of the
 * block's first record. One import's blocks form one key range in file order, so a range condition on the primary
 * key replaces an index on (import_id, record_no).
 */
public final class EntryKeys {

    private EntryKeys() {
    }

    /** The key of one record of an import. */
    public static long of(long importId, int recordNo) {
        if (recordNo < 0) {
            throw new IllegalArgumentException("record number " + recordNo);
        }
        return (importId << 32) | recordNo;
    }

    /** The lowest key an import's rows can have. */
    public static long first(long importId) {
        return importId << 32;
    }

    /** The highest key an import's rows can have. */
    public static long last(long importId) {
        return (importId << 32) | 0xFFFF_FFFFL;
    }
}
