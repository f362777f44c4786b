package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entries that {@code compile} says it published are the entries the snapshot holds, as {@code snapshot
 * info} counts them: the lists, the Global Approved List and the feeds, not the policy entries alone (the issue
 * saw "14 entries" against 18, and "0 entries" against 2,406,267 for a home of feeds).
 */
class CompileCountTest {

    private static final Pattern COMPILED = Pattern.compile("revision (\\d+), (\\d+) entries");
    private static final Pattern INFO = Pattern.compile("(?m)^entries\\s+(\\d+)$");
    private static final Pattern INFO_REVISION = Pattern.compile("(?m)^list revision\\s+(\\d+)$");

    @TempDir
    Path dir;

    @Test
    void compilePrintsTheCountsThatSnapshotInfoReads() throws Exception {
        String home = dir.resolve("home").toString();
        Path feed = Files.writeString(dir.resolve("drop.txt"), "198.51.100.0/24\n203.0.113.64/26\n2001:db8:5::/48\n");
        CliProcess.Result feedOnly = CliProcess.run(dir, null, "--home", home, "import", "--kind", "feed", "--feed",
                "drop", "--database", "standard", feed.toString());
        assertEquals(0, feedOnly.exit(), feedOnly.err());
        assertSameCounts(home, 3);

        Path samples = TestAppliance.samples();
        CliProcess.Result lists = CliProcess.run(dir, null, "--home", home, "import",
                samples.resolve("approved.csv").toString(), samples.resolve("blocked.csv").toString());
        assertEquals(0, lists.exit(), lists.err());
        assertSameCounts(home, 3 + 12);
    }

    /** Compiles, and checks that compile's line and snapshot info agree, on {@code expected} entries. */
    private void assertSameCounts(String home, int expected) throws Exception {
        Path out = dir.resolve("snapshot.bin");
        CliProcess.Result compiled = CliProcess.run(dir, null, "--home", home, "compile", "--accept-overlaps",
                "--out", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        Matcher said = COMPILED.matcher(compiled.out());
        assertTrue(said.find(), compiled.out());

        CliProcess.Result info = CliProcess.run(dir, null, "snapshot", "info", out.toString());
        assertEquals(0, info.exit(), info.err());
        Matcher stored = INFO.matcher(info.out());
        Matcher revision = INFO_REVISION.matcher(info.out());
        assertTrue(stored.find() && revision.find(), info.out());

        assertEquals(stored.group(1), said.group(2), "compile: " + compiled.out() + "\nsnapshot info: " + info.out());
        assertEquals(revision.group(1), said.group(1));
        assertEquals(expected, Integer.parseInt(said.group(2)));
    }
}
