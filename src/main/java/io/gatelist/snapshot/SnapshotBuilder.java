package io.gatelist.snapshot;

import static io.gatelist.lookup.format.SnapshotFormat.*;

import io.gatelist.lookup.CountryCodes;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.format.HeloRecords;
import io.gatelist.policy.IpPrefix;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Assembles a snapshot image: entries for explanations, flattened IPv4/IPv6 range tables, country sets and
 * the IP-to-country tables. Not thread-safe; build one per compile.
 */
public final class SnapshotBuilder {

    private final long revision;
    private final Instant created;
    private boolean overlapsForced;

    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> sourceIndex = new HashMap<>();
    private char[] entries = new char[64]; // one u16 record per entry: line delta and prefix length
    private int lastLine; // the line of the last entry added
    private int entryCount;
    private int[] runs = new int[48]; // triples: first entry id, source index, base line
    private int runCount;

    private final RangeFlattener.Covers covers4 = new RangeFlattener.Covers();
    private final RangeFlattener.Covers covers6 = new RangeFlattener.Covers();
    private final int[] countries = new int[2 * CountryCodes.SIZE];
    private final RangeFlattener.Ranges geo4 = new RangeFlattener.Ranges();
    private final RangeFlattener.Ranges geo6 = new RangeFlattener.Ranges();
    private final int[] stats = new int[STAT_NAMES.length];
    /** Approved HELO records, four longs each (see {@link HeloRecords}), keyed to drop repeats. */
    private final Map<String, long[]> globalHelos = new HashMap<>();

    /**
     * @param revision the list revision the snapshot is compiled from (monotonic)
     * @param created  the compile time recorded in the header
     */
    public SnapshotBuilder(long revision, Instant created) {
        this.revision = revision;
        this.created = created;
    }

    /** Records that the snapshot is published despite error-level overlaps. */
    public SnapshotBuilder overlapsForced(boolean forced) {
        this.overlapsForced = forced;
        return this;
    }

    /**
     * Adds an address entry of a list.
     *
     * @param step which list: {@link Step#APPROVED_IP}, {@link Step#BLOCKED_IP}, {@link Step#GLOBAL_APPROVED},
     *             {@link Step#REPUTATION_STANDARD} or {@link Step#REPUTATION_DYNAMIC}
     * @return the entry id
     */
    public int addIpEntry(Step step, IpPrefix prefix, String source, int line) {
        switch (step) {
            case APPROVED_IP, BLOCKED_IP, GLOBAL_APPROVED, REPUTATION_STANDARD, REPUTATION_DYNAMIC -> {
            }
            default -> throw new IllegalArgumentException("not an address step: " + step);
        }
        int id = addEntry(prefix.length(), source, line);
        (prefix.family() == 4 ? covers4 : covers6).add(prefix.high(), prefix.low(), prefix.length(), step, id);
        stats[step.code() - 1]++; // STAT_NAMES: approved-ip, blocked-ip, 2 country counters, global, feeds
        return id;
    }

    /**
     * Adds a country entry; when a country is listed twice in one list the first entry is the one reported.
     *
     * @param approved true for the Approved list, false for the Blocked list
     */
    public int addCountryEntry(boolean approved, String countryCode, String source, int line) {
        int cc = CountryCodes.index(countryCode);
        if (cc < 0) {
            throw new IllegalArgumentException("not a country code: " + countryCode);
        }
        int id = addEntry(0, source, line);
        int slot = 2 * cc + (approved ? 0 : 1);
        if (countries[slot] == 0) {
            countries[slot] = id;
        }
        stats[approved ? 2 : 3]++;
        return id;
    }

    /**
     * Adds an IP-to-country range. Ranges of one family must be added in ascending order and must not overlap.
     */
    public void addGeoRange(int family, long startHigh, long startLow, long endHigh, long endLow, String countryCode) {
        int cc = CountryCodes.index(countryCode);
        if (cc < 0) {
            throw new IllegalArgumentException("not a country code: " + countryCode);
        }
        RangeFlattener.Ranges target = family == 4 ? geo4 : geo6;
        if (target.size > 0) {
            int last = target.size - 1;
            int c = Long.compareUnsigned(target.endHigh[last], startHigh);
            if (c > 0 || (c == 0 && Long.compareUnsigned(target.endLow[last], startLow) >= 0)) {
                throw new IllegalArgumentException("IP-to-country ranges must be ascending and disjoint");
            }
        }
        target.append(startHigh, startLow, endHigh, endLow, cc + 1);
    }

