package io.gatelist.lookup.format;

/**
 * Constants of the snapshot file format, version {@value #VERSION}. {@code docs/snapshot-format.md} is the
 * specification; this class is its single source of numbers for the reader and the compiler.
 *
 * <p>All multi-byte values are little-endian. Sections start at 8-byte aligned offsets. A reader skips (after
 * checking its bounds) any section whose id it does not know, so a later compiler may add sections without a
 * new format version; a change that an older reader must not ignore raises {@link #VERSION}.
 *
 * <p>Not part of the lookup's API: the module exports this package to the Gatelist application only, whose
 * compiler writes what the reader reads.
 */
public final class SnapshotFormat {

    /** "GATELIST" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x5453494C45544147L;
    /** The format version this reader understands. */
    public static final int VERSION = 3;

    /** Size of the fixed header; the section table follows it. */
    public static final int HEADER_SIZE = 64;
    /** Size of one section descriptor: u32 id, u32 count, u64 offset, u64 length. */
    public static final int SECTION_DESCRIPTOR_SIZE = 24;

    /** Header offset of the magic number (u64). */
    public static final int OFF_MAGIC = 0;
    /** Header offset of the format version (u16). */
    public static final int OFF_VERSION = 8;
    /** Header offset of the flags (u16). */
    public static final int OFF_FLAGS = 10;
    /** Header offset of the number of section descriptors (u32). */
    public static final int OFF_SECTION_COUNT = 12;
    /** Header offset of the exact file size in bytes (u64). */
    public static final int OFF_FILE_SIZE = 16;
    /** Header offset of the creation time, milliseconds since the epoch (u64). */
    public static final int OFF_CREATED_MILLIS = 24;
    /** Header offset of the list revision the snapshot was compiled from (u64). */
    public static final int OFF_REVISION = 32;
    /** Header offset of the CRC32C of the whole file with these 4 bytes skipped (u32). */
    public static final int OFF_CHECKSUM = 40;
    /** Header offset of the number of entries in the entries section (u32). */
    public static final int OFF_ENTRY_COUNT = 44;
    /** Header offset of the reserved bytes up to {@link #HEADER_SIZE}; they must be zero. */
    public static final int OFF_RESERVED = 48;

    /** Header flag: the compiler published despite error-level overlaps ({@code --accept-overlaps}). */
    public static final int FLAG_OVERLAPS_FORCED = 1;

    /** Section: UTF-8 strings, each a u16 byte length followed by the bytes. */
    public static final int SECTION_STRINGS = 1;
    /** Section: u32 offsets into the strings section, one per source file name. */
    public static final int SECTION_SOURCES = 2;
    /** Section: one {@link #ENTRY_SIZE}-byte record per list entry, for explanations; see {@link #SECTION_ENTRY_RUNS}. */
    public static final int SECTION_ENTRIES = 3;
    /** Section: pairs of range values {standard, dynamic} for ranges where the two modes differ. */
    public static final int SECTION_COVERS = 4;
    /** Section: {@link io.gatelist.lookup.CountryCodes#SIZE} records of {u32 approved entry, u32 blocked entry}. */
    public static final int SECTION_COUNTRIES = 5;
    /** Section: u32 counters named by {@link #STAT_NAMES}. */
    public static final int SECTION_STATS = 6;
    /** Section: the IPv4 policy table, {@link #IPV4_BOUNDARY_SIZE}-byte boundaries. */
    public static final int SECTION_POLICY_V4 = 0x10;
    /**
     * Section: the index of the IPv4 policy table, {@code 2^bits + 1} u32 where {@code bits} is
     * {@link #indexBits(long)} of the table's range count; entry {@code b} is the last range starting at or
     * before address {@code b << (32 - bits)}. Required with the table.
     */
    public static final int SECTION_POLICY_V4_INDEX = 0x11;
    /** Section: the IPv6 policy table, {@link #IPV6_BLOCK_SIZE}-byte blocks. */
    public static final int SECTION_POLICY_V6 = 0x20;
    /** Section: the IPv4 IP-to-country table; values are a country index + 1, or 0 for unknown. */
    public static final int SECTION_GEO_V4 = 0x30;
    /** Section: the index of the IPv4 IP-to-country table, as {@link #SECTION_POLICY_V4_INDEX}. */
    public static final int SECTION_GEO_V4_INDEX = 0x31;
    /** Section: the groups of the IPv6 policy table: {@link #IPV6_GROUPS} u32. Required with the table. */
    public static final int SECTION_POLICY_V6_GROUPS = 0x21;
    /** Section: the IPv6 IP-to-country table. */
    public static final int SECTION_GEO_V6 = 0x40;
    /** Section: the groups of the IPv6 IP-to-country table, as {@link #SECTION_POLICY_V6_GROUPS}. */
    public static final int SECTION_GEO_V6_GROUPS = 0x41;
    /**
     * Section (optional): the Global Approved List's approved HELO/EHLO strings, hashed, each with one of its
     * nomination's IPs; {@link HeloRecords#RECORD_SIZE}-byte records sorted for binary search. An older reader
     * skips it, and then simply never approves by HELO.
     */
    public static final int SECTION_GLOBAL_HELO = 0x50;

