package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.*;

import io.gatelist.lookup.format.HeloRecords;
import io.gatelist.lookup.format.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Checks a snapshot image completely and decodes it into arrays: header, checksum, the bounds of every
 * section, and every offset, id or address stored inside one. A snapshot that passes can be evaluated without
 * a single out-of-bounds access; one that fails is refused with a message that says what is wrong. The image
 * is not referenced once parsing ends, so nothing that later happens to the file can reach a lookup.
 */
final class SnapshotParser {

    /** A section as the section table describes it. */
    private record Section(int id, long count, int offset, int length) {
    }

    /**
     * Files from this size on are checksummed and decoded by two threads (the opening one and the pool's or a new
     * one). Below it, starting the thread and sharing the cores with a busy machine cost about what they save: the
     * 3.9 MB snapshot of 100,000 entries opened in 2.36 ms on two threads against 2.43 on one.
     */
    private static final int PARALLEL_CHECKSUM_BYTES = 8 << 20;

    /**
     * Snapshots with this many IPv6 blocks are decoded by two threads whatever their size: a block costs about
     * ten times the work of an IPv4 range of less than half its size (building the index and the bitmap as
     * well as copying and checking). 100,000 blocks and a 148,000-block IP-to-country table (a 5 MB file)
     * opened in 4.3-4.7 ms on two threads against 5.5-5.7 on one.
     */
    private static final long PARALLEL_IPV6_BLOCKS = 1 << 16;

    /** Chars of the entries copied per chunk: 64 KiB, well inside a core's L2 cache. */
    private static final int CHUNK_CHARS = 1 << 15;

    private final ByteBuffer file;
    private final Map<Integer, Section> sections = new HashMap<>();

    SnapshotInfo info;
    String[] sources;
    char[] entries; // line delta | prefix length, one per entry
    int entryCount;
    int[] runFirst; // entry runs: first entry id, ascending
    int[] runSource;
    int[] runBase;
    int[] covers; // pairs: standard value, dynamic value
    int[] countries; // pairs: approved entry, blocked entry
    RangeTable4 policy4 = RangeTable4.EMPTY;
    /** The IPv4 policy table with neighbouring ranges of one kind joined (see {@link Ipv4TableDecoder#joinKey}). */
    RangeTable4 decisions4 = RangeTable4.EMPTY;
    RangeTable6 policy6 = RangeTable6.EMPTY;
    RangeTable4 geo4 = RangeTable4.EMPTY;
    RangeTable6 geo6 = RangeTable6.EMPTY;
    GlobalHelos globalHelos = GlobalHelos.EMPTY;

