package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.*;

import io.gatelist.lookup.SectionTable.Section;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The one pass over a snapshot image that computes its checksum and copies and checks its big sections (the
 * entries and the four address tables), on one thread or two. It refuses nothing: each table's checks are folded
 * into a flag of its {@link Result}, and the parser says where and why a table that failed them is wrong once
 * the checksum has shown that the file is what the compiler wrote.
 */
final class DecodingPass {

    /**
     * What the pass found.
     *
     * @param checksum        the CRC32C of the image, the checksum field skipped
     * @param entries         the entries as copied (null: the section is missing or misshapen)
     * @param entryPrefixesOk true when no entry's prefix length is above 128
     * @param policy4         the IPv4 policy table and its joined ranges, or null when it was not decoded (missing
     *                        or misshapen: left for the structural checks)
     * @param geo4            the IPv4 IP-to-country table, or null likewise
     * @param policy6         the IPv6 policy table, or null likewise
     * @param geo6            the IPv6 IP-to-country table, or null likewise
     */
    record Result(int checksum, char[] entries, boolean entryPrefixesOk, Ipv4TableDecoder.Decoded policy4,
            Ipv4TableDecoder.Decoded geo4, Ipv6TableDecoder.Decoded policy6, Ipv6TableDecoder.Decoded geo6) {
    }

    /**
     * Files from this size on are checksummed and decoded by two threads (the opening one and the pool's or a new
     * one). Below it, starting the thread and sharing the cores with a busy machine cost about what they save.
     */
    private static final int PARALLEL_CHECKSUM_BYTES = 8 << 20;

    /**
     * Snapshots with this many IPv6 blocks are decoded by two threads whatever their size: a block costs about
     * ten times the work of an IPv4 range of less than half its size (building the index and the bitmap as
     * well as copying and checking).
     */
    private static final long PARALLEL_IPV6_BLOCKS = 1 << 16;

    /** Chars of the entries copied per chunk: 64 KiB, well inside a core's L2 cache. */
    private static final int CHUNK_CHARS = 1 << 15;

    private final SectionTable sections;
    private final ByteBuffer file;

    /** Bytes {@code [0, checksummed)} of the file are folded into {@link #crc} (the checksum field skipped). */
    private final CRC32C crc = new CRC32C();
    private int checksummed;

    private Ipv4TableDecoder.Decoded decodedPolicy4;
    private Ipv4TableDecoder.Decoded decodedGeo4;
    private Ipv6TableDecoder.Decoded decodedPolicy6;
    private Ipv6TableDecoder.Decoded decodedGeo6;
    /** The entries as copied during the checksum pass (null: the section is missing or misshapen). */
    private char[] decodedEntries;
    private boolean entryPrefixesOk;

    private DecodingPass(SectionTable sections) {
        this.sections = sections;
        this.file = sections.file;
    }

    /**
     * Computes the checksum of the whole image and, when the section table is sound, copies and checks the big
     * sections.
     */
    static Result run(SectionTable sections) {
        DecodingPass pass = new DecodingPass(sections);
        int checksum = pass.decodeWithChecksum(sections.sound());
        return new Result(checksum, pass.decodedEntries, pass.entryPrefixesOk, pass.decodedPolicy4,
                pass.decodedGeo4, pass.decodedPolicy6, pass.decodedGeo6);
    }

