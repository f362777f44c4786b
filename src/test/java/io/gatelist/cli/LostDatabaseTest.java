package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists' database lost under a home whose snapshot is published, as the issue reproduced it (a zero-length
 * H2 file; "compile" then published "revision 0, 0 entries" over revision 3): nothing replaces the published
 * snapshot unless the operator says so, and then its revision still goes forward.
 */
class LostDatabaseTest {

    @TempDir
    Path dir;

    private Path home;
    private Path dataFile;
    private SnapshotInfo published;

    @BeforeEach
    void aHomeWithAPublishedSnapshot() throws Exception {
        home = dir.resolve("home");
        Path samples = TestAppliance.samples();
        CliProcess.Result imported = run("import", samples.resolve("approved.csv").toString(),
                samples.resolve("blocked.csv").toString());
        assertEquals(0, imported.exit(), imported.err());
        CliProcess.Result compiled = run("compile", "--accept-overlaps");
        assertEquals(0, compiled.exit(), compiled.err());
        dataFile = home.resolve("db").resolve("gatelist.mv.db");
        published = PolicySnapshot.open(home.resolve("snapshots").resolve("current.bin")).info();
        assertTrue(published.entries() > 0 && published.revision() > 0, published.toString());
    }

    @Test
    void anEmptyDatabaseFileStopsCompileAndTheDaemonAndThePublishedSnapshotStays() throws Exception {
        Files.write(dataFile, new byte[0]);

        CliProcess.Result compile = run("compile", "--accept-overlaps", "--allow-shrink");
        assertEquals(1, compile.exit());
        assertEquals(1, compile.err().lines().count(), compile.err());
        assertTrue(compile.err().contains(dataFile + " is empty (0 bytes)"), compile.err());
        assertTrue(compile.err().contains("restore it from a backup"), compile.err());
        assertEquals(0, Files.size(dataFile));

        CliProcess.Result watch = run("watch");
        assertEquals(1, watch.exit(), "the daemon does not start on it: " + watch.out());
        assertTrue(watch.err().contains(dataFile + " is empty (0 bytes)"), watch.err());

        assertEquals(published, PolicySnapshot.open(home.resolve("snapshots").resolve("current.bin")).info());
    }

    @Test
    void listsStartedAfreshAreNotPublishedOverTheOldOnesUnlessAllowedAndThenAsTheNextRevision() throws Exception {
        Files.move(dataFile, dataFile.resolveSibling("gatelist.mv.db.old"));
        Path current = home.resolve("snapshots").resolve("current.bin");

        CliProcess.Result refused = run("compile");
        assertEquals(1, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("compile refused: the new snapshot would hold 0 entries where the one it "
                + "replaces (revision " + published.revision() + ") holds " + published.entries()), refused.err());
        assertTrue(refused.err().contains("--allow-shrink"), refused.err());
        assertEquals(published, PolicySnapshot.open(current).info(), "the published snapshot is untouched");

        CliProcess.Result allowed = run("compile", "--allow-shrink");
        assertEquals(0, allowed.exit(), allowed.err());
        SnapshotInfo now = PolicySnapshot.open(current).info();
        assertEquals(0, now.entries());
        assertEquals(published.revision() + 1, now.revision(), "a new database's revision 0 does not go back");
        assertTrue(allowed.out().contains("revision " + now.revision() + ", 0 entries"), allowed.out());

        CliProcess.Result imported = run("import", TestAppliance.samples().resolve("approved.csv").toString());
        assertEquals(0, imported.exit(), imported.err());
        CliProcess.Result next = run("compile");
        assertEquals(0, next.exit(), next.err());
        assertTrue(PolicySnapshot.open(current).info().revision() > now.revision(), "and goes on from there");
        assertFalse(next.err().contains("refused"), next.err());
    }

    private CliProcess.Result run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(dir, null, all);
    }
}