    private SnapshotParser(ByteBuffer file) {
        this.file = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    static SnapshotParser parse(ByteBuffer image) throws InvalidSnapshotException {
        SnapshotParser parser = new SnapshotParser(image);
        parser.run();
        return parser;
    }

    private void run() throws InvalidSnapshotException {
        long actualSize = file.limit();
        if (actualSize < HEADER_SIZE) {
            throw invalid("truncated: %d bytes, smaller than the %d-byte header", actualSize, HEADER_SIZE);
        }
        if (file.getLong(OFF_MAGIC) != MAGIC) {
            throw invalid("not a Gatelist snapshot (bad magic)");
        }
        int version = Short.toUnsignedInt(file.getShort(OFF_VERSION));
        if (version != VERSION) {
            throw invalid("format version %d, this reader supports version %d", version, VERSION);
        }
        long declaredSize = file.getLong(OFF_FILE_SIZE);
        if (declaredSize != actualSize) {
            throw invalid("size mismatch: the header says %d bytes, the file has %d (truncated or appended to)",
                    declaredSize, actualSize);
        }
        // Nothing is refused until the checksum is known: a damaged file is reported as damaged, not by the first
        // structural check its damage happens to break. A bad section table is kept for after it.
        InvalidSnapshotException badTable = null;
        try {
            readSectionTable();
        } catch (InvalidSnapshotException e) {
            badTable = e;
        }
        entryCount = file.getInt(OFF_ENTRY_COUNT);
        int computed = decodeWithChecksum(badTable == null);
        int checksum = file.getInt(OFF_CHECKSUM);
        if (computed != checksum) {
            throw invalid("checksum mismatch: header %08x, content %08x (the file is corrupt)", checksum, computed);
        }
        for (int at = OFF_RESERVED; at < HEADER_SIZE; at += 8) {
            if (file.getLong(at) != 0) {
                throw invalid("reserved header bytes at %d are not zero", at);
            }
        }
        int flags = Short.toUnsignedInt(file.getShort(OFF_FLAGS));
        if ((flags & ~FLAG_OVERLAPS_FORCED) != 0) {
            throw invalid("unknown header flags %#x", flags);
        }
        if (badTable != null) {
            throw badTable;
        }
        if (entryCount < 0 || entryCount > ENTRY_MASK) {
            throw invalid("the header declares %d entries", Integer.toUnsignedLong(entryCount));
        }

        readSources();
        readEntries();
        covers = ints(require(SECTION_COVERS, "covers", 8));
        for (int i = 0; i < covers.length; i++) {
            checkPolicyValue(covers[i], false, i % 2 == 0 ? "the standard value of cover" : "the dynamic value of cover",
                    i / 2);
        }
        Section countrySection = require(SECTION_COUNTRIES, "countries", COUNTRY_RECORD_SIZE);
        if (countrySection.count() != CountryCodes.SIZE) {
            throw invalid("the countries section holds %d records, expected %d", countrySection.count(),
                    CountryCodes.SIZE);
        }
        countries = ints(countrySection);
        for (int i = 0; i < countries.length; i++) {
            int id = countries[i];
            if (id < 0 || id > entryCount) {
                throw invalid("%s country %s refers to entry %d of %d", i % 2 == 0 ? "approved" : "blocked",
                        CountryCodes.code(i / 2), Integer.toUnsignedLong(id), entryCount);
            }
        }
        // Counters are informational: a snapshot without them is still complete.
        Section statSection = sections.get(SECTION_STATS);
        int[] stats = statSection == null ? new int[0] : ints(checkLength(statSection, "stats", 4));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(stats.length, STAT_NAMES.length); i++) {
            counts.put(STAT_NAMES[i], stats[i]);
        }

        policy4 = table4(SECTION_POLICY_V4, decodedPolicy4, "IPv4 policy", false);
        if (decodedPolicy4 != null) { // checked with the table it came from
            decisions4 = RangeTable4.of(decodedPolicy4.joined());
        }
        policy6 = table6(SECTION_POLICY_V6, decodedPolicy6, "IPv6 policy", false);
        geo4 = table4(SECTION_GEO_V4, decodedGeo4, "IPv4 country", true);
        geo6 = table6(SECTION_GEO_V6, decodedGeo6, "IPv6 country", true);
        // Optional: snapshots without approved HELO strings have no such section.
        Section heloSection = sections.get(SECTION_GLOBAL_HELO);
        if (heloSection != null) {
            globalHelos = GlobalHelos.decode(longs(checkLength(heloSection, "global HELO", HeloRecords.RECORD_SIZE)));
        }

        info = new SnapshotInfo(version, (flags & FLAG_OVERLAPS_FORCED) != 0, actualSize,
                Instant.ofEpochMilli(file.getLong(OFF_CREATED_MILLIS)), file.getLong(OFF_REVISION), checksum,
                entryCount, Collections.unmodifiableMap(counts));
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
        // allocated their arrays (zeroing 8.5 MB at 1M IPv4 entries, 30 MB at 1M IPv6 blocks). It waits for them:
        // at 1M IPv6 blocks the checksum is done first (3.1 ms against 3.6), and a thread that did not wait left
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

    /** Bytes {@code [0, checksummed)} of the file are folded into {@link #crc} (the checksum field skipped). */
    private final CRC32C crc = new CRC32C();
    private int checksummed;

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

    private Ipv4TableDecoder.Decoded decodedPolicy4;
    private Ipv4TableDecoder.Decoded decodedGeo4;
    private Ipv6TableDecoder.Decoded decodedPolicy6;
    private Ipv6TableDecoder.Decoded decodedGeo6;
    /** The entries as copied during the checksum pass (null: the section is missing or misshapen). */
    private char[] decodedEntries;
    private boolean entryPrefixesOk;

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
        return validPolicyValues(entryCount, coverCount);
    }

    private Ipv4TableDecoder geoDecoder() {
        return decoder(SECTION_GEO_V4, validCountryValues(), false);
    }

