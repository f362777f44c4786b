package io.gatelist.storage;

/**
 * The key of a policy_entry row (schema V11): {@code import_id * 2^32 + record_no}. One import's rows form one key
 * range in file order, so a range condition on the primary key replaces an index on (import_id, record_no).
 */
public final class EntryKeys {

    /** The SQL condition for one import's rows, binding its first and last key. */
    public static final String OF_IMPORT = "entry_key BETWEEN ? AND ?";

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
