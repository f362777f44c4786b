package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error is one clear line: each bad command line below, run as a real process, ends with exactly one line
 * on standard error that says what is wrong (in words, naming the thing), no stack trace, and the documented exit
 * code (2 for a bad command line, 1 for anything else). A bad command line is picocli's to say, with where help is
 * ({@code ; see 'gatelist import --help'}). {@code --debug} brings the trace back.
 */
class ErrorLinesTest {

    @TempDir
    static Path dir;

    /** A home with two imports in it. */
    private static Path home;

    @BeforeAll
    static void aHomeWithImports() throws Exception {
        home = dir.resolve("home");
        Path samples = TestAppliance.samples();
        CliProcess.Result imported = CliProcess.run(dir, null, "--home", home.toString(), "import",
                samples.resolve("approved.csv").toString(), samples.resolve("blocked.csv").toString());
        assertEquals(0, imported.exit(), imported.err());
        Files.writeString(dir.resolve("a-file"), "not a home\n");
        Files.writeString(Files.createDirectories(dir.resolve("bad-settings")).resolve("gatelist.properties"),
                "public-text.template=${who}\n");
        Files.createDirectories(dir.resolve("a-directory"));
    }

    static Stream<Arguments> badCommandLines() {
        String h = "HOME";
        String missing = "MISSING";
        return Stream.of(
                bad(1, "no import with id 999", "--home", h, "report", "999"),
                bad(1, "no import with id 999", "--home", h, "resume", "999"),
                bad(1, "no nomination 999", "--home", h, "nominations", "show", "999"),
                bad(2, "no database driver for jdbc:bogus:x", "--home", h, "--db", "jdbc:bogus:x", "imports"),
                bad(2, "a-file is a file, not a directory", "--home", "FILE", "imports"),
                bad(2, "a-file is a file, not a directory", "--home", "FILE", "import", "SAMPLE"),
                bad(1, "cannot create a file in /proc", "--home", h, "compile", "--accept-overlaps", "--out",
                        "/proc/version"),
                bad(2, "a-directory is a directory", "--home", h, "compile", "--out", "DIRECTORY"),
                bad(2, "--limit takes a number of imports, at least 1, not -1", "--home", h, "imports", "--limit",
                        "-1"),
                bad(2, "'x' is not an int", "--home", h, "imports", "--limit", "x"),
                bad(2, "--limit and --examples must not be negative", "--home", h, "overlaps", "--examples", "-1"),
                bad(2, "'no-such-command'", "--home", h, "no-such-command"),
                bad(1, "no appliance home at", "--home", missing, "imports"),
                bad(1, "no appliance home at", "--home", missing, "report"),
                bad(1, "no appliance home at", "--home", missing, "overlaps"),
                bad(1, "no appliance home at", "--home", missing, "nominations", "list"),
                bad(1, "no appliance home at", "--home", missing, "nominations", "show", "1"),
                bad(1, "no appliance home at", "--home", missing, "resume"),
                bad(1, "no appliance home at", "--home", missing, "compile"),
                // A value outside an option's choices, an option that goes with another kind, one file too many.
                bad(2, "Invalid value for option '--kind'", "--home", h, "import", "--kind", "maxmind", "SAMPLE"),
                bad(2, "Invalid value for option '--database'", "--home", h, "import", "--kind", "feed",
                        "--database", "nowhere", "SAMPLE"),
                bad(2, "--feed goes with --kind feed", "--home", h, "import", "--feed", "drop", "SAMPLE"),
                bad(2, "--database goes with --kind feed", "--home", h, "import", "--database", "dynamic", "SAMPLE"),
                bad(2, "--feed names one feed: give one file with it", "--home", h, "import", "--kind", "feed",
                        "--feed", "drop", "SAMPLE", "SAMPLE"),
                bad(2, "--source names one source: give one file with it", "--home", h, "import", "--source", "s",
                        "SAMPLE", "SAMPLE"),
                bad(2, "--contact-... and --nomination are for --kind mta or helo", "--home", h, "import",
                        "--nomination", "1", "SAMPLE"),
                bad(2, "--contact-email: ", "--home", h, "import", "--kind", "mta", "--contact-email", "not-an-address",
                        "--contact-first-name", "Ana", "--contact-last-name", "Reyes", "SAMPLE"),
                bad(2, "Invalid value for option '--mode'", "lookup", "--snapshot", "x.bin", "--mode", "sideways",
                        "192.0.2.1"),
                bad(2, "--country takes a two-letter code, not \"NZL\"", "lookup", "--snapshot", "x.bin", "--country",
                        "NZL", "192.0.2.1"),
                bad(2, "Invalid value for option '--format'", "export", "--format", "csv", "--out", "x.txt"),
                bad(2, "Invalid value for option '--state'", "--home", h, "nominations", "list", "--state", "pending"),
                bad(2, "expected one of policy, mta, helo but was 'geo'", "sample-csv", "geo"),
                bad(2, "--zone takes a domain name, not \"bl example\"", "serve-dns", "--zone", "bl example"),
                bad(2, "--threads must be at least 1", "serve-dns", "--zone", "bl.example.org", "--threads", "0"),
                // a setting of the home is not the command line
                bad(1, "(public-text.template): the template holds ${who}", "--home", "SETTINGS", "serve-dns",
                        "--zone", "bl.example.org"),
                bad(2, "give --company-type once for all entries or once per --ip (2 times), not 3 times", "nominate",
                        "--ip", "192.0.2.1", "--ip", "192.0.2.2", "--fqdn", "mx.example.org", "--email-domain",
                        "example.org", "--company", "Example", "--country", "NZ", "--company-type", "esp",
                        "--company-type", "isp", "--company-type", "other", "--contact-email", "ops@example.org",
                        "--contact-first-name", "Ana", "--contact-last-name", "Reyes"));
    }

