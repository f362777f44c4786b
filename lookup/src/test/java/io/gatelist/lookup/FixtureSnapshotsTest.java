package io.gatelist.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checked-in snapshots under {@code fixtures/} open and give the expected answers, read both ways a file can
 * be held. They were written by the compiler of their time from the lists beside them (the application's
 * {@code LookupFixturesTest} checks that today's compiler still writes them byte for byte), so a reader change
 * that can no longer read a published snapshot fails here.
 */
class FixtureSnapshotsTest {

    /** The fixtures, from the module's folder (the tests' working directory). */
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");

    @TempDir
    Path dir;

    /** A copy of the fixture, opened as a published file is (the checked-in one stays as it is). */
    private PolicySnapshot open(String fixture, PolicySnapshot.FileMode mode) throws IOException {
        Path file = dir.resolve(fixture + ".bin");
        if (!Files.exists(file)) {
            Path checkedIn = FIXTURES.resolve(fixture).resolve("snapshot.bin");
            assertTrue(Files.isRegularFile(checkedIn), "no fixture " + checkedIn);
            Files.copy(checkedIn, file);
        }
        return PolicySnapshot.open(file, mode);
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3} {4}")
    @CsvFileSource(files = "src/test/resources/fixtures/expected-answers.csv", numLinesToSkip = 1)
    void eachFixtureAnswersAsItsListsSay(String fixture, String address, String country, String mode, String helo,
            Decision decision, String step, String list, String value, String source, Integer line,
            String verdictCountry) throws IOException {
        Mode m = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        Verdict expected = new Verdict(decision, step(step), list == null ? null
                : new MatchedEntry(list, value, source, line), verdictCountry);
        for (PolicySnapshot.FileMode fileMode : PolicySnapshot.FileMode.values()) {
            PolicySnapshot snapshot = open(fixture, fileMode);
            assertEquals(expected, snapshot.lookup(address, country, m, helo), fileMode.toString());
            if (helo == null) {
                assertEquals(expected, snapshot.lookup(address, country, m));
                assertTheCodesSayTheSame(snapshot, expected, address, CountryCodes.index(country), m);
            }
        }
    }

    /** The allocation-free paths agree with {@code lookup}: {@code evaluate*} and {@code decide*}, explained. */
    private static void assertTheCodesSayTheSame(PolicySnapshot snapshot, Verdict expected, String address,
            int cc, Mode mode) {
        long v4 = IpLiterals.parseIpv4(address);
        if (v4 != IpLiterals.INVALID) {
            long evaluated = snapshot.evaluateIpv4((int) v4, cc, mode);
            long decided = snapshot.decideIpv4((int) v4, cc, mode);
            assertEquals(expected.step(), VerdictCodes.step(decided), "decideIpv4");
            assertEquals(expected, snapshot.explainIpv4(evaluated, (int) v4), "evaluateIpv4");
            assertEquals(expected, snapshot.explainIpv4(decided, (int) v4), "decideIpv4");
            return;
        }
        long[] v6 = new long[2];
        assertTrue(IpLiterals.parseIpv6(address, v6), address);
        long evaluated = snapshot.evaluateIpv6(v6[0], v6[1], cc, mode);
        long decided = snapshot.decideIpv6(v6[0], v6[1], cc, mode);
        assertEquals(expected.step(), VerdictCodes.step(decided), "decideIpv6");
        assertEquals(expected, snapshot.explainIpv6(evaluated, v6[0], v6[1]), "evaluateIpv6");
        assertEquals(expected, snapshot.explainIpv6(decided, v6[0], v6[1]), "decideIpv6");
    }

    private static Step step(String id) {
        for (Step s : Step.values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a step: " + id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(files = "src/test/resources/fixtures/expected-info.csv", numLinesToSkip = 1)
    void eachFixtureHeaderIsAsWritten(String fixture, int formatVersion, boolean overlapsForced, long revision,
            Instant created, int entries, long fileSize, String checksum) throws IOException {
        for (PolicySnapshot.FileMode fileMode : PolicySnapshot.FileMode.values()) {
            SnapshotInfo info = open(fixture, fileMode).info();
            assertEquals(formatVersion, info.formatVersion());
            assertEquals(overlapsForced, info.overlapsForced());
            assertEquals(revision, info.revision());
            assertEquals(created, info.created());
            assertEquals(entries, info.entries());
            assertEquals(fileSize, info.fileSize());
            assertEquals(checksum, info.checksumHex());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "damaged-checksum, checksum mismatch",
        "damaged-entry,    the IPv4 policy table's range 12 refers to entry 8 of 7",
    })
    void aDamagedFixtureIsRefusedWithItsReason(String fixture, String reason) {
        for (PolicySnapshot.FileMode fileMode : PolicySnapshot.FileMode.values()) {
            String message = assertThrows(InvalidSnapshotException.class, () -> open(fixture, fileMode))
                    .getMessage();
            assertTrue(message.startsWith("invalid snapshot: ") && message.contains(reason), message);
        }
    }
}
