package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.input.ImportKind;
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
                assertEquals(ImportKind.FEED, run.kind());
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

    @Test
    void aFeedKeepsItsDatabaseUnlessItsOwnSettingNamesAnotherOneAndThenTheMoveIsReported() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"), "inbox.feed-database=standard",
                "inbox.feed-database.mover=dynamic", "feed.rbldnsd-dataset.broken=ip4tset")) {
            ImportService.Options options = new ImportService.Options(null, 100, 0);
            Path pool = Files.writeString(dir.resolve("pool.txt"), "60.0.0.0/16\n");
            Path mover = Files.writeString(dir.resolve("mover.txt"), "61.0.0.0/16\n");
            assertEquals(ImportState.ACCEPTED, d.appliance.imports().importFeed(pool, "pool", FeedDatabase.DYNAMIC,
                    options).run().state());
            assertEquals(ImportState.ACCEPTED, d.appliance.imports().importFeed(mover, "mover",
                    FeedDatabase.STANDARD, options).run().state());

            // pool: inbox.feed-database (standard) is for new feeds; the dynamic feed stays dynamic.
            land(d.inbox(), "pool-2026-11-24.txt", "60.0.0.0/16\n60.1.0.0/16\n");
            // mover: its own setting names the dynamic database, so the file moves it there, and says so.
            land(d.inbox(), "mover-2026-11-24.txt", "61.0.0.0/16\n");
            // A setting that is not valid refuses the file, with the reason.
            land(d.inbox(), "broken.txt", "63.0.0.0/16\n!63.0.1.0/24\n");
            d.awaitFinished(5, Duration.ofSeconds(60));
            ImportRun broken = latest(d, "broken");
            assertEquals(ImportState.REJECTED, broken.state());
            assertEquals("refused: gatelist.properties: feed.rbldnsd-dataset.broken is ip4set or ip4trie, not "
                    + "\"ip4tset\"", broken.message());
            FeedStore feeds = new FeedStore(d.appliance.database);
            assertEquals(FeedDatabase.DYNAMIC, feeds.feed("pool").database());
            assertEquals(FeedDatabase.DYNAMIC, feeds.feed("mover").database());
            ImportRun kept = latest(d, "pool");
            ImportRun moved = latest(d, "mover");
            assertEquals(ImportState.ACCEPTED, kept.state(), kept.message());
            assertEquals("applied to dynamic feed \"pool\": 1 lines added, 0 removed, 1 unchanged", kept.message());
            assertEquals(ImportState.ACCEPTED, moved.state(), moved.message());
            assertEquals("applied to feed \"mover\", moved from the standard database to dynamic: 0 lines added, 0 "
                    + "removed, 1 unchanged", moved.message());
            // The import is decided before its job writes the reports: wait for both pages (each written whole).
            Path reports = d.appliance.home.reportsDir();
            d.await(Duration.ofSeconds(60), () -> Files.exists(reports.resolve(moved.id() + "/report.html"))
                    && Files.exists(reports.resolve(kept.id() + "/report.html")));
            String json = Files.readString(d.appliance.home.reportsDir().resolve(moved.id() + "/report.json"));
            assertTrue(json.contains("\"movedFrom\" : \"standard\""), json);
            assertTrue(Files.readString(d.appliance.home.reportsDir().resolve(kept.id() + "/report.json"))
                    .contains("\"movedFrom\" : null"));
            assertTrue(Files.readString(d.appliance.home.reportsDir().resolve(moved.id() + "/report.html"))
                    .contains("mover in the dynamic database, moved there from standard by this import"));
        }
    }

    private static ImportRun latest(RunningDaemon d, String feed) {
        return d.imports().stream().filter(r -> r.sourceName().startsWith(feed))
                .max(Comparator.comparingLong(ImportRun::id)).orElseThrow();
    }
}
