package io.gatelist.lookup;

import static io.gatelist.lookup.SnapshotFormat.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Ints copied per chunk while a table is checked: 64 KiB, well inside a core's L2 cache. */
    private static final int CHUNK_INTS = 1 << 14;

    private final ByteBuffer file;
    private final Map<Integer, Section> sections = new HashMap<>();

    SnapshotInfo info;
    String[] sources;
    int[] entries; // line offset | prefix length, one per entry
    int entryCount;
    int[] runFirst; // entry runs: first entry id, ascending
    int[] runSource;
    int[] runBase;
    int[] covers; // pairs: standard value, dynamic value
    int[] countries; // pairs: approved entry, blocked entry
    RangeTable4 policy4 = RangeTable4.EMPTY;
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
        int checksum = file.getInt(OFF_CHECKSUM);
        int computed = checksum(file);
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
        readSectionTable();
        entryCount = file.getInt(OFF_ENTRY_COUNT);
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

        policy4 = table4(SECTION_POLICY_V4, "IPv4 policy", false);
        policy6 = table6(SECTION_POLICY_V6, "IPv6 policy", false);
        geo4 = table4(SECTION_GEO_V4, "IPv4 country", true);
        geo6 = table6(SECTION_GEO_V6, "IPv6 country", true);
        // Optional: snapshots without approved HELO strings have no such section.
        Section heloSection = sections.get(SECTION_GLOBAL_HELO);
        if (heloSection != null) {
            globalHelos = GlobalHelos.decode(longs(checkLength(heloSection, "global HELO", GlobalHelos.RECORD_SIZE)));
        }

        info = new SnapshotInfo(version, (flags & FLAG_OVERLAPS_FORCED) != 0, actualSize,
                Instant.ofEpochMilli(file.getLong(OFF_CREATED_MILLIS)), file.getLong(OFF_REVISION), checksum,
                entryCount, Collections.unmodifiableMap(counts));
    }

    /** CRC32C of the whole image, with the 4 checksum bytes skipped. */
    static int checksum(ByteBuffer image) {
        CRC32C crc = new CRC32C();
        crc.update(image.slice(0, OFF_CHECKSUM));
        crc.update(image.slice(OFF_CHECKSUM + 4, image.limit() - OFF_CHECKSUM - 4));
        return (int) crc.getValue();
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
        entries = ints(section);
        // One pass, no branch per entry: OR together what must stay below 129 (the prefix lengths).
        int prefixes = 0;
        for (int e : entries) {
            prefixes |= Math.max(e & 0xFF, 128) - 128;
        }
        if (prefixes != 0) {
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
            if (runs[3 * i + 2] < 0 || runs[3 * i + 2] > MAX_BASE_LINE) {
                throw invalid("entry run %d has base line %d", i, Integer.toUnsignedLong(runs[3 * i + 2]));
            }
            runFirst[i] = first;
            runSource[i] = runs[3 * i + 1];
            runBase[i] = runs[3 * i + 2];
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

    private RangeTable4 table4(int id, String name, boolean geo) throws InvalidSnapshotException {
        Section section = sections.get(id);
        if (section == null) {
            return RangeTable4.EMPTY;
        }
        checkLength(section, name, IPV4_BOUNDARY_SIZE);
        String what = "the " + name + " table's range";
        int[] table = new int[section.length() / 4];
        int n = table.length / 2;
        if (n == 0 || bytes(section).getInt(0) != 0) {
            throw invalid("the %s table does not start at 0.0.0.0", name);
        }
        // Copied a chunk at a time and checked while the chunk is still in the cache: one read of the file and
        // one of the copy, instead of the copy being fetched back from memory by a second pass. Every check is
        // folded into a flag (no branch to mispredict) and each boundary placed in the index's bucket; only a
        // table that fails is walked again to say where and why.
        int bits = RangeTable4.indexBits(n);
        int shift = 32 - bits;
        int[] slots = new int[(1 << bits) + 1];
        IntBuffer source = bytes(section).asIntBuffer();
        boolean ok = true;
        for (int from = 0; from < table.length; from += CHUNK_INTS) {
            int to = Math.min(table.length, from + CHUNK_INTS);
            source.get(from, table, from, to - from);
            ok &= geo ? validCountries(table, slots, shift, from, to) : validPolicy(table, slots, shift, from, to);
        }
        if (!ok) {
            for (int i = 0; i < n; i++) {
                if (i > 0 && Integer.compareUnsigned(table[2 * i], table[2 * i - 2]) <= 0) {
                    throw invalid("the %s table's range %d is out of order", name, i);
                }
                checkValue(table[2 * i + 1], geo, what, i);
            }
        }
        return RangeTable4.indexed(table, bits, slots);
    }

    /** The steps an address range can decide, as a bit mask of step codes. */
    private static final int ADDRESS_STEPS = 1 << Step.APPROVED_IP.code() | 1 << Step.BLOCKED_IP.code()
            | 1 << Step.GLOBAL_APPROVED.code() | 1 << Step.REPUTATION_STANDARD.code()
            | 1 << Step.REPUTATION_DYNAMIC.code();

    /**
     * Checks a policy table's order and values and places its boundaries in {@code slots}. Boundary 0 is
     * 0.0.0.0 (the caller checked it) and belongs in slot 0, where the array's zero already puts it.
     */
    private boolean validPolicy(int[] table, int[] slots, int shift, int from, int to) {
        int entries = entryCount;
        int coverCount = covers.length / 2;
        boolean ok = true;
        int previous = from == 0 ? 0 : table[from - 2] + Integer.MIN_VALUE;
        for (int i = from; i < to; i += 2) {
            int start = table[i];
            int biased = start + Integer.MIN_VALUE; // signed order of biased values is unsigned order
            int value = table[i + 1];
            int kind = value >>> KIND_SHIFT;
            int id = value & ENTRY_MASK;
            ok &= (i == 0 | biased > previous) & (value == 0 | ((ADDRESS_STEPS >>> kind) & 1) != 0
                    & Integer.compareUnsigned(id - 1, entries) < 0 | kind == KIND_COMBINED & id < coverCount);
            slots[RangeTable4.slot(start, shift)] = i >>> 1;
            previous = biased;
        }
        return ok;
    }

    /** As {@link #validPolicy} for an IP-to-country table, whose values are a country index + 1 or 0. */
    private static boolean validCountries(int[] table, int[] slots, int shift, int from, int to) {
        boolean ok = true;
        int previous = from == 0 ? 0 : table[from - 2] + Integer.MIN_VALUE;
        for (int i = from; i < to; i += 2) {
            int start = table[i];
            int biased = start + Integer.MIN_VALUE;
            ok &= (i == 0 | biased > previous) & Integer.compareUnsigned(table[i + 1], CountryCodes.SIZE) <= 0;
            slots[RangeTable4.slot(start, shift)] = i >>> 1;
            previous = biased;
        }
        return ok;
    }

    private RangeTable6 table6(int id, String name, boolean geo) throws InvalidSnapshotException {
        Section section = sections.get(id);
        if (section == null) {
            return RangeTable6.EMPTY;
        }
        checkLength(section, name, IPV6_BOUNDARY_SIZE);
        String what = "the " + name + " table's range";
        long[] raw = longs(section);
        int n = raw.length / 3;
        if (n == 0 || raw[0] != 0 || raw[1] != 0) {
            throw invalid("the %s table does not start at ::", name);
        }
        long[] starts = new long[2 * n];
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            long high = raw[3 * i] ^ Long.MIN_VALUE;
            long low = raw[3 * i + 1] ^ Long.MIN_VALUE;
            if (i > 0) {
                long previousHigh = starts[2 * i - 2];
                if (high < previousHigh || high == previousHigh && low <= starts[2 * i - 1]) {
                    throw invalid("the %s table's range %d is out of order", name, i);
                }
            }
            if (raw[3 * i + 2] >>> 32 != 0) {
                throw invalid("the %s table's range %d has a non-zero padding word", name, i);
            }
            starts[2 * i] = high;
            starts[2 * i + 1] = low;
            values[i] = (int) raw[3 * i + 2];
            checkValue(values[i], geo, what, i);
        }
        return new RangeTable6(starts, values);
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
