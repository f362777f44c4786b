package io.gatelist.lookup;

import static io.gatelist.lookup.Refusals.invalid;
import static io.gatelist.lookup.format.SnapshotFormat.*;

import io.gatelist.lookup.SectionTable.Section;
import io.gatelist.lookup.format.HeloRecords;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a snapshot image completely and decodes it into arrays: header, checksum, the bounds of every
 * section, and every offset, id or address stored inside one. A snapshot that passes can be evaluated without
 * a single out-of-bounds access; one that fails is refused with a message that says what is wrong. The image
 * is not referenced once parsing ends, so nothing that later happens to the file can reach a lookup.
 *
 * <p>Three parts do the work: {@link SectionTable} reads the header and the section table, {@link DecodingPass}
 * computes the checksum and copies and checks the big sections (on two threads for a large file), and
 * {@link Refusals} says where a table that failed its checks is wrong. This class checks the small sections
 * and puts the {@link ParsedSnapshot} together.
 */
final class SnapshotParser {

    private final SectionTable sections;
    private final DecodingPass.Result decoded;
    private final int entryCount;
    private Refusals refusals;

    private SnapshotParser(SectionTable sections, DecodingPass.Result decoded) {
        this.sections = sections;
        this.decoded = decoded;
        this.entryCount = sections.entryCount;
    }

    /**
     * Checks and decodes an image.
     *
     * @throws InvalidSnapshotException when anything in it is wrong; the message says what and where
     */
    static ParsedSnapshot parse(ByteBuffer image) throws InvalidSnapshotException {
        SectionTable sections = SectionTable.read(image);
        // Nothing is refused until the checksum is known: a damaged file is reported as damaged, not by the first
        // structural check its damage happens to break.
        DecodingPass.Result decoded = DecodingPass.run(sections);
        sections.checkAfterChecksum(decoded.checksum());
        return new SnapshotParser(sections, decoded).parsed();
    }

    private ParsedSnapshot parsed() throws InvalidSnapshotException {
        String[] sources = readSources();
        char[] entries = readEntries();
        int[][] runs = readRuns(sources.length);
        int[] covers = sections.ints(sections.require(SECTION_COVERS, "covers", 8));
        refusals = new Refusals(entryCount, covers.length / 2);
        for (int i = 0; i < covers.length; i++) {
            refusals.checkPolicyValue(covers[i], false,
                    i % 2 == 0 ? "the standard value of cover" : "the dynamic value of cover", i / 2);
        }
        Section countrySection = sections.require(SECTION_COUNTRIES, "countries", COUNTRY_RECORD_SIZE);
        if (countrySection.count() != CountryCodes.SIZE) {
            throw invalid("the countries section holds %d records, expected %d", countrySection.count(),
                    CountryCodes.SIZE);
        }
        int[] countries = sections.ints(countrySection);
        for (int i = 0; i < countries.length; i++) {
            int id = countries[i];
            if (id < 0 || id > entryCount) {
                throw invalid("%s country %s refers to entry %d of %d", i % 2 == 0 ? "approved" : "blocked",
                        CountryCodes.code(i / 2), Integer.toUnsignedLong(id), entryCount);
            }
        }
        // Counters are informational: a snapshot without them is still complete.
        Section statSection = sections.get(SECTION_STATS);
        int[] stats = statSection == null ? new int[0] : sections.ints(sections.checkLength(statSection, "stats", 4));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(stats.length, STAT_NAMES.length); i++) {
            counts.put(STAT_NAMES[i], stats[i]);
        }

        RangeTable4 policy4 = table4(SECTION_POLICY_V4, decoded.policy4(), "IPv4 policy", false);
        RangeTable4 decisions4 = decoded.policy4() == null ? RangeTable4.EMPTY // checked with the table it came from
                : RangeTable4.of(decoded.policy4().joined());
        RangeTable6 policy6 = table6(SECTION_POLICY_V6, decoded.policy6(), "IPv6 policy", false);
        RangeTable4 geo4 = table4(SECTION_GEO_V4, decoded.geo4(), "IPv4 country", true);
        RangeTable6 geo6 = table6(SECTION_GEO_V6, decoded.geo6(), "IPv6 country", true);
        // Optional: snapshots without approved HELO strings have no such section.
        Section heloSection = sections.get(SECTION_GLOBAL_HELO);
        GlobalHelos globalHelos = heloSection == null ? GlobalHelos.EMPTY : GlobalHelos.decode(
                sections.longs(sections.checkLength(heloSection, "global HELO", HeloRecords.RECORD_SIZE)));