    /**
     * Copies and checks the big sections (when the section table allows: {@code decode}) and computes the
     * checksum of the whole file, which it returns. A small file is read once: each 64 KiB chunk is folded into
     * the checksum and then copied and checked while it is in the cache. A large file's checksum is computed on a
     * second core, which then copies the entries and joins this one on the policy tables, while this one copies
     * the IPv4 IP-to-country table and starts on the policy tables: opening takes about half the work instead of
     * all of it.
     */
    private int decodeWithChecksum(boolean decode) {
        if (file.limit() < PARALLEL_CHECKSUM_BYTES && ipv6Blocks() < PARALLEL_IPV6_BLOCKS
                || Runtime.getRuntime().availableProcessors() < 2) {
            if (decode) {
                decodeEntries(file);
                decodedPolicy4 = decodeFolding(policyDecoder());
                decodedGeo4 = decodeFolding(geoDecoder());
                decodedPolicy6 = decodeFolding(table6Decoder(SECTION_POLICY_V6, policyValues()));
                decodedGeo6 = decodeFolding(table6Decoder(SECTION_GEO_V6, validCountryValues()));
            }
            checksumTo(file.limit());
            return (int) crc.getValue();
        }
        checksummed = Integer.MAX_VALUE; // the copies fold nothing into the checksum: the other thread does it
        ByteBuffer image = file.duplicate();
        // The other thread starts on the checksum at once and is handed the shared decoders once this one has
        // allocated their arrays (zeroing 8.5 MB at a million IPv4 entries, 30 MB at a million IPv6 blocks). It
        // waits for them: at a million IPv6 blocks the checksum is done first, and a thread that did not wait left
        // the whole table to this one.
        CompletableFuture<List<Consumer<ByteBuffer>>> handOver = new CompletableFuture<>();
        CompletableFuture<Integer> background = CompletableFuture.supplyAsync(() -> {
            CRC32C whole = new CRC32C();
            whole.update(image.slice(0, OFF_CHECKSUM));
            whole.update(image.slice(OFF_CHECKSUM + 4, image.limit() - OFF_CHECKSUM - 4));
            if (decode) {
                decodeEntries(image); // the fields it sets are read after join(), which orders them
                for (Consumer<ByteBuffer> shared : handOver.join()) {
                    shared.accept(image); // whatever chunks this thread has not yet claimed
                }
            }
            return (int) whole.getValue();
        });
        List<Consumer<ByteBuffer>> shared = new ArrayList<>();
        Ipv4TableDecoder policy;
        Ipv6TableDecoder policy6;
        Ipv6TableDecoder geo6;
        try {
            policy = decode ? policyDecoder() : null;
            policy6 = decode ? table6Decoder(SECTION_POLICY_V6, policyValues()) : null;
            geo6 = decode ? table6Decoder(SECTION_GEO_V6, validCountryValues()) : null;
            if (policy != null) {
                shared.add(chunks -> policy.run(chunks, null));
            }
            if (policy6 != null) {
                shared.add(chunks -> policy6.run(chunks, null));
            }
            if (geo6 != null) {
                shared.add(chunks -> geo6.run(chunks, null));
            }
        } finally {
            handOver.complete(shared); // even when allocating failed: the other thread must not wait forever
        }
        Ipv4TableDecoder geo = decode ? geoDecoder() : null;
        if (geo != null) { // first: this thread alone decodes it, so the shared chunks come last
            geo.run(file, null);
            decodedGeo4 = geo.finish();
        }
        for (Consumer<ByteBuffer> decoder : shared) {
            decoder.accept(file);
        }
        int checksum;
        try {
            checksum = background.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InternalError fault) {
                throw fault; // a page of the mapping vanished: PolicySnapshot reports the file as changed
            }
            throw e;
        }
        // After join(): every chunk the other thread decoded is visible.
        decodedPolicy4 = policy != null ? policy.finish() : null;
        decodedPolicy6 = policy6 != null ? policy6.finish() : null;
        decodedGeo6 = geo6 != null ? geo6.finish() : null;
        return checksum;
    }

    /** The IPv6 blocks the section table declares (0 when it is damaged: then nothing is decoded). */
    private long ipv6Blocks() {
        long blocks = 0;
        for (int id : new int[] {SECTION_POLICY_V6, SECTION_GEO_V6}) {
            Section section = sections.get(id);
            blocks += section == null ? 0 : section.count();
        }
        return blocks;
    }

    private Ipv4TableDecoder.Decoded decodeFolding(Ipv4TableDecoder decoder) {
        if (decoder == null) {
            return null;
        }
        decoder.run(file, this::checksumTo);
        return decoder.finish();
    }

    /**
     * Folds the file up to {@code end} into the checksum. Bytes already folded are not folded again, so sections
     * may be copied in any order: one that lies before the point reached was simply read twice.
     */
    private void checksumTo(int end) {
        int from = checksummed;
        if (end <= from) {
            return;
        }
        if (from < OFF_CHECKSUM) {
            int to = Math.min(end, OFF_CHECKSUM);
            crc.update(file.slice(from, to - from));
            from = to;
        }
        from = Math.max(from, Math.min(end, OFF_CHECKSUM + 4));
        if (end > from) {
            crc.update(file.slice(from, end - from));
        }
        checksummed = end;
    }

    /**
     * The decoder of the IPv4 policy table, which also joins its ranges; null when the section is missing or
     * misshapen (left for the structural checks that follow the checksum). Decoders refuse nothing: each table's
     * checks are folded into a flag.
     */
    private Ipv4TableDecoder policyDecoder() {
        return decoder(SECTION_POLICY_V4, policyValues(), true);
    }

    /** The values a policy range may hold in this file, as far as the section table tells. */
    private ValidValues policyValues() {
        Section covers = sections.get(SECTION_COVERS);
        int coverCount = covers == null ? 0 : (int) Math.min(covers.count(), ENTRY_MASK + 1L);
        return validPolicyValues(sections.entryCount, coverCount);
    }

    private Ipv4TableDecoder geoDecoder() {
        return decoder(SECTION_GEO_V4, validCountryValues(), false);
    }

    private Ipv4TableDecoder decoder(int id, ValidValues valid, boolean join) {
        Section section = sections.get(id);
        if (section == null || section.length() != section.count() * IPV4_BOUNDARY_SIZE
                || section.count() == 0) {
            return null;
        }
        int n = (int) section.count(); // fits: the length, an int, is 8 bytes per range
        Section index = sections.get(id + 1);
        boolean indexFits = index != null && index.count() == (1L << indexBits(n)) + 1
                && index.length() == 4 * index.count();
        return new Ipv4TableDecoder(section.offset(), n, indexFits ? index.offset() : -1, valid, join);
    }

    /**
     * The decoder of an IPv6 table; null when the table or its groups section is missing, empty or misshapen, or
     * the groups do not run from 0 to the block count without decreasing (left for the parser's checks, which say
     * so).
     */
    private Ipv6TableDecoder table6Decoder(int id, ValidValues valid) {
        Section section = sections.get(id);
        Section groupSection = sections.get(id + 1);
        if (section == null || section.length() != section.count() * IPV6_BLOCK_SIZE || section.count() == 0
                || groupSection == null || groupSection.count() != IPV6_GROUPS
                || groupSection.length() != 4 * IPV6_GROUPS) {
            return null;
        }
        int n = (int) section.count(); // fits: the length, an int, is 20 bytes per block
        int[] groups = sections.ints(groupSection);
        if (groups[0] != 0 || groups[IPV6_GROUPS - 1] != n) {
            return null;
        }
        for (int g = 1; g < IPV6_GROUPS; g++) {
            if (groups[g] < groups[g - 1]) {
                return null;
            }
        }
        return new Ipv6TableDecoder(file, section.offset(), n, groups, valid);
    }

    private Ipv6TableDecoder.Decoded decodeFolding(Ipv6TableDecoder decoder) {
        if (decoder == null) {
            return null;
        }
        decoder.run(file, this::checksumTo);
        return decoder.finish();
    }

    /** Copies and checks the entries, reading {@code image} (this file or a duplicate of it). */
    private void decodeEntries(ByteBuffer image) {
        Section entrySection = sections.get(SECTION_ENTRIES);
        if (entrySection != null && entrySection.length() == entrySection.count() * ENTRY_SIZE) {
            char[] values = new char[entrySection.length() / 2];
            CharBuffer source = image.slice(entrySection.offset(), entrySection.length())
                    .order(ByteOrder.LITTLE_ENDIAN).asCharBuffer();
            // An OR of (prefix + 127) has bit 8 set iff some prefix length is above 128; no branch per entry.
            int prefixes = 0;
            for (int from = 0; from < values.length; from += CHUNK_CHARS) {
                int to = Math.min(values.length, from + CHUNK_CHARS);
                checksumTo(entrySection.offset() + 2 * to);
                source.get(from, values, from, to - from);
                for (int i = from; i < to; i++) {
                    prefixes |= (values[i] & 0xFF) + 127;
                }
            }
            decodedEntries = values;
            entryPrefixesOk = (prefixes & 0x100) == 0;
        }
    }

    /** Policy values: 0, an address step with entry 1..entries, or a cover index below the covers' count. */
    private static ValidValues validPolicyValues(int entries, int coverCount) {
        int[] first = new int[8];
        long[] count = new long[8];
        count[0] = 1; // 0: no entry
        for (Step step : new Step[] {Step.APPROVED_IP, Step.BLOCKED_IP, Step.GLOBAL_APPROVED,
                Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC}) {
            first[step.code()] = (step.code() << KIND_SHIFT) | 1;
            count[step.code()] = Math.max(0, Math.min(entries, ENTRY_MASK));
        }
        first[KIND_COMBINED] = KIND_COMBINED << KIND_SHIFT;
        count[KIND_COMBINED] = coverCount;
        return new ValidValues(first, count);
    }

    /** Country values: 0 (unknown) or a country index + 1; kinds above 0 are never valid. */
    private static ValidValues validCountryValues() {
        long[] count = new long[8];
        count[0] = CountryCodes.SIZE + 1;
        return new ValidValues(new int[8], count);
    }
}