    /**
     * Records an entry's place. Entries arrive a source at a time in line order (the compiler reads them so),
     * so consecutive entries share a run (source and base line) and each costs 4 bytes: its line offset and
     * prefix length. Another source, a line that goes back, or one too far ahead starts a new run.
     */
    private int addEntry(int prefixLength, String source, int line) {
        if (line < 0) {
            throw new IllegalArgumentException("negative line number " + line);
        }
        Integer index = sourceIndex.get(source);
        if (index == null) {
            index = sources.size();
            sources.add(source);
            sourceIndex.put(source, index);
        }
        int delta = line - lastLine;
        if (runCount == 0 || runs[3 * runCount - 2] != index || delta < 0 || delta > MAX_LINE_DELTA
                || entryCount + 1 - runs[3 * runCount - 3] >= MAX_RUN_ENTRIES) {
            if (3 * runCount + 3 > runs.length) {
                runs = Arrays.copyOf(runs, runs.length * 2);
            }
            delta = 0; // a run's base line is its first entry's line
            runs[3 * runCount] = entryCount + 1;
            runs[3 * runCount + 1] = index;
            runs[3 * runCount + 2] = line;
            runCount++;
        }
        lastLine = line;
        if (entryCount == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[entryCount] = (char) entryRecord(delta, prefixLength);
        entryCount++;
        if (entryCount > ENTRY_MASK) {
            throw new IllegalStateException("too many entries for one snapshot");
        }
        return entryCount;
    }

    /**
     * Adds an approved HELO/EHLO string of the Global Approved List with one IP of its nomination; call once per IP.
     * A string approved by two nominations for the same IP is kept once, with the older nomination.
     */
    public void addGlobalHelo(String helo, long nominationId, IpPrefix address) {
        if (!address.isHost() || nominationId <= 0 || nominationId > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a HELO string is tied to single addresses of a nomination: " + address
                    + ", nomination " + nominationId);
        }
        long hash = HeloRecords.hash(helo);
        String key = hash + "|" + address.canonical();
        long[] record = {hash, address.high(), address.low(), address.family() | nominationId << 32};
        globalHelos.merge(key, record, (a, b) -> (a[3] >>> 32) <= (b[3] >>> 32) ? a : b);
    }

    /** The HELO section's records in lookup order. */
    private long[] heloRecords() {
        long[] all = new long[4 * globalHelos.size()];
        int i = 0;
        for (long[] r : globalHelos.values()) {
            System.arraycopy(r, 0, all, 4 * i++, 4);
        }
        Integer[] order = new Integer[globalHelos.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> HeloRecords.compare(all, a, b));
        long[] sorted = new long[all.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(all, 4 * order[k], sorted, 4 * k, 4);
        }
        return sorted;
    }

    /** The entries added so far: what the snapshot's header counts ({@code SnapshotInfo.entries()}). */
    public int entries() {
        return entryCount;
    }

