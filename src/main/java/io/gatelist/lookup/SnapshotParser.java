package io.gatelist.lookup;

import static io.gatelist.lookup.SnapshotFormat.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Checks a snapshot image completely before anything reads it: header, checksum, every section's bounds and
 * every offset or id stored inside a section. A snapshot that passes can be evaluated without a single
 * out-of-bounds access; one that fails is refused with a message that says what is wrong.
 */
final class SnapshotParser {

    private final ByteBuffer file;
    private final Map<Integer, long[]> sections = new HashMap<>(); // id -> {count, offset, length}

    SnapshotInfo info;
    String[] sources;
    IntBuffer entries; // pairs: line, meta
    int entryCount;
    IntBuffer covers; // pairs: standard, dynamic
    int[] countries; // pairs: approved entry, blocked entry
    RangeTable4 policy4 = RangeTable4.EMPTY;
    RangeTable6 policy6 = RangeTable6.EMPTY;
    RangeTable4 geo4 = RangeTable4.EMPTY;
    RangeTable6 geo6 = RangeTable6.EMPTY;

    private SnapshotParser(ByteBuffer file) {
        this.file = file.order(ByteOrder.LITTLE_ENDIAN);
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
        readSectionTable();
        int flags = Short.toUnsignedInt(file.getShort(OFF_FLAGS));
        entryCount = file.getInt(OFF_ENTRY_COUNT);

        ByteBuffer stringBytes = section(SECTION_STRINGS, "strings", 1, -1);
        IntBuffer sourceOffsets = section(SECTION_SOURCES, "sources", 4, -1).asIntBuffer();
        sources = new String[sourceOffsets.limit()];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = readString(stringBytes, sourceOffsets.get(i), "source " + i);
        }
        long[] entrySection = require(SECTION_ENTRIES, "entries");
        if (entrySection[0] != entryCount) {
            throw invalid("entries section holds %d entries, the header says %d", entrySection[0], entryCount);
        }
        entries = section(SECTION_ENTRIES, "entries", ENTRY_SIZE, entryCount).asIntBuffer();
        for (int i = 0; i < entryCount; i++) {
            int meta = entries.get(2 * i + 1);
            int type = (meta >>> 8) & 0xF;
            int source = meta >>> 12;
            if (type < TYPE_APPROVED_IP || type > TYPE_REPUTATION_DYNAMIC) {
                throw invalid("entry %d has unknown type %d", i + 1, type);
            }
            if (source >= sources.length) {
                throw invalid("entry %d refers to source %d of %d", i + 1, source, sources.length);
            }
        }
        long coverCount = require(SECTION_COVERS, "covers")[0];
        covers = section(SECTION_COVERS, "covers", 8, coverCount).asIntBuffer();
        for (int i = 0; i < 2 * coverCount; i++) {
            checkValue(covers.get(i), false, false, "cover " + (i / 2));
        }
        IntBuffer countryBuffer = section(SECTION_COUNTRIES, "countries", COUNTRY_RECORD_SIZE, CountryCodes.SIZE)
                .asIntBuffer();
        countries = new int[2 * CountryCodes.SIZE];
        countryBuffer.get(countries);
        for (int i = 0; i < countries.length; i++) {
            checkEntry(countries[i], true, "country " + CountryCodes.code(i / 2));
        }
        IntBuffer stats = section(SECTION_STATS, "stats", 4, -1).asIntBuffer();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(stats.limit(), STAT_NAMES.length); i++) {
            counts.put(STAT_NAMES[i], stats.get(i));
        }

        policy4 = table4(TABLE_POLICY_V4, "IPv4 policy", false);
        policy6 = table6(TABLE_POLICY_V6, "IPv6 policy", false);
        geo4 = table4(TABLE_GEO_V4, "IPv4 country", true);
        geo6 = table6(TABLE_GEO_V6, "IPv6 country", true);

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
        long[][] ranges = new long[(int) count][];
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
            if (sections.put(id, new long[] {elements, offset, length}) != null) {
                throw invalid("section %#x appears twice", id);
            }
            ranges[i] = new long[] {offset, length, id};
        }
        Arrays.sort(ranges, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.length; i++) {
            if (ranges[i - 1][0] + ranges[i - 1][1] > ranges[i][0]) {
                throw invalid("sections %#x and %#x overlap", ranges[i - 1][2], ranges[i][2]);
            }
        }
    }

    private long[] require(int id, String name) throws InvalidSnapshotException {
        long[] s = sections.get(id);
        if (s == null) {
            throw invalid("the %s section is missing", name);
        }
        return s;
    }

    /** A little-endian view of a section, after checking its length against elementSize × expected count. */
    private ByteBuffer section(int id, String name, int elementSize, long expectedCount)
            throws InvalidSnapshotException {
        long[] s = require(id, name);
        long count = expectedCount >= 0 ? expectedCount : s[2] / elementSize;
        if (s[2] != count * elementSize || (expectedCount >= 0 && s[0] != expectedCount)) {
            throw invalid("the %s section is %d bytes, expected %d elements of %d bytes", name, s[2], count,
                    elementSize);
        }
        return file.slice((int) s[1], (int) s[2]).order(ByteOrder.LITTLE_ENDIAN);
    }

    private String readString(ByteBuffer strings, int offset, String what) throws InvalidSnapshotException {
        if (offset < 0 || offset > strings.limit() - 2) {
            throw invalid("%s points outside the strings section (offset %d)", what, offset);
        }
        int length = Short.toUnsignedInt(strings.getShort(offset));
        if (length > strings.limit() - offset - 2) {
            throw invalid("%s runs past the end of the strings section", what);
        }
        byte[] bytes = new byte[length];
        strings.get(offset + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private RangeTable4 table4(int table, String name, boolean geo) throws InvalidSnapshotException {
        if (!sections.containsKey(table | PART_INDEX)) {
            return RangeTable4.EMPTY;
        }
        IndexParams params = indexParams(table, name, 32);
        long n = require(table | PART_STARTS, name + " starts")[0];
        IntBuffer starts = section(table | PART_STARTS, name + " starts", 4, n).asIntBuffer();
        IntBuffer records = section(table | PART_RECORDS, name + " records", IPV4_RECORD_SIZE, n).asIntBuffer();
        checkIndex(params, n, name);
        long previousEnd = -1;
        for (int i = 0; i < n; i++) {
            long start = Integer.toUnsignedLong(starts.get(i));
            long end = Integer.toUnsignedLong(records.get(2 * i));
            if (start <= previousEnd || end < start) {
                throw invalid("%s range %d is out of order or empty", name, i);
            }
            if (params.skip != 0 && (start >>> (32 - params.skip) != params.prefix
                    || end >>> (32 - params.skip) != params.prefix)) {
                throw invalid("%s range %d lies outside the indexed prefix", name, i);
            }
            checkValue(records.get(2 * i + 1), geo, true, name + " range " + i);
            previousEnd = end;
        }
        RangeTable4 result = new RangeTable4(params.bits, params.skip, (int) params.prefix, params.index, starts,
                records);
        checkIndexAgainstStarts4(params, result, name);
        return result;
    }

    private RangeTable6 table6(int table, String name, boolean geo) throws InvalidSnapshotException {
        if (!sections.containsKey(table | PART_INDEX)) {
            return RangeTable6.EMPTY;
        }
        IndexParams params = indexParams(table, name, 64);
        long n = require(table | PART_STARTS, name + " starts")[0];
        LongBuffer startsHigh = section(table | PART_STARTS, name + " starts", 8, n).asLongBuffer();
        LongBuffer startsLow = section(table | PART_STARTS_LOW, name + " starts", 8, n).asLongBuffer();
        LongBuffer records = section(table | PART_RECORDS, name + " records", IPV6_RECORD_SIZE, n).asLongBuffer();
        checkIndex(params, n, name);
        long prevHi = 0;
        long prevLo = 0;
        for (int i = 0; i < n; i++) {
            long sHi = startsHigh.get(i);
            long sLo = startsLow.get(i);
            long eHi = records.get(3 * i);
            long eLo = records.get(3 * i + 1);
            boolean ordered = i == 0 || compare(sHi, sLo, prevHi, prevLo) > 0;
            if (!ordered || compare(eHi, eLo, sHi, sLo) < 0) {
                throw invalid("%s range %d is out of order or empty", name, i);
            }
            if (params.skip != 0 && (sHi >>> (64 - params.skip) != params.prefix
                    || eHi >>> (64 - params.skip) != params.prefix)) {
                throw invalid("%s range %d lies outside the indexed prefix", name, i);
            }
            if ((records.get(3 * i + 2) >>> 32) != 0) {
                throw invalid("%s range %d has a non-zero padding word", name, i);
            }
            checkValue((int) records.get(3 * i + 2), geo, true, name + " range " + i);
            prevHi = eHi;
            prevLo = eLo;
        }
        RangeTable6 result = new RangeTable6(params.bits, params.skip, params.prefix, params.index, startsHigh,
                startsLow, records);
        for (int bucket = 0; bucket < (1 << params.bits); bucket++) {
            int first = params.index.get(bucket);
            // Every range before `first` must start below the bucket, every one from `first` at or above it.
            if (first < n && bucket6(result, params, first) < bucket
                    || first > 0 && bucket6(result, params, first - 1) >= bucket) {
                throw invalid("%s index bucket %d points at the wrong range", name, bucket);
            }
        }
        return result;
    }

    private static int bucket6(RangeTable6 table, IndexParams params, int position) {
        return (int) ((table.startHigh(position) << params.skip) >>> (64 - params.bits));
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    private void checkIndexAgainstStarts4(IndexParams params, RangeTable4 table, String name)
            throws InvalidSnapshotException {
        int n = table.size();
        for (int bucket = 0; bucket < (1 << params.bits); bucket++) {
            int first = params.index.get(bucket);
            if (first < n && bucket4(table, params, first) < bucket
                    || first > 0 && bucket4(table, params, first - 1) >= bucket) {
                throw invalid("%s index bucket %d points at the wrong range", name, bucket);
            }
        }
    }

    private static int bucket4(RangeTable4 table, IndexParams params, int position) {
        return (table.start(position) << params.skip) >>> (32 - params.bits);
    }

    private record IndexParams(int bits, int skip, long prefix, IntBuffer index) {
    }

    private IndexParams indexParams(int table, String name, int width) throws InvalidSnapshotException {
        long[] s = require(table | PART_INDEX, name + " index");
        if (s[2] < INDEX_PARAMS_SIZE) {
            throw invalid("the %s index is truncated", name);
        }
        ByteBuffer raw = file.slice((int) s[1], (int) s[2]).order(ByteOrder.LITTLE_ENDIAN);
        int bits = Byte.toUnsignedInt(raw.get(0));
        int skip = Byte.toUnsignedInt(raw.get(1));
        long prefix = raw.getLong(8);
        if (bits < 1 || bits > 26 || skip + bits > width) {
            throw invalid("the %s index has bad parameters: %d bits after %d skipped", name, bits, skip);
        }
        if (skip < 64 && (prefix >>> skip) != 0) {
            throw invalid("the %s index prefix does not fit in %d bits", name, skip);
        }
        long expected = INDEX_PARAMS_SIZE + 4L * ((1L << bits) + 1);
        if (s[2] != expected) {
            throw invalid("the %s index is %d bytes, expected %d for %d bits", name, s[2], expected, bits);
        }
        IntBuffer index = raw.slice(INDEX_PARAMS_SIZE, (int) s[2] - INDEX_PARAMS_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        return new IndexParams(bits, skip, prefix, index);
    }

    private void checkIndex(IndexParams params, long n, String name) throws InvalidSnapshotException {
        IntBuffer index = params.index;
        int buckets = 1 << params.bits;
        if (index.get(0) != 0 || index.get(buckets) != n) {
            throw invalid("the %s index does not span its %d ranges", name, n);
        }
        for (int i = 1; i <= buckets; i++) {
            if (index.get(i) < index.get(i - 1)) {
                throw invalid("the %s index decreases at bucket %d", name, i);
            }
        }
    }

    private void checkValue(int value, boolean geo, boolean combinedAllowed, String what)
            throws InvalidSnapshotException {
        if (geo) {
            if (value < 1 || value > CountryCodes.SIZE) {
                throw invalid("%s has country index %d", what, value - 1);
            }
            return;
        }
        int kind = value >>> KIND_SHIFT;
        int id = value & ENTRY_MASK;
        if (value == 0) {
            return;
        }
        if (kind == KIND_COMBINED && combinedAllowed) {
            if (id >= covers.limit() / 2) {
                throw invalid("%s points at cover %d, outside the covers section", what, id);
            }
            return;
        }
        if (kind != Step.APPROVED_IP.code() && kind != Step.BLOCKED_IP.code()
                && kind != Step.GLOBAL_APPROVED.code() && kind != Step.REPUTATION_STANDARD.code()
                && kind != Step.REPUTATION_DYNAMIC.code()) {
            throw invalid("%s has unknown step %d", what, kind);
        }
        checkEntry(id, false, what);
    }

    private void checkEntry(int id, boolean zeroAllowed, String what) throws InvalidSnapshotException {
        if ((id == 0 && !zeroAllowed) || id < 0 || id > entryCount) {
            throw invalid("%s refers to entry %d of %d", what, id, entryCount);
        }
    }

    private static InvalidSnapshotException invalid(String format, Object... args) {
        return new InvalidSnapshotException("invalid snapshot: " + String.format(format, args));
    }
}
