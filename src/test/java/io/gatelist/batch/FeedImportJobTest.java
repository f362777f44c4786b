package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedRange;
import io.gatelist.input.ImportKind;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotWatcher;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.Jdbc;
import io.gatelist.storage.LiveOverlapInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import-feed job run for real (JBeret under Weld SE, H2 file database) on every feed format, with good and
 * malformed lines, and the feeds compiled into snapshots behind the lists. Each test uses feeds and addresses of
 * its own, so the order of the tests does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedImportJobTest {

    @TempDir
    static Path dir;

    TestAppliance appliance;

    /** The database of the lists and the job repository: null for the embedded H2 file. */
    String jdbcUrl() {
        return null;
    }

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"), jdbcUrl());
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private ImportService.Outcome importFeed(String name, FeedDatabase database, String file, String... lines)
            throws Exception {
        Path path = Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
        return appliance.imports().importFeed(path, name, database, new ImportService.Options(null, 3, -1));
    }

    private List<FindingStore.StoredFinding> findings(long importId) {
        List<FindingStore.StoredFinding> found = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(importId, found::add);
        return found;
    }

    private FindingStore.StoredFinding finding(long importId, int line) {
        return findings(importId).stream().filter(f -> f.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no finding on line " + line + ": " + findings(importId)));
    }

    private PolicySnapshot compile(String name) throws Exception {
        Path out = dir.resolve(name + ".bin");
        SnapshotCompiler.Result result = new SnapshotCompiler(new EntryStore(appliance.database), Clock.systemUTC())
                .compile(out, true);
        assertTrue(result.published());
        return PolicySnapshot.open(out);
    }

    @Test
    void dropLinesApplyAndMalformedOnesAreLocated() throws Exception {
        ImportService.Outcome outcome = importFeed("drop", FeedDatabase.STANDARD, "drop.txt",
                "; Spamhaus DROP List 2026/11/23 - (c) 2026 The Spamhaus Project",
                "; Last-Modified: Mon, 23 Nov 2026 10:05:31 GMT",
                "1.10.16.0/20 ; SBL256894",
                "1.19.0.0/16 ; SBL434604",
                "1.32.128.0/18 ; SBL286275",
                "5.134.128.0/33 ; SBL270738",
                "not-an-address ; SBL1",
                "27.126.160.5/20 ; SBL2");
        assertTrue(outcome.completed(), outcome.run().message());
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(ImportKind.FEED, outcome.run().kind());
        assertEquals(3, outcome.run().counts().accepted());
        assertEquals(3, outcome.run().counts().rejected());
        assertEquals(3, outcome.run().counts().added());

        FindingStore.StoredFinding prefix = finding(outcome.run().id(), 6);
        assertEquals("cidr-prefix-invalid", prefix.code());
        assertEquals("5.134.128.0/33", prefix.value());
        assertEquals(1, prefix.column());
        assertEquals("ERROR", prefix.severity());
        assertEquals("ip-invalid", finding(outcome.run().id(), 7).code());
        assertEquals("cidr-host-bits", finding(outcome.run().id(), 8).code());
        assertNotNull(outcome.report());
        String html = Files.readString(outcome.report());
        assertTrue(html.contains("cidr-host-bits"), "the report lists the findings");
        String rejected = Files.readString(outcome.report().resolveSibling("rejected-rows.csv"));
        assertTrue(rejected.contains("not-an-address ; SBL1"), rejected);

        FeedStore.Feed feed = new FeedStore(appliance.database).feed("drop");
        assertEquals(FeedDatabase.STANDARD, feed.database());
        assertEquals(outcome.run().id(), feed.currentImportId());
        assertEquals(3, feed.entries());

        PolicySnapshot s = compile("drop");
        Verdict listed = s.lookup("1.10.17.1", null, Mode.STANDARD);
        assertEquals(Step.REPUTATION_STANDARD, listed.step());
        assertEquals("reputation-standard", listed.matched().list());
        assertEquals("1.10.16.0/20", listed.matched().value());
        assertEquals("feed drop: SBL256894", listed.matched().source());
        assertEquals(3, listed.matched().line());
        assertEquals(Step.NONE, s.lookup("1.10.17.1", null, Mode.DYNAMIC).step(), "a standard feed");
        assertEquals(Step.NONE, s.lookup("5.134.128.1", null, Mode.STANDARD).step(), "a rejected line");
    }

    @Test
    void rbldnsdExclusionsAreHonouredAndDefaultValuesGiveTheReason() throws Exception {
        ImportService.Outcome outcome = importFeed("trie", FeedDatabase.DYNAMIC, "dynamic.ip4trie",
                "$TTL 300",
                ":127.0.0.2:Dynamic pool, listed $",
                "# a comment",
                "41.0.0.0/16",
                "!41.0.7.0/24",
                "!41.0.9.9",
                "41.2.200.0-41.2.200.9 :5:range of hosts",
                "2c0f:f000::/32",
                "!2c0f:f000:1::/48",
                "!41.0.999.1",
                "41.1.0.0/16 trailing words are a reason");
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(7, outcome.run().counts().accepted());
        assertEquals(1, outcome.run().counts().rejected());
        assertEquals("ipv4-octet-range", finding(outcome.run().id(), 10).code());

        PolicySnapshot s = compile("trie");
        Verdict listed = s.lookup("41.0.6.255", null, Mode.DYNAMIC);
        assertEquals(Step.REPUTATION_DYNAMIC, listed.step());
        assertEquals("feed trie: Dynamic pool, listed", listed.matched().source());
        assertEquals(4, listed.matched().line());
        assertEquals(Step.NONE, s.lookup("41.0.7.0", null, Mode.DYNAMIC).step(), "an excluded /24");
        assertEquals(Step.NONE, s.lookup("41.0.7.255", null, Mode.DYNAMIC).step(), "an excluded /24");
        assertEquals(Step.REPUTATION_DYNAMIC, s.lookup("41.0.8.0", null, Mode.DYNAMIC).step());
        assertEquals(Step.NONE, s.lookup("41.0.9.9", null, Mode.DYNAMIC).step(), "an excluded host");
        assertEquals(Step.REPUTATION_DYNAMIC, s.lookup("41.0.9.8", null, Mode.DYNAMIC).step());
        assertEquals(Step.REPUTATION_DYNAMIC, s.lookup("41.0.9.10", null, Mode.DYNAMIC).step());
        assertEquals(Step.NONE, s.lookup("41.0.6.255", null, Mode.STANDARD).step(), "a dynamic feed");
        Verdict range = s.lookup("41.2.200.9", null, Mode.DYNAMIC);
        assertEquals("feed trie: range of hosts", range.matched().source());
        assertEquals(Step.NONE, s.lookup("41.2.200.10", null, Mode.DYNAMIC).step(), "past the listed range");
        assertEquals(Step.REPUTATION_DYNAMIC, s.lookup("2c0f:f000:2::1", null, Mode.DYNAMIC).step());
        assertEquals(Step.NONE, s.lookup("2c0f:f000:1::1", null, Mode.DYNAMIC).step(), "an excluded /48");
        assertEquals("feed trie: trailing words are a reason",
                s.lookup("41.1.2.3", null, Mode.DYNAMIC).matched().source());
    }

    @Test
    void jsonLinesApplyAndMalformedLinesAreLocated() throws Exception {
        ImportService.Outcome outcome = importFeed("drop-json", FeedDatabase.STANDARD, "drop_v4.json",
                "{\"cidr\":\"45.9.20.0/22\",\"sblid\":\"SBL500001\",\"rir\":\"ripencc\"}",
                "{\"cidr\":\"45.9.20.0/22\",\"sblid\":",
                "{\"sblid\":\"SBL2\"}",
                "{\"cidr\":\"2a06:e480::/29\",\"sblid\":\"SBL500002\",\"rir\":\"ripencc\"}",
                "{\"type\":\"metadata\",\"timestamp\":1763892000,\"size\":3,\"records\":2}");
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(2, outcome.run().counts().accepted());
        assertEquals(2, outcome.run().counts().rejected());
        assertEquals("feed-line-malformed", finding(outcome.run().id(), 2).code());
        FindingStore.StoredFinding noCidr = finding(outcome.run().id(), 3);
        assertEquals("feed-line-malformed", noCidr.code());
        assertEquals("cidr", noCidr.columnName());

        PolicySnapshot s = compile("json");
        assertEquals("feed drop-json: SBL500002", s.lookup("2a06:e481::1", null, Mode.STANDARD).matched().source());
        assertEquals(Step.REPUTATION_STANDARD, s.lookup("45.9.23.255", null, Mode.STANDARD).step());
    }

    @Test
    void csvValueReasonAppliesAndExtraColumnsAreAllowed() throws Exception {
        ImportService.Outcome outcome = importFeed("csv-feed", FeedDatabase.STANDARD, "csv-feed.csv",
                "; exported 2026-11-23",
                "value,reason",
                "62.210.0.0/16,\"snowshoe, many hosts\"",
                "62.211.0.1,",
                ",no value",
                "62.212.0.0/16,\"unclosed",
                "62.213.0.0/15,host bits");
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(2, outcome.run().counts().accepted());
        assertEquals(3, outcome.run().counts().rejected());
        assertEquals("feed-line-malformed", finding(outcome.run().id(), 5).code());
        assertEquals("feed-line-malformed", finding(outcome.run().id(), 6).code());
        assertEquals("cidr-host-bits", finding(outcome.run().id(), 7).code());
        PolicySnapshot s = compile("csv");
        assertEquals("feed csv-feed: snowshoe, many hosts", s.lookup("62.210.9.9", null, Mode.STANDARD)
                .matched().source());
        assertEquals("feed csv-feed", s.lookup("62.211.0.1", null, Mode.STANDARD).matched().source());

        ImportService.Outcome extra = importFeed("csv-extra", FeedDatabase.STANDARD, "extra.csv",
                "value,reason,first_seen", "63.0.0.0/16,x,2026-11-01");
        assertEquals(ImportState.ACCEPTED, extra.run().state(), "extra columns are allowed");
        assertEquals(1, extra.run().counts().accepted());
    }

    @Test
    void aFileThatIsNoFeedOrNotUtf8IsHeldAsAWhole() throws Exception {
        ImportService.Outcome none = importFeed("none", FeedDatabase.STANDARD, "none.txt", "hello world");
        assertEquals(ImportState.REJECTED, none.run().state(), none.run().message());
        assertTrue(none.run().message().contains("held for review"), none.run().message());
        assertNull(new FeedStore(appliance.database).feed("none"));

        Path bad = dir.resolve("latin1.txt");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("64.0.0.0/16\n64.1.0.0/16 ; caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bytes.write(0xE9); // Latin-1 é: not UTF-8
        bytes.write('\n');
        Files.write(bad, bytes.toByteArray());
        ImportService.Outcome latin1 = appliance.imports().importFeed(bad, "latin1", FeedDatabase.STANDARD,
                new ImportService.Options(null, 3, -1));
        assertEquals(ImportState.REJECTED, latin1.run().state(), latin1.run().message());
        FindingStore.StoredFinding utf8 = finding(latin1.run().id(), 2);
        assertEquals("file-not-utf8", utf8.code());
        assertTrue(utf8.fileLevel());
        assertNull(new FeedStore(appliance.database).feed("latin1"), "nothing of a held file applies");
    }

    @Test
    void plainListsWithIpv6AndSemicolonComments() throws Exception {
        ImportService.Outcome outcome = importFeed("plain", FeedDatabase.STANDARD, "plain.txt",
                "# plain list", "; also a comment", "", "80.82.77.33", "2001:4860:4860::8888/128",
                "80.82.077.34", "  80.82.78.0/24  ");
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(3, outcome.run().counts().accepted());
        FindingStore.StoredFinding octal = finding(outcome.run().id(), 6);
        assertEquals("ipv4-leading-zero", octal.code());
        assertEquals("80.82.077.34", octal.value());
        PolicySnapshot s = compile("plain");
        assertEquals(Step.REPUTATION_STANDARD, s.lookup("2001:4860:4860::8888", null, Mode.STANDARD).step());
        assertEquals(Step.REPUTATION_STANDARD, s.lookup("80.82.78.200", null, Mode.STANDARD).step());
        assertEquals("80.82.77.33", s.lookup("80.82.77.33", null, Mode.STANDARD).matched().value());
    }

    @Test
    void anUnchangedFeedIsADuplicateAndANewVersionReplacesTheOld() throws Exception {
        String[] v1 = {"91.200.12.0/22 ; SBL1", "91.200.16.0/22 ; SBL2"};
        ImportService.Outcome first = importFeed("versions", FeedDatabase.STANDARD, "versions-1.txt", v1);
        assertEquals(ImportState.ACCEPTED, first.run().state(), first.run().message());

        ImportService.Outcome again = importFeed("versions", FeedDatabase.STANDARD, "versions-2.txt", v1);
        assertTrue(again.completed());
        assertEquals(ImportState.DUPLICATE, again.run().state(), again.run().message());
        assertEquals(2, again.run().counts().unchanged());
        assertEquals(0, again.run().counts().read(), "nothing was read");
        long written = appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM feed_entry WHERE import_id = ?", again.run().id()));
        assertEquals(0, written, "nothing was written");
        assertEquals(first.run().id(), new FeedStore(appliance.database).feed("versions").currentImportId());
        assertNotNull(again.report());

        ImportService.Outcome second = importFeed("versions", FeedDatabase.STANDARD, "versions-3.txt",
                "91.200.12.0/22 ; SBL1", "91.200.20.0/22 ; SBL3");
        assertEquals(ImportState.ACCEPTED, second.run().state(), second.run().message());
        assertEquals(1, second.run().counts().added());
        assertEquals(1, second.run().counts().removed());
        assertEquals(1, second.run().counts().unchanged());
        long old = appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM feed_entry WHERE import_id = ?", first.run().id()));
        assertEquals(0, old, "the replaced version's lines are gone");
        PolicySnapshot s = compile("versions");
        assertEquals(Step.NONE, s.lookup("91.200.16.1", null, Mode.STANDARD).step());
        assertEquals(Step.REPUTATION_STANDARD, s.lookup("91.200.20.1", null, Mode.STANDARD).step());

        // The same content moved to the other database is a change, not a duplicate.
        ImportService.Outcome moved = importFeed("versions", FeedDatabase.DYNAMIC, "versions-4.txt",
                "91.200.12.0/22 ; SBL1", "91.200.20.0/22 ; SBL3");
        assertEquals(ImportState.ACCEPTED, moved.run().state(), moved.run().message());
        PolicySnapshot d = compile("versions-dynamic");
        assertEquals(Step.REPUTATION_DYNAMIC, d.lookup("91.200.20.1", null, Mode.DYNAMIC).step());
        assertEquals(Step.NONE, d.lookup("91.200.20.1", null, Mode.STANDARD).step());
    }

    @Test
    void aNewVersionCountsRepeatedLinesOneByOneAndAnExclusionIsAValueOfItsOwn() throws Exception {
        ImportService.Outcome first = importFeed("counts", FeedDatabase.DYNAMIC, "counts-1.ip4set",
                "62.0.0.0/24", "62.0.0.0/24", "62.0.1.0/24", "!62.0.2.7", "62.0.3.0/24");
        assertEquals(ImportState.ACCEPTED, first.run().state(), first.run().message());
        ImportService.Outcome second = importFeed("counts", FeedDatabase.DYNAMIC, "counts-2.ip4set",
                "62.0.0.0/24", "62.0.0.0/24", "62.0.0.0/24", "62.0.2.7", "62.0.3.0/24", "62.0.4.0/24");
        assertEquals(ImportState.ACCEPTED, second.run().state(), second.run().message());
        // Unchanged: two of the three copies of 62.0.0.0/24, and 62.0.3.0/24. Added: the third copy, 62.0.2.7
        // (listed now, excluded before) and 62.0.4.0/24. Removed: 62.0.1.0/24 and the exclusion !62.0.2.7.
        assertEquals(3, second.run().counts().unchanged());
        assertEquals(3, second.run().counts().added());
        assertEquals(2, second.run().counts().removed());
    }

    @Test
    void aFeedStepDecidesOnlyWhenNoPolicyStepDoes() throws Exception {
        importFeed("order-standard", FeedDatabase.STANDARD, "order-standard.txt", "100.0.0.0/8 ; KSS");
        importFeed("order-dynamic", FeedDatabase.DYNAMIC, "order-dynamic.txt", "100.0.0.0/8 ; QIL");
        assertEquals(ImportState.ACCEPTED, appliance.importFile(TestAppliance.csv(dir, "order-policy.csv",
                "list,kind,value,comment",
                "approved,ip,100.1.0.0/16,partner",
                "blocked,ip,100.2.0.0/16,abuse",
                "approved,ip,100.3.3.3,carve-out",
                "blocked,ip,100.3.0.0/16,abuse",
                "approved,country,NZ,",
                "blocked,country,KP,")).run().state());
        PolicySnapshot s = compile("order");

        // Nothing in the policy layer: the feed of the mode decides.
        assertStep(s, "100.9.9.9", null, Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC);
        Verdict dynamic = s.lookup("100.9.9.9", null, Mode.DYNAMIC);
        assertEquals("feed order-dynamic: QIL", dynamic.matched().source());
        // approved-ip decides first in both modes.
        assertStep(s, "100.1.2.3", null, Step.APPROVED_IP, Step.APPROVED_IP);
        // blocked-ip decides in standard mode; dynamic mode skips the Blocked list and reaches the dynamic feed.
        assertStep(s, "100.2.2.3", null, Step.BLOCKED_IP, Step.REPUTATION_DYNAMIC);
        assertStep(s, "100.3.3.3", null, Step.APPROVED_IP, Step.APPROVED_IP);
        // Country steps come before the feeds.
        assertStep(s, "100.9.9.9", "NZ", Step.APPROVED_COUNTRY, Step.APPROVED_COUNTRY);
        assertStep(s, "100.9.9.9", "KP", Step.BLOCKED_COUNTRY, Step.REPUTATION_DYNAMIC);
        assertStep(s, "100.9.9.9", "US", Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC);
        // Outside every feed and list.
        assertStep(s, "99.9.9.9", null, Step.NONE, Step.NONE);
        assertNull(s.lookup("99.9.9.9", null, Mode.STANDARD).matched());

        // The DNS zones report the feed steps: r (standard) and q (dynamic), each with its code and the public
        // text, which names no feed; a Blocked entry still answers in r, and the dynamic feed answers for it in q.
        org.xbill.DNS.Name zone = org.xbill.DNS.Name.fromString("bl.example.org.");
        io.gatelist.dns.DnsblResponder dns = new io.gatelist.dns.DnsblResponder(new io.gatelist.dns.ZoneSettings(
                zone, List.of(org.xbill.DNS.Name.fromString("ns1.example.net.")),
                org.xbill.DNS.Name.fromString("hostmaster.example.org."), 900, 45, 120), () -> s);
        assertEquals("127.0.0.4", dnsAnswer(dns, "9.9.9.100.r.bl.example.org.", org.xbill.DNS.Type.A));
        assertEquals("127.0.0.5", dnsAnswer(dns, "9.9.9.100.q.bl.example.org.", org.xbill.DNS.Type.A));
        assertEquals("Blocked by policy (reputation-dynamic)",
                dnsAnswer(dns, "9.9.9.100.q.bl.example.org.", org.xbill.DNS.Type.TXT));
        assertEquals("127.0.0.2", dnsAnswer(dns, "3.2.2.100.r.bl.example.org.", org.xbill.DNS.Type.A));
        assertEquals("127.0.0.5", dnsAnswer(dns, "3.2.2.100.q.bl.example.org.", org.xbill.DNS.Type.A));
        assertNull(dnsAnswer(dns, "3.2.1.100.q.bl.example.org.", org.xbill.DNS.Type.A), "approved: not listed");
    }

    @Test
    void approvedEntriesThatExemptListedRangesAreReportedAsInformation() throws Exception {
        importFeed("exempt-drop", FeedDatabase.STANDARD, "exempt-drop.txt",
                "150.0.0.0/16 ; SBL1",
                "150.5.0.0/24 ; SBL2",
                "150.9.9.9 ; SBL3");
        importFeed("exempt-pool", FeedDatabase.DYNAMIC, "exempt-pool.ip4set",
                "150.7.0.0/16",
                "!150.7.1.0/24");
        ImportService.Outcome outcome = appliance.importFile(TestAppliance.csv(dir, "exempt-policy.csv",
                "list,kind,value,comment",
                "approved,ip,150.0.1.2,inside a listed /16",
                "approved,ip,150.5.0.0/16,contains a listed /24",
                "approved,ip,150.7.1.5,in the pool's exclusion: exempts nothing",
                "approved,ip,150.7.2.5,in the pool",
                "blocked,ip,150.9.9.9,blocked and listed: not an exemption",
                "approved,ip,150.8.0.0/16,nothing listed"));
        // Information: the import is accepted and the lists keep deciding first.
        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());

        io.gatelist.overlap.OverlapSummary summary = new FindingStore(appliance.database)
                .overlapSummary(outcome.run().id());
        // The appliance is shared with the other tests, whose feeds and lists live elsewhere in the address space.
        List<String> groups = summary.groups().stream()
                .filter(g -> g.code() == io.gatelist.overlap.OverlapCode.APPROVED_EXEMPTS_LISTED)
                .filter(g -> g.wider().value().startsWith("150."))
                .map(g -> g.heading() + " | " + g.examples().get(0).message()).toList();
        assertEquals(List.of(
                "feed 150.0.0.0/16 (exempt-drop:1) contains 1 approved exemption | approved 150.0.1.2 "
                        + "(exempt-policy.csv:2) exempts addresses that feed exempt-drop lists as 150.0.0.0/16 (line 1):"
                        + " the approval decides first, so they answer APPROVED at approved-ip in both modes.",
                "approved 150.5.0.0/16 (exempt-policy.csv:3) exempts 1 range listed by a feed | approved 150.5.0.0/16"
                        + " (exempt-policy.csv:3) exempts 150.5.0.0/24, listed by feed exempt-drop (line 2): the approval"
                        + " decides first, so its addresses answer APPROVED at approved-ip in both modes.",
                "feed 150.7.2.0/23 (exempt-pool:1) contains 1 approved exemption | approved 150.7.2.5 "
                        + "(exempt-policy.csv:5) exempts addresses that feed exempt-pool lists as 150.7.2.0/23 (line 1):"
                        + " the approval decides first, so they answer APPROVED at approved-ip in both modes."), groups);
        String json = Files.readString(outcome.report().resolveSibling("report.json"));
        assertTrue(json.contains("\"approved-exempts-listed\""), json);
        String html = Files.readString(outcome.report());
        assertTrue(html.contains("approved 150.5.0.0/16 (exempt-policy.csv:3) exempts 1 range listed by a feed"), html);

        // A new version of a feed: its own report tells which approvals now exempt what it lists.
        ImportService.Outcome update = importFeed("exempt-drop", FeedDatabase.STANDARD, "exempt-drop-2.txt",
                "150.0.0.0/16 ; SBL1",
                "150.8.1.0/24 ; SBL4");
        assertEquals(ImportState.ACCEPTED, update.run().state(), update.run().message());
        List<String> afterUpdate = new FindingStore(appliance.database).overlapSummary(update.run().id()).groups()
                .stream().filter(g -> g.wider().value().startsWith("150.")).map(io.gatelist.overlap.OverlapGroup::heading).toList();
        assertEquals(List.of("feed 150.0.0.0/16 (exempt-drop:1) contains 1 approved exemption",
                "feed 150.7.2.0/23 (exempt-pool:1) contains 1 approved exemption",
                "approved 150.8.0.0/16 (exempt-policy.csv:7) exempts 1 range listed by a feed"), afterUpdate);
        assertTrue(Files.readString(update.report()).contains("approved-exempts-listed"));
    }

    /** The ranges of a feed's live version as its feed_entry rows give them, in line order. */
    private List<FeedRange> rowRanges(String feed) {
        return appliance.database.withConnection(c -> Jdbc.query(c, "SELECT e.family, e.start_high, e.start_low, "
                + "e.end_high, e.end_low, e.excluded, e.line_no FROM feed_entry e JOIN feed f ON f.current_import_id "
                + "= e.import_id WHERE f.name = ? ORDER BY e.record_no", rs -> new FeedRange(rs.getShort(1),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6), null, null,
                rs.getInt(7)), feed));
    }

    /** What the overlap analysis reads of a feed: its ranges only, every line. */
    private List<FeedRange> liveRanges(String feed) {
        List<FeedRange> lines = new ArrayList<>();
        new FeedStore(appliance.database).forEachLiveFeedRanges(r -> true, (name, database, dataset, kept) -> {
            if (name.equals(feed)) {
                lines.addAll(kept);
            }
        });
        return lines;
    }

    private long packedLines(long importId) {
        return appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COALESCE(SUM(line_count), 0) FROM feed_packed WHERE import_id = ?", importId));
    }

    private long packedChunks(long importId) {
        return appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM feed_packed WHERE import_id = ?", importId));
    }

    /** Every overlap of the live state, as the analyse-overlaps step finds them. */
    private List<String> liveOverlaps() {
        List<String> found = new ArrayList<>();
        LiveOverlapInput.load(appliance.database).analyze(o -> found.add(o.toString()));
        return found;
    }

    @Test
    void aLiveVersionsRangesArePackedAndReadExactlyAsItsRows() throws Exception {
        // Three chunks (10,000 lines each at most), IPv4 and IPv6, exclusions, and a comment line, so that line
        // numbers and record numbers differ.
        List<String> lines = new ArrayList<>();
        lines.add("# packed test feed");
        for (int i = 0; i < 21_000; i++) {
            lines.add(switch (i % 5) {
                case 0 -> "152." + (i / 256 % 256) + "." + (i % 256) + ".0/24";
                case 1 -> "152." + (i / 256 % 256) + "." + (i % 256) + ".9";
                case 2 -> "!152." + (i / 256 % 256) + "." + (i % 256) + ".7";
                case 3 -> "2c0f:f100:" + Integer.toHexString(i) + "::/48";
                default -> "153.0.0." + (i % 256) + "-153.0.1." + (i % 256);
            });
        }
        ImportService.Outcome first = importFeed("packed", FeedDatabase.DYNAMIC, "packed-1.ip4set",
                lines.toArray(String[]::new));
        assertEquals(ImportState.ACCEPTED, first.run().state(), first.run().message());
        long id = first.run().id();
        List<FeedRange> rows = rowRanges("packed");
        assertEquals(21_000, rows.size());
        assertEquals(21_000, packedLines(id), "every line is packed");
        assertEquals(3, packedChunks(id));
        assertEquals(rows, liveRanges("packed"), "the packed ranges are the rows' ranges, in line order");

        ImportService.Outcome policy = appliance.importFile(TestAppliance.csv(dir, "packed-policy.csv",
                "list,kind,value,comment",
                "approved,ip,152.0.0.0/20,listed ranges and addresses with exclusions in them",
                "approved,ip,152.0.6.9,a listed address",
                "approved,ip,152.0.7.7,excluded: exempts nothing",
                "approved,ip,153.0.0.0/16,inside first-last ranges",
                "approved,ip,2c0f:f100:21::/48,an IPv6 block"));
        assertEquals(ImportState.ACCEPTED, policy.run().state(), policy.run().message());
        List<String> packed = liveOverlaps();
        assertTrue(packed.stream().anyMatch(o -> o.contains("APPROVED_EXEMPTS_LISTED") && o.contains("packed")),
                packed.toString());

        // A version made live before the packed form existed is read from its rows, with the same findings.
        appliance.database.withConnection(c -> Jdbc.update(c, "DELETE FROM feed_packed WHERE import_id = ?", id));
        assertEquals(rows, liveRanges("packed"), "the fallback reads the same ranges");
        assertEquals(packed, liveOverlaps(), "the same findings from the rows");
        appliance.database.inTransaction(c -> FeedStore.activate(c, id,
                new FeedStore.Target("packed", FeedDatabase.DYNAMIC), first.run().sha256()));
        assertEquals(0, packedLines(id), "a restarted apply step changes nothing");

        // A new version is packed and the replaced one's packed form (none here) and rows are gone.
        ImportService.Outcome withPacked = importFeed("packed", FeedDatabase.DYNAMIC, "packed-2.ip4set",
                lines.subList(0, 15_001).toArray(String[]::new));
        assertEquals(ImportState.ACCEPTED, withPacked.run().state(), withPacked.run().message());
        assertEquals(15_000, withPacked.run().counts().unchanged());
        assertEquals(0L, (long) appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM feed_entry WHERE import_id = ?", id)), "the replaced version's rows are gone");
        assertEquals(0, packedChunks(id), "and so is its packed form");
        assertEquals(15_000, packedLines(withPacked.run().id()));
        assertEquals(rowRanges("packed"), liveRanges("packed"));
        // The same file again is a duplicate: nothing is packed for it, the live version keeps its own.
        ImportService.Outcome duplicate = importFeed("packed", FeedDatabase.DYNAMIC, "packed-3.ip4set",
                lines.subList(0, 15_001).toArray(String[]::new));
        assertEquals(ImportState.DUPLICATE, duplicate.run().state(), duplicate.run().message());
        assertEquals(0, packedChunks(duplicate.run().id()));
        assertEquals(2, packedChunks(withPacked.run().id()), "a duplicate packs nothing again");
        assertEquals(15_000, packedLines(withPacked.run().id()));
        appliance.database.inTransaction(c -> FeedStore.activate(c, withPacked.run().id(),
                new FeedStore.Target("packed", FeedDatabase.DYNAMIC), withPacked.run().sha256()));
        assertEquals(15_000, packedLines(withPacked.run().id()), "a restarted apply step does not pack twice");
        assertEquals(2, packedChunks(withPacked.run().id()));

        // The next version replaces the packed one: its unchanged count is read from the packed form.
        ImportService.Outcome third = importFeed("packed", FeedDatabase.DYNAMIC, "packed-4.ip4set",
                lines.subList(0, 12_001).toArray(String[]::new));
        assertEquals(ImportState.ACCEPTED, third.run().state(), third.run().message());
        assertEquals(12_000, third.run().counts().unchanged());
        assertEquals(3_000, third.run().counts().removed());
        assertEquals(0, packedChunks(withPacked.run().id()));
        assertEquals(rowRanges("packed"), liveRanges("packed"));
    }

    /** The A address or TXT text of the one answer record, or null for NXDOMAIN. */
    private static String dnsAnswer(io.gatelist.dns.DnsblResponder dns, String name, int type) throws Exception {
        org.xbill.DNS.Message query = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name), type, org.xbill.DNS.DClass.IN));
        org.xbill.DNS.Message response = new org.xbill.DNS.Message(dns.respond(java.nio.ByteBuffer.wrap(
                query.toWire()), io.gatelist.dns.DnsblResponder.Transport.UDP));
        if (response.getRcode() == org.xbill.DNS.Rcode.NXDOMAIN) {
            return null;
        }
        List<org.xbill.DNS.Record> answer = response.getSection(org.xbill.DNS.Section.ANSWER);
        assertEquals(1, answer.size(), response.toString());
        return answer.get(0) instanceof org.xbill.DNS.ARecord a ? a.getAddress().getHostAddress()
                : String.join("", ((org.xbill.DNS.TXTRecord) answer.get(0)).getStrings());
    }

    @Test
    void aFeedReplacedWhileLookupsRunIsSwappedInWithoutAWrongAnswer() throws Exception {
        // Version A lists 120.0.0.0/16 and not 121.0.0.0/16, version B the other way round: a lookup of both on one
        // snapshot must find exactly one listed, whichever version it sees.
        String[] a = {"120.0.0.0/16 ; A", "!120.0.9.0/24"};
        String[] b = {"121.0.0.0/16 ; B", "!121.0.9.0/24"};
        assertEquals(ImportState.ACCEPTED, importFeed("swap", FeedDatabase.DYNAMIC, "swap-0.txt", a).run().state());
        Path current = dir.resolve("swap-current.bin");
        assertTrue(new SnapshotCompiler(new EntryStore(appliance.database), Clock.systemUTC()).compile(current, true)
                .published());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lookups = new AtomicLong();
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        try (SnapshotWatcher watcher = SnapshotWatcher.start(current, java.time.Duration.ofMillis(5),
                new SnapshotWatcher.Listener() {
                })) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread reader = new Thread(() -> {
                    while (!stop.get()) {
                        PolicySnapshot s = watcher.current();
                        Verdict inA = s.lookup("120.0.1.1", null, Mode.DYNAMIC);
                        Verdict inB = s.lookup("121.0.1.1", null, Mode.DYNAMIC);
                        boolean excluded = s.lookup("120.0.9.1", null, Mode.DYNAMIC).step() == Step.NONE
                                && s.lookup("121.0.9.1", null, Mode.DYNAMIC).step() == Step.NONE;
                        boolean listedA = inA.step() == Step.REPUTATION_DYNAMIC;
                        boolean listedB = inB.step() == Step.REPUTATION_DYNAMIC;
                        if (listedA == listedB || !excluded) {
                            wrong.add(inA + " / " + inB);
                        } else {
                            seen.add((listedA ? inA : inB).matched().source());
                        }
                        lookups.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int version = 1; version <= 4; version++) {
                ImportService.Outcome next = importFeed("swap", FeedDatabase.DYNAMIC, "swap-" + version + ".txt",
                        version % 2 == 1 ? b : a);
                assertEquals(ImportState.ACCEPTED, next.run().state(), next.run().message());
                SnapshotCompiler.Result compiled = new SnapshotCompiler(new EntryStore(appliance.database),
                        Clock.systemUTC()).compile(current, true);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (watcher.current().info().revision() != compiled.info().revision()
                        && System.nanoTime() < deadline) {
                    watcher.checkNow();
                    Thread.sleep(5);
                }
                assertEquals(compiled.info().revision(), watcher.current().info().revision());
                String expected = version % 2 == 1 ? "121.0.1.1" : "120.0.1.1";
                assertEquals(Step.REPUTATION_DYNAMIC, watcher.current().lookup(expected, null, Mode.DYNAMIC).step());
            }
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(lookups.get() > 0);
        assertEquals(java.util.Set.of("feed swap: A", "feed swap: B"), seen);
    }

    private static void assertStep(PolicySnapshot s, String address, String country, Step standard, Step dynamic) {
        assertEquals(standard, s.lookup(address, country, Mode.STANDARD).step(), address + " " + country
                + " standard");
        assertEquals(dynamic, s.lookup(address, country, Mode.DYNAMIC).step(), address + " " + country
                + " dynamic");
    }
}
