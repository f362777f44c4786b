package io.gatelist.storage;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The binary form of a {@code policy_block} row's {@code data} (schema V13): the accepted entries of one chunk of a
 * policy import, in record order. One database row per chunk instead of one per entry is what makes storing an
 * import cheaper than H2's own CSVREAD of the file (docs/performance.md has the measurements).
 *
 * <p>Layout, version 1 (varints are unsigned LEB128, "zigzag" ones signed):
 * <pre>
 *   version      1 byte, {@value #VERSION}
 *   count        varint, 1..{@value #MAX_ENTRIES}
 *   count times:
 *     flags      1 byte: bit 0 blocked (else approved), bit 1 country (else ip), bit 2 IPv6, bit 3 has a comment
 *     record     varint: record number minus the previous entry's plus one (the first: the record number itself),
 *                so record numbers strictly increase and gaps (rejected or duplicate rows) cost nothing
 *     line       zigzag varint: line number minus the previous entry's (the first: minus 0)
 *     ip:        prefix length (1 byte); IPv4: the 32-bit address (4 bytes); IPv6: high, low (8 bytes each)
 *     country:   varint byte length, UTF-8 code
 *     comment    when flagged: varint byte length, UTF-8 (at most {@value #MAX_COMMENT} chars)
 *   crc          4 bytes, CRC-32C of everything before it
 * </pre>
 * Multi-byte integers are big-endian. An ip entry's entry_value text is not stored: it always was its prefix's
 * canonical text ({@link PolicyEntry#value()}), so {@link Entry#value()} gives it back, and not formatting it for
 * every row saved the chunk writer about a sixth of its CPU time (JFR, 1M rows). The checksum and the exact-length
 * check make a damaged or truncated block fail loudly ({@link MalformedBlockException}) instead of decoding into
 * wrong or missing entries: the block is the only copy of its entries.
 */
public final class PolicyBlock {

    /** The format version written; a reader refuses any other. */
    public static final byte VERSION = 1;
    /** Entries a block holds at most: a larger chunk is stored as several blocks, keeping a row under ~1 MB. */
    public static final int MAX_ENTRIES = 10_000;
    /** The longest comment stored, in chars (the policy_entry column's width before V13). */
    public static final int MAX_COMMENT = 1000;

    private static final int BLOCKED = 1;
    private static final int COUNTRY = 2;
    private static final int IPV6 = 4;
    private static final int HAS_COMMENT = 8;
    private static final int KNOWN_FLAGS = BLOCKED | COUNTRY | IPV6 | HAS_COMMENT;

    /**
     * One stored entry, as readers need it.
     *
     * @param recordNo the record number in the import (the key of its findings and of restarts)
     * @param lineNo   the physical line in the file
     * @param prefix   the address block of an ip entry; {@code null} for a country
     * @param country  the code of a country entry; {@code null} for an ip entry
     * @param comment  the row's comment or {@code null}
     */
    public record Entry(int recordNo, int lineNo, ListName list, EntryKind kind, IpPrefix prefix, String country,
            String comment) {
        public Entry {
            if (recordNo < 0 || list == null || kind == null) {
                throw new IllegalArgumentException("incomplete entry: record " + recordNo + " " + list + " " + kind);
            }
            if (kind == EntryKind.IP ? prefix == null || country != null : prefix != null || country == null) {
                throw new IllegalArgumentException("record " + recordNo + ": an ip entry has a prefix and no country, "
                        + "a country entry a code and no prefix");
            }
            if (comment != null && comment.length() > MAX_COMMENT) {
                throw new IllegalArgumentException("record " + recordNo + ": comment longer than " + MAX_COMMENT);
            }
        }

        /** The entry_value text: the canonical CIDR of an ip entry, the code of a country entry. */
        public String value() {
            return kind == EntryKind.IP ? prefix.canonical() : country;
        }

        /** The entry as the lists see it, attributed to {@code source}. */
        public PolicyEntry toPolicyEntry(String source) {
            return new PolicyEntry(list, kind, prefix, country, source, lineNo, comment);
        }
    }

    /** Counts of a block's entries per list and kind, stored beside it so that counting never decodes. */
    public record Counts(int approvedIp, int approvedCountry, int blockedIp, int blockedCountry) {
        public int total() {
            return approvedIp + approvedCountry + blockedIp + blockedCountry;
        }

        static Counts of(List<Entry> entries) {
            int[] n = new int[4];
            for (Entry e : entries) {
                n[(e.list() == ListName.BLOCKED ? 2 : 0) + (e.kind() == EntryKind.COUNTRY ? 1 : 0)]++;
            }
            return new Counts(n[0], n[1], n[2], n[3]);
        }
    }

    private PolicyBlock() {
    }

    /** Encodes 1..{@value #MAX_ENTRIES} entries in strictly increasing record order. */
    public static byte[] encode(List<Entry> entries) {
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a block holds 1.." + MAX_ENTRIES + " entries: " + entries.size());
        }
        BlockBytes.Out out = new BlockBytes.Out(entries.size() * 40 + 16, VERSION);
        out.varint(entries.size());
        int previousRecord = -1;
        int previousLine = 0;
        for (Entry e : entries) {
            if (e.recordNo() <= previousRecord) {
                throw new IllegalArgumentException("record " + e.recordNo() + " after " + previousRecord);
            }
            IpPrefix p = e.prefix();
            int flags = (e.list() == ListName.BLOCKED ? BLOCKED : 0) | (e.kind() == EntryKind.COUNTRY ? COUNTRY : 0)
                    | (p != null && p.family() == 6 ? IPV6 : 0) | (e.comment() != null ? HAS_COMMENT : 0);
            out.b(flags);
            out.varint(e.recordNo() - previousRecord - 1L);
            out.varint(BlockBytes.zigzag(e.lineNo() - (long) previousLine));
            if (p != null) {
                out.b(p.length());
                if (p.family() == 4) {
                    out.int32((int) p.low());
                } else {
                    out.int64(p.high());
                    out.int64(p.low());
                }
            } else {
                out.text(e.country());
            }
            if (e.comment() != null) {
                out.text(e.comment());
            }
            previousRecord = e.recordNo();
            previousLine = e.lineNo();
        }
        return out.seal();
    }

    /** Decodes a whole block; throws {@link MalformedBlockException} rather than return part of it. */
    public static List<Entry> decode(byte[] data) {
        List<Entry> entries = new ArrayList<>();
        decode(data, entries::add);
        return entries;
    }

    /**
     * Decodes a block, handing each entry to {@code consumer} in record order. The checksum is verified before the
     * first entry is handed out, so a damaged block yields nothing.
     */
    public static void decode(byte[] data, Consumer<Entry> consumer) {
        BlockBytes.In in = BlockBytes.open(data, VERSION, "policy block");
        long count = in.varint();
        if (count < 1 || count > MAX_ENTRIES) {
            throw in.malformed("entry count " + count);
        }
        long record = -1;
        long line = 0;
        for (int i = 0; i < count; i++) {
            int flags = in.u8();
            if ((flags & ~KNOWN_FLAGS) != 0 || ((flags & COUNTRY) != 0 && (flags & IPV6) != 0)) {
                throw in.malformed("unknown flags " + Integer.toHexString(flags));
            }
            record = record + 1 + in.varint();
            line = line + BlockBytes.unzigzag(in.varint());
            if (record > Integer.MAX_VALUE || line < Integer.MIN_VALUE || line > Integer.MAX_VALUE) {
                throw in.malformed("record " + record + " line " + line + " out of range");
            }
            IpPrefix prefix = null;
            String country = null;
            if ((flags & COUNTRY) != 0) {
                country = in.text();
            } else {
                int length = in.u8();
                try {
                    prefix = (flags & IPV6) == 0 ? new IpPrefix(4, 0, Integer.toUnsignedLong(in.int32()), length)
                            : new IpPrefix(6, in.int64(), in.int64(), length);
                } catch (IllegalArgumentException e) {
                    throw in.malformed(e.getMessage());
                }
            }
            String comment = (flags & HAS_COMMENT) != 0 ? in.text() : null;
            Entry entry;
            try {
                entry = new Entry((int) record, (int) line, (flags & BLOCKED) != 0 ? ListName.BLOCKED
                        : ListName.APPROVED, (flags & COUNTRY) != 0 ? EntryKind.COUNTRY : EntryKind.IP, prefix,
                        country, comment);
            } catch (IllegalArgumentException e) {
                throw in.malformed(e.getMessage());
            }
            consumer.accept(entry);
        }
        in.expectEnd("the last entry");
    }
}
