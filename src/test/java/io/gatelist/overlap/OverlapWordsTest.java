package io.gatelist.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.LiveOverlapInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The words of every overlap code against the answers: lists holding one case of each code (the seed's own example
 * among them) are imported and compiled for real, and each finding's message must say what the compiled snapshot's
 * lookup answers for an address inside both entries, in both modes, and which entry it reports. The words cannot
 * drift from the answers again ("the block may take priority" said the opposite of what lookups do).
 */
class OverlapWordsTest {

    @TempDir
    Path dir;

    @Test
    void everyOverlapSaysWhatTheLookupAnswersInsideBothEntries() throws Exception {
        List<Overlap> found = new ArrayList<>();
        PolicySnapshot snapshot;
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            for (Path file : List.of(
                    TestAppliance.csv(dir, "words-a.csv", "list,kind,value,comment",
                            "approved,ip,172.31.15.164/30,the seed's example",
                            "blocked,ip,172.31.15.164/31,the seed's example: blocked-inside-approved",
                            "approved,ip,45.64.9.0/24,same-range-both-lists",
                            "blocked,ip,45.64.9.0/24,same-range-both-lists",
                            "blocked,ip,45.70.0.0/16,approved-inside-blocked",
                            "approved,ip,45.70.1.0/24,approved-inside-blocked",
                            "approved,country,NZ,country-both-lists",
                            "blocked,country,NZ,country-both-lists",
                            "blocked,ip,45.80.0.0/24,duplicate-entry",
                            "approved,ip,45.81.0.0/24,duplicate-entry",
                            "blocked,country,KP,duplicate-entry",
                            "approved,ip,45.82.0.0/16,redundant-entry",
                            "approved,ip,45.82.5.0/24,redundant-entry",
                            "blocked,ip,45.83.0.0/16,redundant-entry",
                            "blocked,ip,45.83.5.0/24,redundant-entry",
                            "approved,ip,45.90.1.0/24,approved-exempts-listed (inside a listed block)",
                            "approved,ip,45.91.0.0/16,approved-exempts-listed (around a listed block)"),
                    TestAppliance.csv(dir, "words-b.csv", "list,kind,value,comment",
                            "blocked,ip,45.80.0.0/24,duplicate-entry",
                            "approved,ip,45.81.0.0/24,duplicate-entry",
                            "blocked,country,KP,duplicate-entry"))) {
                assertEquals(ImportState.ACCEPTED, appliance.importFile(file).run().state());
            }
            Path feed = Files.writeString(dir.resolve("kss.txt"), "45.90.0.0/16 ; SBL1\n45.91.3.0/24 ; SBL2\n");
            assertEquals(ImportState.ACCEPTED, appliance.imports().importFeed(feed, "kss", FeedDatabase.STANDARD,
                    new ImportService.Options(null, 100, 0)).run().state());
            LiveOverlapInput.load(appliance.database).analyze(found::add);
            Path out = dir.resolve("words.bin");
            assertTrue(new SnapshotCompiler(new EntryStore(appliance.database), Clock.systemUTC()).compile(out, true)
                    .published());
            snapshot = PolicySnapshot.open(out);
        }

        Set<OverlapCode> codes = EnumSet.noneOf(OverlapCode.class);
        for (Overlap o : found) {
            codes.add(o.code());
            String message = o.message();
            EntryRef inside = narrower(o);
            boolean country = inside.value().length() == 2;
            // An address inside both entries: the narrower one's network address, or for a country an address
            // that no IP entry covers, asked with that country.
            String address = country ? "198.18.7.7" : inside.value().split("/")[0];
            String cc = country ? inside.value() : null;
            Verdict standard = snapshot.lookup(address, cc, Mode.STANDARD);
            Verdict dynamic = snapshot.lookup(address, cc, Mode.DYNAMIC);
            assertTrue(message.contains(answers(standard, dynamic)), o.code() + ": " + message + "\nbut lookups "
                    + "answer " + standard + " / " + dynamic);
            if (message.contains("reported as the last copy by source name and line")) {
                // two copies here: the finding's b is the later one
                assertEquals(o.b().source() + ":" + o.b().line(), standard.matched().source() + ":"
                        + standard.matched().line(), message);
            } else if (message.contains("reported as ")) {
                assertTrue(message.contains("reported as " + standard.matched().value() + " ("
                        + standard.matched().source() + ":" + standard.matched().line() + ")"), o.code() + ": "
                        + message + "\nbut lookups report " + standard.matched());
            }
            if (o.code() != OverlapCode.DUPLICATE_ENTRY && o.code() != OverlapCode.REDUNDANT_ENTRY) {
                // the code's own words (text output, HTML) say the same for every finding of the code
                assertTrue(o.code().meaning().contains(answers(standard, dynamic)), o.code().meaning());
            }
            if (o.code() == OverlapCode.APPROVED_INSIDE_BLOCKED) {
                // "the rest of" the blocked range: its network address lies outside the carve-out
                Verdict rest = snapshot.lookup(o.a().value().split("/")[0], null, Mode.STANDARD);
                assertTrue(message.contains("the rest of " + o.a().value() + " " + rest.decision() + " at "
                        + rest.step().id() + " in standard mode"), message);
            }
            assertFalse(message.contains("may take priority") || message.contains("might occur"), message);
        }
        assertEquals(EnumSet.allOf(OverlapCode.class), codes, "every code is pinned");
        Overlap seed = found.stream().filter(o -> o.code() == OverlapCode.BLOCKED_INSIDE_APPROVED).findFirst()
                .orElseThrow();
        assertTrue(seed.message().startsWith("blocked 172.31.15.164/31 (words-a.csv:3) lies inside approved "
                + "172.31.15.164/30 (words-a.csv:2): approved-ip decides before blocked-ip, so its addresses answer "
                + "APPROVED at approved-ip in both modes and the blocked entry never takes effect."), seed.message());
        assertEquals("approved-ip", snapshot.lookup("172.31.15.164", null, Mode.STANDARD).step().id());
    }

    /** The narrower side of a finding, inside (or equal to) the other. */
    private static EntryRef narrower(Overlap o) {
        return length(o.a()) > length(o.b()) ? o.a() : o.b();
    }

    private static int length(EntryRef e) {
        int slash = e.value().indexOf('/');
        return slash < 0 ? (e.value().length() == 2 ? 0 : 128) : Integer.parseInt(e.value().substring(slash + 1));
    }

    /**
     * How a message must put the lookups' answers: "answer VERDICT at STEP in both modes", or "in standard mode
     * (dynamic mode ignores the Blocked lists)" when the dynamic lookup, which skips them, finds nothing.
     */
    private static String answers(Verdict standard, Verdict dynamic) {
        String phrase = "answer " + standard.decision() + " at " + standard.step().id();
        if (standard.step() == dynamic.step()) {
            return phrase + " in both modes";
        }
        assertEquals(Step.NONE, dynamic.step(), "dynamic mode differs only by skipping the Blocked lists");
        return phrase + " in standard mode (dynamic mode ignores the Blocked lists)";
    }
}
