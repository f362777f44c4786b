package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.feed.FeedDatabase;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feed files dropped in the inbox: told by their format, named by their file name, published like the lists. */
class InboxFeedTest {

    @TempDir
    Path dir;

    private static void land(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void feedFilesAreToldByTheirFormatNamedByTheirFileAndPublished() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"), "inbox.feed-database.qil=dynamic")) {
            land(d.inbox(), "spamhaus-drop-2026-11-23.txt", "; Spamhaus DROP List 2026/11/23\n"
                    + "; Expires: Tue, 24 Nov 2026\n1.10.16.0/20 ; SBL256894\n1.19.0.0/16 ; SBL434604\n");
            land(d.inbox(), "qil_v3.ip4set", ":127.0.0.5:Dynamic: $\n41.0.0.0/16\n!41.0.7.0/24\n");
            d.awaitFinished(2, Duration.ofSeconds(60));
            List<ImportRun> runs = d.imports().stream().sorted(Comparator.comparingLong(ImportRun::id)).toList();
            for (ImportRun run : runs) {
                assertEquals(ImportState.ACCEPTED, run.state(), run.message());
                assertEquals("feed", run.kind());
            }
            FeedStore feeds = new FeedStore(d.appliance.database);
            assertEquals(FeedDatabase.STANDARD, feeds.feed("spamhaus-drop").database());
            assertEquals(2, feeds.feed("spamhaus-drop").entries());
            assertEquals(FeedDatabase.DYNAMIC, feeds.feed("qil").database());

            // The same DROP file again, under another dated name: a duplicate of the live version.
            land(d.inbox(), "spamhaus-drop-2026-11-24.txt", "; Spamhaus DROP List 2026/11/23\n"
                    + "; Expires: Tue, 24 Nov 2026\n1.10.16.0/20 ; SBL256894\n1.19.0.0/16 ; SBL434604\n");
            d.awaitFinished(3, Duration.ofSeconds(60));
            assertEquals(1, d.countsByState().get(ImportState.DUPLICATE));

            Path current = d.appliance.home.currentSnapshot();
            d.await(Duration.ofSeconds(60), () -> {
                try {
                    return Files.exists(current) && PolicySnapshot.open(current)
                            .lookup("41.0.1.1", null, Mode.DYNAMIC).step() == Step.REPUTATION_DYNAMIC;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            PolicySnapshot s = PolicySnapshot.open(current);
            assertEquals(Step.REPUTATION_STANDARD, s.lookup("1.19.2.3", null, Mode.STANDARD).step());
            assertEquals("feed spamhaus-drop: SBL434604", s.lookup("1.19.2.3", null, Mode.STANDARD).matched()
                    .source());
            assertEquals(Step.NONE, s.lookup("41.0.7.1", null, Mode.DYNAMIC).step(), "excluded");
            assertTrue(s.lookup("41.0.1.1", null, Mode.DYNAMIC).matched().source().startsWith("feed qil"));
        }
    }
}
