package io.gatelist.snapshot;

import static io.gatelist.lookup.format.SnapshotFormat.HEADER_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.IPV4_BOUNDARY_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;
import static io.gatelist.lookup.format.SnapshotFormat.OFF_CHECKSUM;
import static io.gatelist.lookup.format.SnapshotFormat.OFF_ENTRY_COUNT;
import static io.gatelist.lookup.format.SnapshotFormat.OFF_SECTION_COUNT;
import static io.gatelist.lookup.format.SnapshotFormat.SECTION_DESCRIPTOR_SIZE;
import static io.gatelist.lookup.format.SnapshotFormat.SECTION_POLICY_V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lookup module's checked-in snapshot fixtures ({@code lookup/src/test/resources/fixtures}) are exactly what
 * this compiler writes from the source lists kept beside them. The lookup module's own tests open those files
 * and check their answers, so together the two say that a snapshot written by today's compiler opens and answers
 * the same in the reader: a change to the format (or to how the compiler lays a file out) that forgets the
 * fixtures fails here, and a reader change that cannot read a file written before it fails there.
 *
 * <p>A deliberate format change rewrites them with
 * {@code mvn -B -q test -Dtest=LookupFixturesTest -Dgatelist.fixtures.write=true} (the tests then report
 * themselves skipped, since they checked nothing). A new format version must keep one old file to show what the
 * new reader says about it.
 */
class LookupFixturesTest {

    /** The fixtures, from the repository root (the tests' working directory). */
    static final Path FIXTURES = Path.of("lookup", "src", "test", "resources", "fixtures");

    private static final boolean WRITE = Boolean.getBoolean("gatelist.fixtures.write");

    /** A fixture as {@code fixtures.csv} declares it: the header fields its lists do not give. */
    record Fixture(String name, long revision, Instant created, boolean overlapsForced) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Fixture> fixtures() throws IOException {
        List<Fixture> all = new ArrayList<>();
        for (CSVRecord r : records(FIXTURES.resolve("fixtures.csv"))) {
            all.add(new Fixture(r.get("name"), Long.parseLong(r.get("revision")), Instant.parse(r.get("created")),
                    Boolean.parseBoolean(r.get("overlaps_forced"))));
        }
        return all;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void eachFixtureIsWhatTheCompilerWritesFromItsLists(Fixture fixture) throws IOException {
        checkOrWrite(fixture.name(), compile(fixture));
        skippedWhenWriting();
    }

    /**
     * damaged-checksum: ipv4-policy with the lowest bit of its last byte flipped, so that only the checksum can
     * tell. damaged-entry: ipv4-policy whose last IPv4 policy range names the entry after the last one, with the
     * checksum recomputed, so that the structural checks must refuse it.
     */
    @Test
    void theDamagedFixturesAreIpv4PolicyWithOneDamageEach() throws IOException {
        byte[] good = compile(fixture("ipv4-policy"));

        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        checkOrWrite("damaged-checksum", flipped);

        byte[] pastTheEntries = good.clone();
        ByteBuffer le = ByteBuffer.wrap(pastTheEntries).order(ByteOrder.LITTLE_ENDIAN);
        int descriptor = descriptor(le, SECTION_POLICY_V4);
        int lastRange = (int) le.getLong(descriptor + 8) + (le.getInt(descriptor + 4) - 1) * IPV4_BOUNDARY_SIZE;
        int entries = le.getInt(OFF_ENTRY_COUNT);
        le.putInt(lastRange + 4, Step.BLOCKED_IP.code() << KIND_SHIFT | (entries + 1));
        CRC32C crc = new CRC32C();
        crc.update(pastTheEntries, 0, OFF_CHECKSUM);
        crc.update(pastTheEntries, OFF_CHECKSUM + 4, pastTheEntries.length - OFF_CHECKSUM - 4);
        le.putInt(OFF_CHECKSUM, (int) crc.getValue());
        checkOrWrite("damaged-entry", pastTheEntries);
        skippedWhenWriting();
    }

