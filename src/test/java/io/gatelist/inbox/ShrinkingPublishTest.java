package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon never publishes a snapshot that holds far fewer entries than the published one: it says why in
 * its log and the previous snapshot keeps serving. An operator who means the lists to shrink publishes once with
 * {@code gatelist compile --allow-shrink}.
 */
class ShrinkingPublishTest {

    @TempDir
    Path dir;

    @Test
    void aVersionThatDropsMostEntriesIsAppliedButNotPublished() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            List<String> rows = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                rows.add("blocked,ip,203.0.113." + i + ",");
            }
            land(d.inbox(), "partner-2026-11-01.csv", rows);
            d.awaitFinished(1, Duration.ofSeconds(60));
            Path current = d.appliance.home.currentSnapshot();
            d.await(Duration.ofSeconds(30), () -> entries(current) == 10);
            SnapshotInfo published = PolicySnapshot.open(current).info();

            land(d.inbox(), "partner-2026-11-02.csv", rows.subList(0, 4));
            d.awaitFinished(2, Duration.ofSeconds(60));
            d.await(Duration.ofSeconds(30), () -> d.log().contains("snapshot not published"));

            String log = d.log();
            assertTrue(log.contains("the new snapshot would hold 4 entries where the one it replaces (revision "
                    + published.revision() + ") holds 10: 60% fewer, more than the 50% that "
                    + "publish.max-shrink-percent allows"), log);
            assertTrue(log.contains("the previous snapshot keeps serving"), log);
            assertEquals(published, PolicySnapshot.open(current).info());
            assertEquals(4, d.imports().get(0).counts().accepted(), "the version itself was applied");
        }
    }

    private static long entries(Path snapshot) {
        try {
            return PolicySnapshot.open(snapshot).info().entries();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void land(Path inbox, String name, List<String> rows) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, "list,kind,value,comment\n" + String.join("\n", rows) + "\n");
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