    private Ipv4TableDecoder decoder(int id, ValidValues valid, boolean join) {
        Section section = sections.get(id);
        if (section == null || section.length() != (long) section.count() * IPV4_BOUNDARY_SIZE
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
     * the groups do not run from 0 to the block count without decreasing (left for the checks of
     * {@link #table6}, which say so).
     */
    private Ipv6TableDecoder table6Decoder(int id, ValidValues valid) {
        Section section = sections.get(id);
        Section groupSection = sections.get(id + 1);
        if (section == null || section.length() != (long) section.count() * IPV6_BLOCK_SIZE || section.count() == 0
                || groupSection == null || groupSection.count() != IPV6_GROUPS
                || groupSection.length() != 4 * IPV6_GROUPS) {
            return null;
        }
        int n = (int) section.count(); // fits: the length, an int, is 20 bytes per block
        int[] groups = ints(groupSection);
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
        if (entrySection != null && entrySection.length() == (long) entrySection.count() * ENTRY_SIZE) {
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

    private void readSectionTable() throws InvalidSnapshotException {
        long count = Integer.toUnsignedLong(file.getInt(OFF_SECTION_COUNT));
        long tableEnd = HEADER_SIZE + count * SECTION_DESCRIPTOR_SIZE;
        if (tableEnd > file.limit()) {
            throw invalid("section table of %d sections runs past the end of the file", count);
        }
        Section[] byOffset = new Section[(int) count];
        for (int i = 0; i < count; i++) {
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            int id = file.getInt(at);
            long elements = Integer.toUnsignedLong(file.getInt(at + 4));
            long offset = file.getLong(at + 8);
            long length = file.getLong(at + 16);
            if (offset < tableEnd || length < 0 || offset > file.limit() - length || (offset & 7) != 0) {
                throw invalid("section %#x has bad bounds: offset %d, length %d, file size %d", id, offset, length,
                        file.limit());
            }
            Section s = new Section(id, elements, (int) offset, (int) length);
            if (sections.put(id, s) != null) {
                throw invalid("section %#x appears twice", id);
            }
            byOffset[i] = s;
        }
        Arrays.sort(byOffset, (a, b) -> Integer.compare(a.offset(), b.offset()));
        for (int i = 1; i < byOffset.length; i++) {
            if ((long) byOffset[i - 1].offset() + byOffset[i - 1].length() > byOffset[i].offset()) {
                throw invalid("sections %#x and %#x overlap", byOffset[i - 1].id(), byOffset[i].id());
            }
        }
    }

    /** A section that must be present, after checking that its length is its count × {@code recordSize}. */
    private Section require(int id, String name, int recordSize) throws InvalidSnapshotException {
        Section s = sections.get(id);
        if (s == null) {
            throw invalid("the %s section is missing", name);
        }
        return checkLength(s, name, recordSize);
    }

    private Section checkLength(Section s, String name, int recordSize) throws InvalidSnapshotException {
        if (s.length() != s.count() * recordSize) {
            throw invalid("the %s section is %d bytes, expected %d records of %d bytes", name, s.length(), s.count(),
                    recordSize);
        }
        return s;
    }

    private ByteBuffer bytes(Section s) {
        return file.slice(s.offset(), s.length()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A bulk copy: far cheaper than validating through per-element buffer reads. */
    private int[] ints(Section s) {
        int[] values = new int[s.length() / 4];
        bytes(s).asIntBuffer().get(values);
        return values;
    }

    private long[] longs(Section s) {
        long[] values = new long[s.length() / 8];
        bytes(s).asLongBuffer().get(values);
        return values;
    }

    private void readSources() throws InvalidSnapshotException {
        Section strings = require(SECTION_STRINGS, "strings", 1);
        ByteBuffer stringBytes = bytes(strings);
        int[] offsets = ints(require(SECTION_SOURCES, "sources", 4));
        sources = new String[offsets.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = readString(stringBytes, offsets[i], "source " + i);
        }
    }

    private void readEntries() throws InvalidSnapshotException {
        Section section = require(SECTION_ENTRIES, "entries", ENTRY_SIZE);
        if (section.count() != entryCount) {
            throw invalid("entries section holds %d entries, the header says %d", section.count(), entryCount);
        }
        entries = decodedEntries; // copied and checked in the checksum pass (the section's shape is right)
        if (!entryPrefixesOk) {
            for (int i = 0; i < entryCount; i++) {
                if ((entries[i] & 0xFF) > 128) {
                    throw invalid("entry %d has prefix length %d", i + 1, entries[i] & 0xFF);
                }
            }
        }
        int[] runs = ints(require(SECTION_ENTRY_RUNS, "entry runs", ENTRY_RUN_SIZE));
        int n = runs.length / 3;
        if (entryCount > 0 && (n == 0 || runs[0] != 1)) {
            throw invalid("the entry runs do not start at entry 1");
        }
        runFirst = new int[n];
        runSource = new int[n];
        runBase = new int[n];
        for (int i = 0; i < n; i++) {
            int first = runs[3 * i];
            if (first < 1 || first > entryCount || i > 0 && first <= runFirst[i - 1]) {
                throw invalid("entry run %d starts at entry %d: out of order or past the %d entries", i, first,
                        entryCount);
            }
            if (runs[3 * i + 1] < 0 || runs[3 * i + 1] >= sources.length) {
                throw invalid("entry run %d refers to source %d of %d", i, Integer.toUnsignedLong(runs[3 * i + 1]),
                        sources.length);
            }
            if (runs[3 * i + 2] < 0) {
                throw invalid("entry run %d has base line %d", i, Integer.toUnsignedLong(runs[3 * i + 2]));
            }
            // Bounds the deltas an explanation adds up, and keeps every line a positive int.
            if (i > 0 && first - runFirst[i - 1] > MAX_RUN_ENTRIES) {
                throw invalid("entry run %d holds %d entries, more than %d", i - 1, first - runFirst[i - 1],
                        MAX_RUN_ENTRIES);
            }
            runFirst[i] = first;
            runSource[i] = runs[3 * i + 1];
            runBase[i] = runs[3 * i + 2];
        }
        if (n > 0 && entryCount + 1 - runFirst[n - 1] > MAX_RUN_ENTRIES) {
            throw invalid("entry run %d holds %d entries, more than %d", n - 1, entryCount + 1 - runFirst[n - 1],
                    MAX_RUN_ENTRIES);
        }
    }

    private String readString(ByteBuffer strings, int offset, String what) throws InvalidSnapshotException {
        if (offset < 0 || offset > strings.limit() - 2) {
            throw invalid("%s points outside the strings section (offset %d)", what, offset);
        }
        int length = Short.toUnsignedInt(strings.getShort(offset));
        if (length > strings.limit() - offset - 2) {
            throw invalid("%s runs past the end of the strings section", what);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(strings.slice(offset + 2, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("%s is not valid UTF-8", what);
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

    private RangeTable4 table4(int id, Ipv4TableDecoder.Decoded decoded, String name, boolean geo)
            throws InvalidSnapshotException {
        Section section = sections.get(id);
        if (section == null) {
            return RangeTable4.EMPTY;
        }
        checkLength(section, name, IPV4_BOUNDARY_SIZE);
        if (section.count() == 0 || bytes(section).getInt(0) != 0) {
            throw invalid("the %s table does not start at 0.0.0.0", name);
        }
        if (!decoded.ok()) {
            String what = "the " + name + " table's range";
            int[] table = decoded.table();
            for (int i = 0; i < decoded.size(); i++) {
                if (i > 0 && Integer.compareUnsigned(table[2 * i], table[2 * i - 2]) <= 0) {
                    throw invalid("the %s table's range %d is out of order", name, i);
                }
                checkValue(table[2 * i + 1], geo, what, i);
            }
        }
        Section indexSection = require(id + 1, name + " index", 4);
        long buckets = (1L << decoded.bits()) + 1;
        if (indexSection.count() != buckets) {
            throw invalid("the %s index has %d entries, expected %d for %d ranges", name, indexSection.count(),
                    buckets, section.count());
        }
        if (!decoded.indexOk()) {
            int[] index = decoded.index();
            int last = index.length - 1;
            if (index[0] != 0 || index[last] != section.count() - 1) {
                throw invalid("the %s index runs from range %d to %d, not from 0 to %d", name, index[0],
                        index[last], section.count() - 1);
            }
            for (int b = 1; b <= last; b++) {
                if (index[b] < index[b - 1]) {
                    throw invalid("the %s index is out of order at bucket %d", name, b);
                }
            }
        }
        return RangeTable4.withIndex(decoded.table(), decoded.size(), decoded.bits(), decoded.index());
    }

    /**
     * An IPv6 table of blocks and its groups section, checked completely: groups non-decreasing from 0 to the
     * block count; every prefix code 0-128 or {@link SnapshotFormat#RUN_CODE}; every prefix block aligned to its
     * length; blocks strictly ascending and disjoint (each starts after the previous block's last address); every
     * value valid. The top byte of each start comes from its group, the rest from the record.
     *
     * <p>The table as the chunked decoder built it, when it passed the same checks; walked again here otherwise,
     * to refuse it with the block and the reason.
     */
    private RangeTable6 table6(int id, Ipv6TableDecoder.Decoded decoded, String name, boolean geo)
            throws InvalidSnapshotException {
        Section section = sections.get(id);
        if (section == null) {
            return RangeTable6.EMPTY;
        }
        if (decoded != null && decoded.ok()) {
            return decoded.table();
        }
        checkLength(section, name, IPV6_BLOCK_SIZE);
        int n = (int) section.count();
        Section groupSection = require(id + 1, name + " groups", 4);
        if (groupSection.count() != IPV6_GROUPS) {
            throw invalid("the %s groups section holds %d entries, expected %d", name, groupSection.count(),
                    IPV6_GROUPS);
        }
        int[] groups = ints(groupSection);
        if (groups[0] != 0 || groups[IPV6_GROUPS - 1] != n) {
            throw invalid("the %s groups run from block %d to %d, not from 0 to %d", name, groups[0],
                    groups[IPV6_GROUPS - 1], n);
        }
        for (int g = 1; g < IPV6_GROUPS; g++) {
            if (groups[g] < groups[g - 1]) {
                throw invalid("the %s groups are out of order at group %d", name, g);
            }
        }
        long[] starts = new long[2 * n];
        bytes(section).asLongBuffer().get(starts);
        int[] values = new int[n];
        file.slice(section.offset() + 16 * n, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        String what = "the " + name + " table's block";
        long[] highs = new long[n];
        long[] lowsAndValues = new long[2 * n];
        long lastHigh = 0; // the last address of the previous block, sign bits flipped; none before block 0
        long lastLow = 0;
        int g = 0;
        for (int i = 0; i < n; i++) {
            while (groups[g + 1] <= i) {
                g++;
            }
            long stored = starts[2 * i];
            int code = (int) (stored >>> 56);
            long high = ((long) g << 56) | (stored & 0x00FF_FFFF_FFFF_FFFFL);
            long low = starts[2 * i + 1];
            if (code > 128 && code != RUN_CODE) {
                throw invalid("%s %d has prefix code %d", what, i, code);
            }
            long hostHigh = RangeTable6.HOST_HIGH[code]; // 0 for a run: aligned anywhere, ends where it starts
            long hostLow = RangeTable6.HOST_LOW[code];
            if ((high & hostHigh) != 0 || (low & hostLow) != 0) {
                throw invalid("%s %d is not aligned to its /%d", what, i, code);
            }
            long flippedHigh = high ^ Long.MIN_VALUE;
            long flippedLow = low ^ Long.MIN_VALUE;
            if (i > 0 && (flippedHigh < lastHigh || flippedHigh == lastHigh && flippedLow <= lastLow)) {
                throw invalid("the %s table's block %d is out of order or overlaps the one before", name, i);
            }
            checkValue(values[i], geo, what, i);
            highs[i] = flippedHigh;
            lowsAndValues[2 * i] = flippedLow;
            lowsAndValues[2 * i + 1] = Integer.toUnsignedLong(values[i]) | (long) code << 32;
            // A run ends before the next block: its start is the bound. A prefix block ends at its last address.
            lastHigh = (high | hostHigh) ^ Long.MIN_VALUE;
            lastLow = (low | hostLow) ^ Long.MIN_VALUE;
        }
        return new RangeTable6(highs, lowsAndValues);
    }

    /**
     * A range's value. Called once per range of every table, so nothing is formatted unless the check fails: a
     * message string per range made opening a 1M-entry snapshot twenty times slower.
     */
    private void checkValue(int value, boolean geo, String what, int range) throws InvalidSnapshotException {
        if (geo) {
            if (value < 0 || value > CountryCodes.SIZE) {
                throw invalid("%s %d has country index %d", what, range, value - 1);
            }
        } else if (value != 0) {
            checkPolicyValue(value, true, what, range);
        }
    }

    /**
     * A range value: a known step and an entry id inside the entries section, or (in tables only) a cover index
     * inside the covers section. Which list an entry belongs to is not looked up here: that would be a random
     * access into the entries for every range (a cache miss each; 40 ms at 1M entries), and explanations take
     * the list from the range value's step, so no value can make one name the wrong list.
     */
    private void checkPolicyValue(int value, boolean combinedAllowed, String what, int index)
            throws InvalidSnapshotException {
        if (value == 0) {
            return;
        }
        int kind = value >>> KIND_SHIFT;
        int id = value & ENTRY_MASK;
        if (kind == KIND_COMBINED && combinedAllowed) {
            if (id >= covers.length / 2) {
                throw invalid("%s %d points at cover %d, outside the covers section", what, index, id);
            }
            return;
        }
        if (kind != Step.APPROVED_IP.code() && kind != Step.BLOCKED_IP.code()
                && kind != Step.GLOBAL_APPROVED.code() && kind != Step.REPUTATION_STANDARD.code()
                && kind != Step.REPUTATION_DYNAMIC.code()) {
            throw invalid("%s %d has unknown step %d", what, index, kind);
        }
        if (id == 0 || id > entryCount) {
            throw invalid("%s %d refers to entry %d of %d", what, index, id, entryCount);
        }
    }

    private static InvalidSnapshotException invalid(String format, Object... args) {
        return new InvalidSnapshotException("invalid snapshot: " + String.format(format, args));
    }
}
