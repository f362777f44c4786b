package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestPostgres;
import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk writer's entries as policy_block rows (schema V13), its findings and rejected rows as finding_block
 * rows (V14), on a real H2 file: one block per chunk, and every delete a restart or a rewritten chunk makes leaves
 * each record stored exactly once, even when its range cuts a block.
 */
class EntryStoreBlocksTest {

    private long importId;
    private long nextImportId;

    @TempDir
    Path dir;

    private Database database;

    /** The database to use: {@code null} for the home's embedded H2 file (PostgresEntryStoreBlocksTest: PostgreSQL). */
    String jdbcUrl() {
        return null;
    }

    @BeforeEach
    void open() throws Exception {
        String url = jdbcUrl();
        if (url != null) {
            Files.writeString(dir.resolve(ApplianceHome.CONFIG_FILE), TestPostgres.config(url));
        }
        database = Database.open(ApplianceHome.open(dir));
        ImportStore imports = new ImportStore(database);
        importId = imports.create(ImportKind.POLICY, "lists.csv", "lists.csv", dir.resolve("a.csv"), "0".repeat(64),
                0);
        nextImportId = imports.create(ImportKind.POLICY, "lists.csv", "lists.csv", dir.resolve("b.csv"),
                "1".repeat(64), 0);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * Rows {@code from..to}; every third row rejected (no entry, an error finding), as a chunk's findings-only rows
     * are, and every seventh other one a duplicate-row warning; findings and reasons name the version.
     */
    private static List<StagedRow> rows(int from, int to, String version) {
        List<StagedRow> rows = new ArrayList<>();
        for (int r = from; r <= to; r++) {
            if (r % 3 == 2) {
                List<LocatedFinding> error = List.of(new LocatedFinding(r + 1, 3, Finding.of(Rule.VALUE_REQUIRED,
                        "value", "", version)));
                rows.add(new StagedRow(r, r + 1, null, error, "raw " + r, "rejected " + version, false));
            } else {
                PolicyEntry e = r % 5 == 0
                        ? new PolicyEntry(ListName.BLOCKED, EntryKind.COUNTRY, null, "C" + (char) ('A' + r % 26),
                                null, r + 1, version)
                        : new PolicyEntry(ListName.APPROVED, EntryKind.IP, IpPrefix.ipv4(0x0A000000 + r, 32), null,
                                null, r + 1, version);
                List<LocatedFinding> warning = r % 7 == 0 ? List.of(new LocatedFinding(r + 1, 0,
                        Finding.of(Rule.DUPLICATE_ROW, null, null, version))) : List.of();
                rows.add(new StagedRow(r, r + 1, e, warning, null, null, false));
            }
        }
        return rows;
    }

    private void write(int from, int to, String version, boolean replace) {
        write(importId, from, to, version, replace);
    }

    private void write(long id, int from, int to, String version, boolean replace) {
        database.inTransaction(c -> {
            EntryStore.write(c, id, rows(from, to, version), replace);
            return null;
        });
    }

    /** The stored entries of the import, checking that blocks do not overlap and their columns match. */
    private List<PolicyBlock.Entry> stored() {
        return database.withConnection(c -> {
            List<PolicyBlock.Entry> all = new ArrayList<>();
            EntryStore.forEachEntry(c, importId, all::add);
            List<int[]> spans = Jdbc.query(c, "SELECT first_record, last_record, entry_count, block_key FROM "
                    + "policy_block WHERE import_id = ? ORDER BY block_key", rs -> new int[] {rs.getInt(1),
                        rs.getInt(2), rs.getInt(3)}, importId);
            int previousLast = -1;
            for (int[] span : spans) {
                assertTrue(span[0] > previousLast, "blocks overlap at record " + span[0]);
                assertTrue(span[0] <= span[1]);
                previousLast = span[1];
            }
            assertEquals(all.size(), EntryStore.count(c, importId));
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).recordNo() > all.get(i - 1).recordNo(), "record order, each once");
            }
            return all;
        });
    }

    /**
     * Checks the rejected rows and findings stored for records {@code from..to} (schema V14's finding blocks): each
     * once, in file order, from the version {@code versionOf} gives, counted by the tally, in blocks that do not
     * overlap.
     */
    private void assertOutcomes(int from, int to, IntFunction<String> versionOf) {
        FindingStore store = new FindingStore(database);
        List<FindingStore.RejectedRow> rejected = new ArrayList<>();
        store.forEachRejectedRow(importId, rejected::add);
        List<Integer> expectedRejected = IntStream.rangeClosed(from, to).filter(r -> r % 3 == 2).boxed().toList();
        assertEquals(expectedRejected, rejected.stream().map(FindingStore.RejectedRow::recordNo).toList());
        for (FindingStore.RejectedRow r : rejected) {
            assertEquals("raw " + r.recordNo(), r.raw());
            assertEquals("rejected " + versionOf.apply(r.recordNo()), r.reason());
        }
        List<FindingStore.StoredFinding> findings = new ArrayList<>();
        store.forEachFinding(importId, findings::add);
        List<Integer> expectedFindings = IntStream.rangeClosed(from, to).filter(r -> r % 3 == 2 || r % 7 == 0)
                .boxed().toList();
        assertEquals(expectedFindings, findings.stream().map(FindingStore.StoredFinding::recordNo).toList());
        for (FindingStore.StoredFinding f : findings) {
            assertEquals(versionOf.apply(f.recordNo()), f.message());
            assertEquals(f.recordNo() + 1, f.line());
            assertEquals(f.recordNo() % 3 == 2 ? "value-required|ERROR" : "duplicate-row|WARNING",
                    f.code() + "|" + f.severity());
        }
        long duplicates = expectedFindings.size() - expectedRejected.size();
        FindingStore.Tally tally = store.tally(importId);
        assertEquals(expectedRejected.size(), tally.rejected());
        assertEquals(duplicates, tally.duplicates());
        assertEquals(expectedRejected.size(), store.countsByCode(importId).getOrDefault("value-required|ERROR",
                new long[1])[0]);
        database.withConnection(c -> {
            List<int[]> spans = Jdbc.query(c, "SELECT first_record, last_record FROM finding_block "
                    + "WHERE import_id = ? ORDER BY block_key", rs -> new int[] {rs.getInt(1), rs.getInt(2)},
                    importId);
            int previousLast = -1;
            for (int[] span : spans) {
                assertTrue(span[0] > previousLast && span[0] <= span[1], "finding blocks overlap at " + span[0]);
                previousLast = span[1];
            }
            return null;
        });
    }

    private static List<Integer> accepted(int from, int to) {
        return IntStream.rangeClosed(from, to).filter(r -> r % 3 != 2).boxed().toList();
    }

    private static List<Integer> records(List<PolicyBlock.Entry> entries) {
        return entries.stream().map(PolicyBlock.Entry::recordNo).toList();
    }

    private int blocks() {
        return database.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM policy_block")).intValue();
    }

    @Test
    void aChunkIsOneBlockAndComesBackAsWritten() {
        write(1, 100, "v1", false);
        write(101, 200, "v1", false);
        assertEquals(2, blocks());
        List<PolicyBlock.Entry> entries = stored();
        assertEquals(accepted(1, 200), records(entries));
        PolicyBlock.Entry first = entries.get(0);
        assertEquals("10.0.0.1", first.value());
        assertEquals(new PolicyBlock.Entry(1, 2, ListName.APPROVED, EntryKind.IP,
                IpPrefix.ipv4(0x0A000001, 32), null, "v1"), first);
        assertEquals("CK", entries.stream().filter(e -> e.recordNo() == 10).findFirst().orElseThrow().value());
        assertEquals(entries.size(), database.withConnection(c -> FindingStore.tally(c, importId)).accepted());
    }

    @Test
    void aChunkLargerThanABlockIsSplit() {
        write(0, 30_000, "v1", false);
        assertEquals(3, blocks(), "20,001 entries in blocks of 10,000");
        assertEquals(accepted(0, 30_000), records(stored()));
        assertOutcomes(0, 30_000, r -> "v1");
        assertEquals(2L, (long) database.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM finding_block")),
                "12,858 rows with findings in blocks of 10,000");
    }

    @Test
    void truncatingAtAChunkBoundaryDeletesWholeBlocks() {
        write(1, 100, "v1", false);
        write(101, 200, "v1", false);
        write(201, 300, "v1", false);
        database.inTransaction(c -> {
            EntryStore.truncateAfter(c, importId, 200);
            return null;
        });
        assertEquals(2, blocks());
        assertEquals(accepted(1, 200), records(stored()));
        assertOutcomes(1, 200, r -> "v1");
        database.inTransaction(c -> {
            EntryStore.truncateAfter(c, importId, -1);
            return null;
        });
        assertEquals(0, blocks());
        assertOutcomes(1, 0, r -> "v1");
    }

    @Test
    void truncatingInsideABlockKeepsItsPartBeforeTheCut() {
        write(1, 100, "v1", false);
        write(101, 200, "v1", false);
        database.inTransaction(c -> {
            EntryStore.truncateAfter(c, importId, 150);
            return null;
        });
        assertEquals(accepted(1, 150), records(stored()));
        assertOutcomes(1, 150, r -> "v1");
        // the restarted step writes the rest with other chunk boundaries
        write(151, 170, "v2", false);
        write(171, 200, "v2", false);
        List<PolicyBlock.Entry> entries = stored();
        assertEquals(accepted(1, 200), records(entries));
        assertTrue(entries.stream().allMatch(e -> e.comment().equals(e.recordNo() <= 150 ? "v1" : "v2")));
        assertOutcomes(1, 200, r -> r <= 150 ? "v1" : "v2");
    }

    @Test
    void rewritingARangeThatCutsTwoBlocksReplacesOnlyThatRange() {
        write(1, 100, "v1", false);
        write(101, 200, "v1", false);
        write(51, 150, "v2", true);
        assertOutcomes(1, 200, r -> r >= 51 && r <= 150 ? "v2" : "v1");
        List<PolicyBlock.Entry> entries = stored();
        assertEquals(accepted(1, 200), records(entries));
        for (PolicyBlock.Entry e : entries) {
            assertEquals(e.recordNo() >= 51 && e.recordNo() <= 150 ? "v2" : "v1", e.comment(), "record "
                    + e.recordNo());
        }
    }

    @Test
    void rewritingARangeInsideOneBlockKeepsBothOfItsEnds() {
        write(1, 100, "v1", false);
        write(40, 45, "v2", true);
        assertOutcomes(1, 100, r -> r >= 40 && r <= 45 ? "v2" : "v1");
        List<PolicyBlock.Entry> entries = stored();
        assertEquals(accepted(1, 100), records(entries));
        for (PolicyBlock.Entry e : entries) {
            assertEquals(e.recordNo() >= 40 && e.recordNo() <= 45 ? "v2" : "v1", e.comment());
        }
        // and the same chunk once more, now aligned with the blocks the first rewrite left
        write(40, 45, "v3", true);
        assertEquals(accepted(1, 100), records(stored()));
        assertEquals(3, blocks());
    }

    @Test
    void rewritingAWholeChunkReplacesItsBlock() {
        write(1, 100, "v1", false);
        write(101, 200, "v1", false);
        write(101, 200, "v2", true);
        assertEquals(2, blocks());
        List<PolicyBlock.Entry> entries = stored();
        assertEquals(accepted(1, 200), records(entries));
        assertEquals(records(entries.stream().filter(e -> e.recordNo() > 100).toList()),
                records(entries.stream().filter(e -> "v2".equals(e.comment())).toList()));
    }

    @Test
    void aChunkOfRejectedRowsOnlyStoresNoBlock() {
        database.inTransaction(c -> {
            EntryStore.write(c, importId, List.of(new StagedRow(2, 3, null, List.of(), "x", "rejected", false)),
                    false);
            return null;
        });
        assertEquals(0, blocks());
        assertEquals(List.of(), stored());
    }

    @Test
    void liveEntriesAndCountsComeFromTheCurrentVersionOfEachSource() {
        write(1, 30, "v1", false);
        database.inTransaction(c -> SourceVersions.activate(c, importId, "lists.csv"));
        EntryStore store = new EntryStore(database);
        List<PolicyEntry> live = new ArrayList<>();
        store.forEachLiveEntry(live::add);
        assertEquals(accepted(1, 30).size(), live.size());
        assertTrue(live.stream().allMatch(e -> e.source().equals("lists.csv")));
        long countries = live.stream().filter(e -> e.kind() == EntryKind.COUNTRY).count();
        List<String[]> counts = store.liveCounts();
        assertEquals(2, counts.size());
        assertEquals(List.of("approved", "ip", Long.toString(live.size() - countries)), List.of(counts.get(0)));
        assertEquals(List.of("blocked", "country", Long.toString(countries)), List.of(counts.get(1)));
    }

    @Test
    void activatingANewVersionCountsTheDifferenceAndDeletesTheOldBlocks() {
        write(1, 30, "v1", false); // import 7
        database.inTransaction(c -> SourceVersions.activate(c, importId, "lists.csv"));
        database.inTransaction(c -> {
            // import 8: records 11..40 of the same generator: 11..30 unchanged, 31..40 added, 1..10 removed
            EntryStore.write(c, nextImportId, rows(11, 40, "v2"), false);
            return null;
        });
        SourceVersions.Diff diff = database.inTransaction(c -> SourceVersions.activate(c, nextImportId,
                "lists.csv"));
        assertEquals(accepted(31, 40).size(), diff.added());
        assertEquals(accepted(1, 10).size(), diff.removed());
        assertEquals(accepted(11, 30).size(), diff.unchanged());
        assertEquals(0, (int) database.withConnection(c -> EntryStore.count(c, importId)), "the old version is gone");
        assertEquals(accepted(11, 40).size(),
                (int) database.withConnection(c -> EntryStore.count(c, nextImportId)));
    }
}
