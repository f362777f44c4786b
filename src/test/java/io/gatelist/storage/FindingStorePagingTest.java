package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.finding.Finding;
import io.gatelist.finding.LocatedFinding;
import io.gatelist.finding.Rule;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store hands an import's findings and rejected rows over a page at a time (a few finding blocks, a thousand
 * loose rows per query), so that a report of millions of rows needs bounded memory: across page boundaries nothing
 * is lost, repeated or reordered, and the blocks' findings stay merged with the import_finding rows in file order.
 */
class FindingStorePagingTest {

    /** Chunks written, one finding block each: several pages of blocks. */
    private static final int CHUNKS = 9 * FindingStore.BLOCKS_PER_PAGE + 1;
    private static final int ROWS_PER_CHUNK = 10;
    /** import_finding and rejected_row rows, as imports made before V14 have them: several pages too. */
    private static final int LOOSE = 2 * FindingStore.ROWS_PER_PAGE + 500;

    @TempDir
    Path dir;

    private Database database;
    private long importId;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(ApplianceHome.open(dir));
        importId = new ImportStore(database).create(ImportKind.POLICY, "lists.csv", "lists.csv", dir.resolve("a.csv"),
                "0".repeat(64), 0);
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            List<StagedRow> rows = new ArrayList<>();
            for (int r = chunk * ROWS_PER_CHUNK + 1; r <= (chunk + 1) * ROWS_PER_CHUNK; r++) {
                // Record r on line 3r: the loose findings below fall on the lines between.
                rows.add(new StagedRow(r, 3 * r, null, List.of(new LocatedFinding(3 * r, 3, Finding.of(
                        Rule.VALUE_REQUIRED, "value", "", "block " + r))), "raw " + r, "reason " + r, false));
            }
            database.inTransaction(c -> {
                EntryStore.write(c, importId, rows, false);
                return null;
            });
        }
        database.inTransaction(c -> {
            for (int i = 0; i < LOOSE; i++) {
                Jdbc.update(c, "INSERT INTO import_finding (import_id, record_no, scope, seq, line_no, col_no, "
                        + "column_name, cell_value, code, severity, message) VALUES (?, 0, 'file', ?, ?, 0, NULL, "
                        + "NULL, ?, ?, ?)", importId, i, i, i % 700 == 0 ? "file-loose-error" : "file-loose-note",
                        i % 700 == 0 ? "ERROR" : "INFO", "loose " + i);
                Jdbc.update(c, "INSERT INTO rejected_row (import_id, record_no, line_no, raw, reason) VALUES (?, ?, ?, "
                        + "?, ?)", importId, 100_000 + i, 100_000 + i, "raw loose " + i, "reason loose " + i);
            }
            return null;
        });
        assertEquals((long) CHUNKS, (long) database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM finding_block")), "one block a chunk");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyFindingComesBackOnceInFileOrderAcrossPages() {
        List<FindingStore.StoredFinding> all = new ArrayList<>();
        new FindingStore(database).forEachFinding(importId, all::add);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < LOOSE; i++) {
            expected.add(i + ":0:loose " + i);
        }
        for (int r = 1; r <= CHUNKS * ROWS_PER_CHUNK; r++) {
            expected.add(3 * r + ":" + r + ":block " + r);
        }
        expected.sort(Comparator.comparingInt((String s) -> Integer.parseInt(s.split(":")[0]))
                .thenComparingInt(s -> Integer.parseInt(s.split(":")[1])));
        assertEquals(expected, all.stream().map(f -> f.line() + ":" + f.recordNo() + ":" + f.message()).toList());
    }

    @Test
    void everyRejectedRowComesBackOnceInRecordOrderAcrossPages() {
        List<FindingStore.RejectedRow> all = new ArrayList<>();
        new FindingStore(database).forEachRejectedRow(importId, all::add);

        List<String> expected = new ArrayList<>();
        for (int r = 1; r <= CHUNKS * ROWS_PER_CHUNK; r++) {
            expected.add(r + ":raw " + r);
        }
        for (int i = 0; i < LOOSE; i++) {
            expected.add(100_000 + i + ":raw loose " + i);
        }
        assertEquals(expected, all.stream().map(r -> r.recordNo() + ":" + r.raw()).toList());
    }

    @Test
    void theFirstErrorsStopTheWalkEarlyAndCountsStayExact() {
        FindingStore store = new FindingStore(database);
        List<String> first = store.firstFindings(importId, "ERROR", 6).stream()
                .map(f -> f.line() + ":" + f.code()).toList();
        // Lines 0, 700, 1400 and 2100 hold loose errors; lines 3, 6, ... the blocks' first rows.
        assertEquals(List.of("0:file-loose-error", "3:value-required", "6:value-required", "9:value-required",
                "12:value-required", "15:value-required"), first);
        assertEquals(LOOSE / 700 + 1, store.countsByCode(importId).get("file-loose-error|ERROR")[0]);
        assertEquals(CHUNKS * ROWS_PER_CHUNK, store.countsByCode(importId).get("value-required|ERROR")[0]);
    }
}
