package io.gatelist.lookup;

/** What a lookup decides for a connecting address. */
public enum Decision {
    /** An approved step matched: the sender bypasses reputation filtering. */
    APPROVED,
    /** A blocked step matched. */
    BLOCKED,
    /** No step matched: the reputation databases decide. */
    NONE
}
