package io.gatelist.lookup;

/**
 * Constants of the snapshot file format, version {@value #VERSION}. {@code docs/snapshot-format.md} is the
 * specification; this class is its single source of numbers for the reader and the compiler.
 *
 * <p>All multi-byte values are little-endian. Sections start at 8-byte aligned offsets.
 */
public final class SnapshotFormat {

    /** "GATELIST" in ASCII, read as a little-endian long. */
    public static final long MAGIC = 0x5453494C45544147L;
    /** The format version this reader understands. */
    public static final int VERSION = 1;

    /** Size of the fixed header; the section table follows it. */
    public static final int HEADER_SIZE = 64;
    /** Size of one section descriptor: u32 id, u32 count, u64 offset, u64 length. */
    public static final int SECTION_DESCRIPTOR_SIZE = 24;

    public static final int OFF_MAGIC = 0;
    public static final int OFF_VERSION = 8; // u16
    public static final int OFF_FLAGS = 10; // u16
    public static final int OFF_SECTION_COUNT = 12; // u32
    public static final int OFF_FILE_SIZE = 16; // u64
    public static final int OFF_CREATED_MILLIS = 24; // u64
    public static final int OFF_REVISION = 32; // u64
    public static final int OFF_CHECKSUM = 40; // u32: CRC32C of the whole file with these 4 bytes skipped
    public static final int OFF_ENTRY_COUNT = 44; // u32

    /** Header flag: the compiler published despite error-level overlaps ({@code --accept-overlaps}). */
    public static final int FLAG_OVERLAPS_FORCED = 1;

    // Section ids. Range tables use TABLE_* | PART_*.
    public static final int SECTION_STRINGS = 1;
    public static final int SECTION_SOURCES = 2;
    public static final int SECTION_ENTRIES = 3;
    public static final int SECTION_COVERS = 4;
    public static final int SECTION_COUNTRIES = 5;
    public static final int SECTION_STATS = 6;

    public static final int TABLE_POLICY_V4 = 0x10;
    public static final int TABLE_POLICY_V6 = 0x20;
    public static final int TABLE_GEO_V4 = 0x30;
    public static final int TABLE_GEO_V6 = 0x40;
    public static final int PART_INDEX = 1;
    public static final int PART_STARTS = 2; // IPv4: u32 starts; IPv6: u64 high halves of the starts
    public static final int PART_STARTS_LOW = 3; // IPv6 only: u64 low halves of the starts
    public static final int PART_RECORDS = 4; // IPv4: {u32 end, u32 value}; IPv6: {u64 endHi, u64 endLo, u32 value, u32 0}

    /** Size of the parameter block at the start of an index part: u8 bits, u8 skip, u16 0, u32 0, u64 prefix. */
    public static final int INDEX_PARAMS_SIZE = 16;
    public static final int IPV4_RECORD_SIZE = 8;
    public static final int IPV6_RECORD_SIZE = 24;

    /**
     * A range value: the step code in the top 3 bits and an entry id (1-based) below. {@link #KIND_COMBINED}
     * instead points into the covers section, which holds one value per mode for ranges where the two
     * modes see different entries.
     */
    public static final int KIND_SHIFT = 29;
    public static final int ENTRY_MASK = (1 << KIND_SHIFT) - 1;
    public static final int KIND_COMBINED = 3;

    // Entry types (4 bits of an entry's meta word).
    public static final int TYPE_APPROVED_IP = 1;
    public static final int TYPE_BLOCKED_IP = 2;
    public static final int TYPE_APPROVED_COUNTRY = 3;
    public static final int TYPE_BLOCKED_COUNTRY = 4;
    public static final int TYPE_GLOBAL_IP = 5;
    public static final int TYPE_REPUTATION_STANDARD = 6;
    public static final int TYPE_REPUTATION_DYNAMIC = 7;

    /** Entry record: u32 line, u32 meta = source index (20 bits) | type (4 bits) | prefix length (8 bits). */
    public static final int ENTRY_SIZE = 8;
    public static final int MAX_SOURCES = 1 << 20;

    /** Countries: {@link CountryCodes#SIZE} records of {u32 approved entry, u32 blocked entry}. */
    public static final int COUNTRY_RECORD_SIZE = 8;

    /** The statistics section's u32 counters, in this order. */
    public static final String[] STAT_NAMES = {
        "approved-ip", "blocked-ip", "approved-country", "blocked-country", "global-approved-ip",
        "reputation-standard", "reputation-dynamic", "ipv4-ranges", "ipv6-ranges", "geo-ipv4-ranges",
        "geo-ipv6-ranges"
    };

    private SnapshotFormat() {
    }

    /** Packs an entry's meta word. */
    public static int entryMeta(int sourceIndex, int type, int prefixLength) {
        return (sourceIndex << 12) | (type << 8) | prefixLength;
    }

    /** The list name shown for an entry type. */
    public static String listName(int type) {
        return switch (type) {
            case TYPE_APPROVED_IP, TYPE_APPROVED_COUNTRY -> "approved";
            case TYPE_BLOCKED_IP, TYPE_BLOCKED_COUNTRY -> "blocked";
            case TYPE_GLOBAL_IP -> "global-approved";
            case TYPE_REPUTATION_STANDARD -> "reputation-standard";
            case TYPE_REPUTATION_DYNAMIC -> "reputation-dynamic";
            default -> throw new IllegalArgumentException("unknown entry type " + type);
        };
    }
}