    /** A run that rewrote the fixtures checked nothing, and says so. */
    private static void skippedWhenWriting() {
        Assumptions.assumeFalse(WRITE, "the fixtures were rewritten, not checked");
    }

    private static Fixture fixture(String name) throws IOException {
        return fixtures().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static int descriptor(ByteBuffer le, int id) {
        for (int i = 0; i < le.getInt(OFF_SECTION_COUNT); i++) {
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            if (le.getInt(at) == id) {
                return at;
            }
        }
        throw new AssertionError("no section " + id);
    }

    /** Compares {@code image} with the checked-in {@code name/snapshot.bin}, or writes it there when asked to. */
    private static void checkOrWrite(String name, byte[] image) throws IOException {
        Path file = FIXTURES.resolve(name).resolve("snapshot.bin");
        if (WRITE) {
            Files.createDirectories(file.getParent());
            Files.write(file, image);
            return;
        }
        assertTrue(Files.isRegularFile(file), file + " is missing");
        byte[] checkedIn = Files.readAllBytes(file);
        int differs = Arrays.mismatch(checkedIn, image);
        assertEquals(-1, differs, () -> file + " is not what the compiler writes from its lists: " + checkedIn.length
                + " bytes checked in, " + image.length + " compiled, first difference at byte " + differs
                + ". If the format changed on purpose, rewrite the fixtures (see LookupFixturesTest).");
    }

    /** The snapshot of a fixture's lists: lists.csv, and geo.csv and helo.csv when present. */
    static byte[] compile(Fixture fixture) throws IOException {
        Path dir = FIXTURES.resolve(fixture.name());
        SnapshotBuilder builder = new SnapshotBuilder(fixture.revision(), fixture.created())
                .overlapsForced(fixture.overlapsForced());
        if (Files.exists(dir.resolve("geo.csv"))) {
            for (CSVRecord r : records(dir.resolve("geo.csv"))) {
                long[] start = address(r.get("start"));
                long[] end = address(r.get("end"));
                builder.addGeoRange((int) start[2], start[0], start[1], end[0], end[1], r.get("country"));
            }
        }
        for (CSVRecord r : records(dir.resolve("lists.csv"))) {
            String list = r.get("list");
            String source = r.get("source");
            int line = Integer.parseInt(r.get("line"));
            switch (list) {
                case "approved-country" -> builder.addCountryEntry(true, r.get("value"), source, line);
                case "blocked-country" -> builder.addCountryEntry(false, r.get("value"), source, line);
                default -> builder.addIpEntry(step(list), prefix(r.get("value")), source, line);
            }
        }
        if (Files.exists(dir.resolve("helo.csv"))) {
            for (CSVRecord r : records(dir.resolve("helo.csv"))) {
                builder.addGlobalHelo(r.get("helo"), Long.parseLong(r.get("nomination")), prefix(r.get("address")));
            }
        }
        ByteBuffer image = builder.build();
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return bytes;
    }

    private static Step step(String id) {
        return Arrays.stream(Step.values()).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a list: " + id));
    }

    /** An address or CIDR block in the text the lists use. */
    private static IpPrefix prefix(String text) {
        int slash = text.indexOf('/');
        long[] a = address(slash < 0 ? text : text.substring(0, slash));
        int width = a[2] == 4 ? 32 : 128;
        int length = slash < 0 ? width : Integer.parseInt(text.substring(slash + 1));
        return a[2] == 4 ? IpPrefix.ipv4((int) a[1], length) : IpPrefix.ipv6(a[0], a[1], length);
    }

    /** {high, low, family} of an address literal. */
    private static long[] address(String text) {
        long v4 = IpLiterals.parseIpv4(text);
        if (v4 != IpLiterals.INVALID) {
            return new long[] {0, v4, 4};
        }
        long[] v6 = new long[2];
        if (!IpLiterals.parseIpv6(text, v6)) {
            throw new IllegalArgumentException("not an address: " + text);
        }
        return new long[] {v6[0], v6[1], 6};
    }

    private static List<CSVRecord> records(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