    /** Flattens the lists and lays out the whole file; the result carries its checksum. */
    public ByteBuffer build() {
        Map<Long, Integer> combined = new HashMap<>();
        RangeFlattener.Ranges policy4 = RangeFlattener.flatten(covers4, 32, combined);
        RangeFlattener.Ranges policy6 = RangeFlattener.flatten(covers6, 128, combined);
        stats[7] = policy4.size;
        stats[8] = policy6.size;
        stats[9] = geo4.size;
        stats[10] = geo6.size;

        List<RangeTableWriter.Section> sections = new ArrayList<>();
        ByteBuffer strings = RangeTableWriter.buffer(stringBytes());
        ByteBuffer sourceOffsets = RangeTableWriter.buffer(4L * sources.size());
        int at = 0;
        for (int i = 0; i < sources.size(); i++) {
            byte[] utf8 = sources.get(i).getBytes(StandardCharsets.UTF_8);
            sourceOffsets.putInt(4 * i, at);
            strings.putShort(at, (short) utf8.length).put(at + 2, utf8);
            at += 2 + utf8.length;
        }
        sections.add(new RangeTableWriter.Section(SECTION_STRINGS, strings.capacity(), strings));
        sections.add(new RangeTableWriter.Section(SECTION_SOURCES, sources.size(), sourceOffsets));
        ByteBuffer entryBuffer = RangeTableWriter.buffer((long) ENTRY_SIZE * entryCount);
        entryBuffer.asCharBuffer().put(entries, 0, entryCount);
        sections.add(new RangeTableWriter.Section(SECTION_ENTRIES, entryCount, entryBuffer));
        ByteBuffer runBuffer = RangeTableWriter.buffer((long) ENTRY_RUN_SIZE * runCount);
        runBuffer.asIntBuffer().put(runs, 0, 3 * runCount);
        sections.add(new RangeTableWriter.Section(SECTION_ENTRY_RUNS, runCount, runBuffer));
        int[] coverPairs = new int[2 * combined.size()];
        combined.forEach((key, index) -> {
            coverPairs[2 * index] = (int) (key >>> 32);
            coverPairs[2 * index + 1] = (int) (long) key;
        });
        ByteBuffer coverBuffer = RangeTableWriter.buffer(4L * coverPairs.length);
        coverBuffer.asIntBuffer().put(coverPairs);
        sections.add(new RangeTableWriter.Section(SECTION_COVERS, combined.size(), coverBuffer));
        ByteBuffer countryBuffer = RangeTableWriter.buffer((long) COUNTRY_RECORD_SIZE * CountryCodes.SIZE);
        countryBuffer.asIntBuffer().put(countries);
        sections.add(new RangeTableWriter.Section(SECTION_COUNTRIES, CountryCodes.SIZE, countryBuffer));
        ByteBuffer statBuffer = RangeTableWriter.buffer(4L * stats.length);
        statBuffer.asIntBuffer().put(stats);
        sections.add(new RangeTableWriter.Section(SECTION_STATS, stats.length, statBuffer));
        RangeTableWriter.write(SECTION_POLICY_V4, policy4, 32, sections);
        RangeTableWriter.write(SECTION_POLICY_V6, policy6, 128, sections);
        RangeTableWriter.write(SECTION_GEO_V4, geo4, 32, sections);
        RangeTableWriter.write(SECTION_GEO_V6, geo6, 128, sections);
        if (!globalHelos.isEmpty()) {
            long[] helos = heloRecords();
            ByteBuffer heloBuffer = RangeTableWriter.buffer(8L * helos.length);
            heloBuffer.asLongBuffer().put(helos);
            sections.add(new RangeTableWriter.Section(SECTION_GLOBAL_HELO, globalHelos.size(), heloBuffer));
        }
        return layout(sections);
    }

    private long stringBytes() {
        long total = 0;
        for (String s : sources) {
            int length = s.getBytes(StandardCharsets.UTF_8).length;
            if (length > 0xFFFF) {
                throw new IllegalArgumentException("source name longer than 65535 bytes");
            }
            total += 2 + length;
        }
        return total;
    }

    private ByteBuffer layout(List<RangeTableWriter.Section> sections) {
        long offset = align(HEADER_SIZE + (long) SECTION_DESCRIPTOR_SIZE * sections.size());
        long[] offsets = new long[sections.size()];
        for (int i = 0; i < sections.size(); i++) {
            offsets[i] = offset;
            offset = align(offset + sections.get(i).data().capacity());
        }
        ByteBuffer file = RangeTableWriter.buffer(offset);
        file.putLong(OFF_MAGIC, MAGIC)
                .putShort(OFF_VERSION, (short) VERSION)
                .putShort(OFF_FLAGS, (short) (overlapsForced ? FLAG_OVERLAPS_FORCED : 0))
                .putInt(OFF_SECTION_COUNT, sections.size())
                .putLong(OFF_FILE_SIZE, offset)
                .putLong(OFF_CREATED_MILLIS, created.toEpochMilli())
                .putLong(OFF_REVISION, revision)
                .putInt(OFF_ENTRY_COUNT, entryCount);
        for (int i = 0; i < sections.size(); i++) {
            RangeTableWriter.Section s = sections.get(i);
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            file.putInt(at, s.id()).putInt(at + 4, (int) s.count()).putLong(at + 8, offsets[i])
                    .putLong(at + 16, s.data().capacity());
            file.put((int) offsets[i], s.data(), 0, s.data().capacity());
        }
        CRC32C crc = new CRC32C();
        crc.update(file.slice(0, OFF_CHECKSUM));
        crc.update(file.slice(OFF_CHECKSUM + 4, file.capacity() - OFF_CHECKSUM - 4));
        file.putInt(OFF_CHECKSUM, (int) crc.getValue());
        return file;
    }

    private static long align(long offset) {
        return (offset + 7) & ~7L;
    }
}