    private static Arguments bad(int exit, String says, String... args) {
        return Arguments.of(exit, says, List.of(args));
    }

    @ParameterizedTest(name = "gatelist {2}")
    @MethodSource("badCommandLines")
    void oneLineNoTraceAndTheExitCode(int exit, String says, List<String> args) throws Exception {
        Path missing = dir.resolve("no-home-here");
        CliProcess.Result r = CliProcess.run(dir, null, resolve(args, missing));
        assertOneLine(r, exit, says);
        assertFalse(Files.exists(missing), "a command that only reads creates no home");
    }

    @Test
    void aReadOnlyHomeIsSaidToBeReadOnly() throws Exception {
        Path readOnly = dir.resolve("read-only");
        CliProcess.Result created = CliProcess.run(dir, null, "--home", readOnly.toString(), "import",
                TestAppliance.samples().resolve("approved.csv").toString());
        assertEquals(0, created.exit(), created.err());
        List<Path> folders;
        try (Stream<Path> all = Files.walk(readOnly)) {
            folders = all.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            // the superuser writes through permissions: there is nothing read-only to report then
            assumeFalse(Files.isWritable(readOnly.resolve("db")), "permissions do not bind this user (root)");
            assertOneLine(CliProcess.run(dir, null, "--home", readOnly.toString(), "imports"), 1,
                    "(read-only, or no permission)");
            assertOneLine(CliProcess.run(dir, null, "--home", readOnly.toString(), "import",
                    TestAppliance.samples().resolve("blocked.csv").toString()), 1, "is read-only");
        } finally {
            for (Path folder : folders) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    @Test
    void debugPrintsTheStackTraceAfterTheLine() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, null, "--home", home.toString(), "--debug", "report", "999");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("gatelist: no import with id 999"), r.err());
        assertTrue(r.err().contains("\tat io.gatelist."), "--debug shows where: " + r.err());
    }

    private static void assertOneLine(CliProcess.Result r, int exit, String says) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("gatelist: "), line);
        assertTrue(line.contains(says), "says \"" + says + "\": " + line);
        assertFalse(line.contains("Exception"), "no exception class names: " + line);
        assertFalse(line.contains("at io.") || line.contains("\tat "), "no stack trace: " + line);
        assertEquals(exit, r.exit(), line);
        if (exit == 2) {
            assertTrue(line.matches(".*; see 'gatelist( [a-z-]+)* --help'"), "a bad command line says where help is: "
                    + line);
        }
    }

    private static String[] resolve(List<String> args, Path missing) {
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            resolved.add(switch (a) {
                case "HOME" -> home.toString();
                case "MISSING" -> missing.toString();
                case "FILE" -> dir.resolve("a-file").toString();
                case "DIRECTORY" -> dir.resolve("a-directory").toString();
                case "SETTINGS" -> dir.resolve("bad-settings").toString();
                case "SAMPLE" -> TestAppliance.samples().resolve("approved.csv").toString();
                default -> a;
            });
        }
        return resolved.toArray(String[]::new);
    }
}