        int flags = sections.flags();
        SnapshotInfo info = new SnapshotInfo(sections.version, (flags & FLAG_OVERLAPS_FORCED) != 0,
                sections.file.limit(), Instant.ofEpochMilli(sections.file.getLong(OFF_CREATED_MILLIS)),
                sections.file.getLong(OFF_REVISION), sections.checksum(), entryCount,
                Collections.unmodifiableMap(counts));
        return new ParsedSnapshot(info, sources, entries, runs[0], runs[1], runs[2], covers, countries, policy4,
                decisions4, policy6, geo4, geo6, globalHelos);
    }

    private String[] readSources() throws InvalidSnapshotException {
        Section strings = sections.require(SECTION_STRINGS, "strings", 1);
        ByteBuffer stringBytes = sections.bytes(strings);
        int[] offsets = sections.ints(sections.require(SECTION_SOURCES, "sources", 4));
        String[] sources = new String[offsets.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = readString(stringBytes, offsets[i], "source " + i);
        }
        return sources;
    }

    private char[] readEntries() throws InvalidSnapshotException {
        Section section = sections.require(SECTION_ENTRIES, "entries", ENTRY_SIZE);
        if (section.count() != entryCount) {
            throw invalid("entries section holds %d entries, the header says %d", section.count(), entryCount);
        }
        char[] entries = decoded.entries(); // copied and checked in the checksum pass (the section's shape is right)
        if (!decoded.entryPrefixesOk()) {
            for (int i = 0; i < entryCount; i++) {
                if ((entries[i] & 0xFF) > 128) {
                    throw invalid("entry %d has prefix length %d", i + 1, entries[i] & 0xFF);
                }
            }
        }
        return entries;
    }

    /** The entry runs: first entry ids, source indexes and base lines, each checked. */
    private int[][] readRuns(int sourceCount) throws InvalidSnapshotException {
        int[] runs = sections.ints(sections.require(SECTION_ENTRY_RUNS, "entry runs", ENTRY_RUN_SIZE));
        int n = runs.length / 3;
        if (entryCount > 0 && (n == 0 || runs[0] != 1)) {
            throw invalid("the entry runs do not start at entry 1");
        }
        int[] runFirst = new int[n];
        int[] runSource = new int[n];
        int[] runBase = new int[n];
        for (int i = 0; i < n; i++) {
            int first = runs[3 * i];
            if (first < 1 || first > entryCount || i > 0 && first <= runFirst[i - 1]) {
                throw invalid("entry run %d starts at entry %d: out of order or past the %d entries", i, first,
                        entryCount);
            }
            if (runs[3 * i + 1] < 0 || runs[3 * i + 1] >= sourceCount) {
                throw invalid("entry run %d refers to source %d of %d", i, Integer.toUnsignedLong(runs[3 * i + 1]),
                        sourceCount);
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
        return new int[][] {runFirst, runSource, runBase};
    }

    private static String readString(ByteBuffer strings, int offset, String what) throws InvalidSnapshotException {
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

    /** An IPv4 table and its index as the decoding pass copied them, once their shape and checks are confirmed. */
    private RangeTable4 table4(int id, Ipv4TableDecoder.Decoded table, String name, boolean geo)
            throws InvalidSnapshotException {
        Section section = sections.get(id);
        if (section == null) {
            return RangeTable4.EMPTY;
        }
        sections.checkLength(section, name, IPV4_BOUNDARY_SIZE);
        if (section.count() == 0 || sections.bytes(section).getInt(0) != 0) {
            throw invalid("the %s table does not start at 0.0.0.0", name);
        }
        if (!table.ok()) {
            refusals.locateInTable4(name, table, geo);
        }
        Section indexSection = sections.require(id + 1, name + " index", 4);
        long buckets = (1L << table.bits()) + 1;
        if (indexSection.count() != buckets) {
            throw invalid("the %s index has %d entries, expected %d for %d ranges", name, indexSection.count(),
                    buckets, section.count());
        }
        if (!table.indexOk()) {
            Refusals.locateInIndex4(name, table, section.count());
        }
        return RangeTable4.withIndex(table.table(), table.size(), table.bits(), table.index());
    }

    /**
     * An IPv6 table as the chunked decoder built it, when it passed the checks (see
     * {@link Refusals#walkTable6}); walked again otherwise, to refuse it with the block and the reason.
     */
    private RangeTable6 table6(int id, Ipv6TableDecoder.Decoded table, String name, boolean geo)
            throws InvalidSnapshotException {
        if (sections.get(id) == null) {
            return RangeTable6.EMPTY;
        }
        if (table != null && table.ok()) {
            return table.table();
        }
        return refusals.walkTable6(sections, id, name, geo);
    }
}