    /** IPv4 table boundary: u32 first address, u32 value. */
    public static final int IPV4_BOUNDARY_SIZE = 8;
    /**
     * IPv6 table block: 20 bytes, stored as two arrays in the section: first every block's {u64 high', u64 low},
     * then every block's u32 value. {@code high'} is the high half of the block's first address with its top 8
     * bits replaced by the block's prefix code (the top 8 bits are given by the table's groups section).
     */
    public static final int IPV6_BLOCK_SIZE = 20;
    /** The prefix code of a block that is not one prefix: it extends to the next block's start (or the end). */
    public static final int RUN_CODE = 255;
    /**
     * Entries in an IPv6 table's groups section: u32 {@code first[g]}, the first block whose address starts with
     * the byte {@code g}, for g = 0..256 ({@code first[256]} is the block count).
     */
    public static final int IPV6_GROUPS = 257;

    /**
     * A range value: the step code in the top 3 bits and an entry id (1-based) below. {@link #KIND_COMBINED}
     * instead points into the covers section, which holds one value per mode for ranges where the two
     * modes see different entries. 0 means no entry.
     */
    public static final int KIND_SHIFT = 29;
    /** Mask of the entry id (or cover index) in a range value. */
    public static final int ENTRY_MASK = (1 << KIND_SHIFT) - 1;
    /** The kind of a range value that points into the covers section. */
    public static final int KIND_COMBINED = 3;

    /**
     * Entry record: u16 = line delta (bits 8-15) | prefix length (bits 0-7, 0 for a country). The delta is the
     * entry's line minus the previous entry's line in its run (for a run's first entry, minus the run's base
     * line). Which source an entry comes from, and the line its deltas count from, are in the entry runs.
     */
    public static final int ENTRY_SIZE = 2;
    /** Where the line delta starts in an entry record. */
    public static final int ENTRY_LINE_SHIFT = 8;
    /** The largest line delta an entry record holds; a longer step starts a new run. */
    public static final int MAX_LINE_DELTA = 255;
    /**
     * The most entries in one run: an entry's line is its run's base line plus the deltas of the run's entries up
     * to it, so this bounds the sum an explanation computes.
     */
    public static final int MAX_RUN_ENTRIES = 256;


    /** Section: entry runs, {@link #ENTRY_RUN_SIZE}-byte records: consecutive entries of one source. */
    public static final int SECTION_ENTRY_RUNS = 7;
    /** Entry run: u32 first entry id, u32 source index, u32 base line. */
    public static final int ENTRY_RUN_SIZE = 12;

    /** Size of one record of the countries section. */
    public static final int COUNTRY_RECORD_SIZE = 8;

    /** The statistics section's u32 counters, in this order. A reader shows the ones it knows. */
    public static final String[] STAT_NAMES = {
        "approved-ip", "blocked-ip", "approved-country", "blocked-country", "global-approved-ip",
        "reputation-standard", "reputation-dynamic", "ipv4-ranges", "ipv6-ranges", "geo-ipv4-ranges",
        "geo-ipv6-ranges"
    };

    private SnapshotFormat() {
    }

    /**
     * The leading address bits an IPv4 table's index covers, for a table of {@code ranges} ranges: one to two
     * ranges per bucket, so that a search reads one or two starts in one cache line, and at most 4 bytes of index
     * per range. At least 1, at most 22 (a 16 MiB index).
     */
    public static int indexBits(long ranges) {
        int bits = 63 - Long.numberOfLeadingZeros(Math.max(1, ranges));
        return Math.max(1, Math.min(22, bits));
    }

    /** Packs an entry record (a u16). */
    public static int entryRecord(int lineDelta, int prefixLength) {
        return (lineDelta << ENTRY_LINE_SHIFT) | prefixLength;
    }
}
