package io.gatelist.storage;

import io.gatelist.overlap.EntryRef;
import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.overlap.OverlapGroup;
import io.gatelist.overlap.OverlapSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads an import's findings and rejected rows (packed per chunk in finding_block, plus the import_finding and
 * rejected_row rows described in V14__finding_blocks.sql), and records its overlap analysis.
 */
public final class FindingStore {

    /**
     * A stored finding.
     *
     * @param fileLevel true for a finding about the whole file
     */
    public record StoredFinding(int recordNo, int line, int column, String columnName, String value, String code,
            String severity, String message, boolean fileLevel) {
    }

    /** A stored rejected row. */
    public record RejectedRow(int recordNo, int line, String raw, String reason) {
    }

    /** Counts of one import's outcome. */
    public record Tally(int accepted, int rejected, int duplicates, int fileErrors) {
        public int read() {
            return accepted + rejected + duplicates;
        }
    }

    private final Database db;

    public FindingStore(Database db) {
        this.db = db;
    }

    public static Tally tally(Connection c, long importId) throws SQLException {
        // An import stores policy entries, IP-to-country ranges, nomination rows or feed lines, never two of them:
        // the sum is its accepted rows. Rejected rows and duplicates: the counts kept beside the finding blocks,
        // plus the rows of imports made before V14.
        long first = EntryKeys.first(importId);
        long last = EntryKeys.last(importId);
        return new Tally((int) Jdbc.queryLong(c, "SELECT (SELECT COALESCE(SUM(entry_count), 0) FROM "
                + "policy_block WHERE " + EntryStore.OF_IMPORT + ") "
                + "+ (SELECT COUNT(*) FROM geo_range WHERE import_id = ?) "
                + "+ (SELECT COUNT(*) FROM nomination_row WHERE import_id = ?) "
                + "+ (SELECT COUNT(*) FROM feed_entry WHERE import_id = ?)", first, last, importId, importId,
                importId),
                (int) Jdbc.queryLong(c, "SELECT (SELECT COALESCE(SUM(rejected_count), 0) FROM finding_block WHERE "
                        + EntryStore.OF_IMPORT + ") + (SELECT COUNT(*) FROM rejected_row WHERE import_id = ?)",
                        first, last, importId),
                (int) Jdbc.queryLong(c, "SELECT (SELECT COALESCE(SUM(duplicate_count), 0) FROM finding_block WHERE "
                        + EntryStore.OF_IMPORT + ") + (SELECT COUNT(*) FROM import_finding WHERE import_id = ? "
                        + "AND code = 'duplicate-row')", first, last, importId),
                (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_finding WHERE import_id = ? AND scope = 'file' "
                        + "AND severity = 'ERROR'", importId));
    }

    public Tally tally(long importId) {
        return db.withConnection(c -> tally(c, importId));
    }

    /** File order: by line, then record (a file-level finding, record 0, before a row's on the same line). */
    private static final Comparator<StoredFinding> FILE_ORDER = Comparator.comparingInt(StoredFinding::line)
            .thenComparingInt(StoredFinding::recordNo);

    /**
     * Finding blocks read per query. A block holds at most about a megabyte of rows (more only for one very long
     * raw row), so a page is a few megabytes however many findings the import has: a query's result is held in
     * memory whole (by H2 below its spill threshold, by PostgreSQL's driver always), and one query over every block
     * of a two-million-row import was a quarter of a gigabyte.
     */
    static final int BLOCKS_PER_PAGE = 4;
    /** import_finding and rejected_row rows read per query, for the same reason. */
    static final int ROWS_PER_PAGE = 1000;

    /**
     * Every finding of an import in file order: the finding blocks' row findings merged with the import_finding
     * rows (file-level findings, investigation findings, imports made before V14). On one row, the findings made
     * by validation come first, in the order found. Read a page at a time: memory stays bounded however many
     * findings there are.
     */
    public void forEachFinding(long importId, Consumer<StoredFinding> consumer) {
        visitFindings(importId, f -> {
            consumer.accept(f);
            return true;
        });
    }

    /** The first {@code limit} findings of one severity (ERROR, WARNING, INFO), in file order. */
    public List<StoredFinding> firstFindings(long importId, String severity, int limit) {
        List<StoredFinding> first = new ArrayList<>();
        if (limit > 0) {
            visitFindings(importId, f -> {
                if (f.severity().equals(severity)) {
                    first.add(f);
                }
                return first.size() < limit;
            });
        }
        return first;
    }

    /** Hands findings over in file order until {@code visitor} returns false. */
    private void visitFindings(long importId, Predicate<StoredFinding> visitor) {
        db.withConnection(c -> {
            LooseFindings loose = new LooseFindings(c, importId);
            boolean more = forEachBlock(c, importId, rows -> {
                // Records ascend and their lines do not overlap, so sorting one block's findings by line orders
                // them among all blocks' (stable: a row's findings keep their order).
                List<StoredFinding> found = new ArrayList<>();
                for (FindingBlock.Row row : rows) {
                    found.addAll(row.findings());
                }
                found.sort(FILE_ORDER);
                for (StoredFinding f : found) {
                    while (loose.peek() != null && FILE_ORDER.compare(loose.peek(), f) < 0) {
                        if (!visitor.test(loose.next())) {
                            return false;
                        }
                    }
                    if (!visitor.test(f)) {
                        return false;
                    }
                }
                return true;
            });
            while (more && loose.peek() != null) {
                more = visitor.test(loose.next());
            }
            return null;
        });
    }

    /** Counts per code and severity ("code|SEVERITY"), most frequent first. */
    public Map<String, long[]> countsByCode(long importId) {
        Map<String, long[]> counts = new HashMap<>();
        db.withConnection(c -> {
            Jdbc.query(c, "SELECT code, severity, COUNT(*) FROM import_finding WHERE import_id = ? GROUP BY code, "
                    + "severity", rs -> counts.computeIfAbsent(rs.getString(1) + "|" + rs.getString(2),
                            k -> new long[1])[0] += rs.getLong(3), importId);
            forEachBlock(c, importId, rows -> {
                for (FindingBlock.Row row : rows) {
                    for (StoredFinding f : row.findings()) {
                        counts.computeIfAbsent(f.code() + "|" + f.severity(), k -> new long[1])[0]++;
                    }
                }
                return true;
            });
            return null;
        });
        Map<String, long[]> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * Every rejected row of an import, in file order: the finding blocks' merged with rejected_row's. Read a page
     * at a time, as {@link #forEachFinding}.
     */
    public void forEachRejectedRow(long importId, Consumer<RejectedRow> consumer) {
        db.withConnection(c -> {
            LooseRejectedRows loose = new LooseRejectedRows(c, importId);
            forEachBlock(c, importId, rows -> {
                for (FindingBlock.Row row : rows) {
                    if (row.rejected()) {
                        while (loose.peek() != null && loose.peek().recordNo() < row.recordNo()) {
                            consumer.accept(loose.next());
                        }
                        consumer.accept(new RejectedRow(row.recordNo(), row.lineNo(), row.raw(), row.reason()));
                    }
                }
                return true;
            });
            while (loose.peek() != null) {
                consumer.accept(loose.next());
            }
            return null;
        });
    }

    /**
     * Hands over an import's finding blocks decoded, one block's rows at a time, in record order, reading
     * {@value #BLOCKS_PER_PAGE} blocks per query, until {@code consumer} returns false.
     *
     * @return false when the consumer stopped the walk
     */
    private static boolean forEachBlock(Connection c, long importId, BlockVisitor consumer) throws SQLException {
        long from = EntryKeys.first(importId);
        long last = EntryKeys.last(importId);
        while (true) {
            List<byte[]> page = new ArrayList<>(BLOCKS_PER_PAGE);
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT block_key, data FROM finding_block WHERE block_key "
                    + "BETWEEN ? AND ? ORDER BY block_key FETCH FIRST " + BLOCKS_PER_PAGE + " ROWS ONLY", from, last);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    from = rs.getLong(1) + 1;
                    page.add(rs.getBytes(2));
                }
            }
            for (int i = 0; i < page.size(); i++) {
                List<FindingBlock.Row> rows = FindingBlock.decode(page.get(i));
                page.set(i, null); // decoded: let the bytes go before the next block is decoded
                if (!consumer.visit(rows)) {
                    return false;
                }
            }
            if (page.size() < BLOCKS_PER_PAGE) {
                return true;
            }
        }
    }

    /** What {@link #forEachBlock} hands one block's rows to: true to go on. */
    @FunctionalInterface
    private interface BlockVisitor {
        boolean visit(List<FindingBlock.Row> rows) throws SQLException;
    }

    /** An import's import_finding rows in file order, fetched {@value #ROWS_PER_PAGE} at a time as they are needed. */
    private static final class LooseFindings {

        private final Connection c;
        private final long importId;
        private final java.util.ArrayDeque<StoredFinding> page = new java.util.ArrayDeque<>();
        private final int[] after = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        private boolean exhausted;

        LooseFindings(Connection c, long importId) {
            this.c = c;
            this.importId = importId;
        }

        StoredFinding peek() throws SQLException {
            if (page.isEmpty() && !exhausted) {
                // Keyset paging on (line_no, record_no, seq), unique since (import_id, record_no, seq) is the key.
                List<StoredFinding> rows = Jdbc.query(c, "SELECT record_no, line_no, col_no, column_name, cell_value, "
                        + "code, severity, message, scope, seq FROM import_finding WHERE import_id = ? AND (line_no > ? "
                        + "OR line_no = ? AND (record_no > ? OR record_no = ? AND seq > ?)) ORDER BY line_no, "
                        + "record_no, seq FETCH FIRST " + ROWS_PER_PAGE + " ROWS ONLY", rs -> {
                            after[0] = rs.getInt(2);
                            after[1] = rs.getInt(1);
                            after[2] = rs.getInt(10);
                            return new StoredFinding(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    "file".equals(rs.getString(9)));
                        }, importId, after[0], after[0], after[1], after[1], after[2]);
                page.addAll(rows);
                exhausted = rows.size() < ROWS_PER_PAGE;
            }
            return page.peekFirst();
        }

        StoredFinding next() throws SQLException {
            peek();
            return page.pollFirst();
        }
    }

    /** An import's rejected_row rows in record order, fetched {@value #ROWS_PER_PAGE} at a time. */
    private static final class LooseRejectedRows {

        private final Connection c;
        private final long importId;
        private final java.util.ArrayDeque<RejectedRow> page = new java.util.ArrayDeque<>();
        private int after = Integer.MIN_VALUE;
        private boolean exhausted;

        LooseRejectedRows(Connection c, long importId) {
            this.c = c;
            this.importId = importId;
        }

        RejectedRow peek() throws SQLException {
            if (page.isEmpty() && !exhausted) {
                List<RejectedRow> rows = Jdbc.query(c, "SELECT record_no, line_no, raw, reason FROM rejected_row "
                        + "WHERE import_id = ? AND record_no > ? ORDER BY record_no FETCH FIRST " + ROWS_PER_PAGE
                        + " ROWS ONLY", rs -> new RejectedRow(rs.getInt(1), rs.getInt(2), rs.getString(3),
                                rs.getString(4)), importId, after);
                if (!rows.isEmpty()) {
                    after = rows.get(rows.size() - 1).recordNo();
                }
                page.addAll(rows);
                exhausted = rows.size() < ROWS_PER_PAGE;
            }
            return page.peekFirst();
        }

        RejectedRow next() throws SQLException {
            peek();
            return page.pollFirst();
        }
    }

    /**
     * Replaces the overlap analysis recorded for an import: the exact totals and numbers of wider entries per
     * code, and the summary's groups with their examples (bounded by the caps the summary was made with).
     */
    public void saveOverlaps(long importId, OverlapSummary summary) {
        db.inTransaction(c -> {
            for (String table : new String[] {"overlap_finding", "overlap_group", "overlap_count", "overlap_analysis"}) {
                Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ?", importId);
            }
            Jdbc.update(c, "INSERT INTO overlap_analysis (import_id, entries) VALUES (?, ?)", importId,
                    summary.entries());
            for (Map.Entry<OverlapCode, Long> t : summary.totals().entrySet()) {
                Jdbc.update(c, "INSERT INTO overlap_count (import_id, code, severity, total, wider_entries) "
                        + "VALUES (?, ?, ?, ?, ?)", importId, t.getKey().code(), t.getKey().severity().name(),
                        t.getValue(), summary.widerEntries().getOrDefault(t.getKey(), 0L));
            }
            try (PreparedStatement groups = c.prepareStatement("INSERT INTO overlap_group (import_id, group_no, code, "
                    + "severity, a_list, a_value, a_source, a_line, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement findings = c.prepareStatement("INSERT INTO overlap_finding (import_id, seq, "
                    + "code, severity, a_list, a_value, a_source, a_line, b_list, b_value, b_source, b_line, message, "
                    + "group_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int groupNo = 0;
                int seq = 0;
                for (OverlapGroup g : summary.groups()) {
                    EntryRef a = g.wider();
                    Jdbc.bind(groups, importId, groupNo, g.code().code(), g.severity().name(), a.list(), a.value(),
                            a.source(), a.line(), g.count());
                    groups.addBatch();
                    for (Overlap o : g.examples()) {
                        Jdbc.bind(findings, importId, seq++, o.code().code(), o.severity().name(), o.a().list(),
                                o.a().value(), o.a().source(), o.a().line(), o.b().list(), o.b().value(),
                                o.b().source(), o.b().line(), o.message(), groupNo);
                        findings.addBatch();
                    }
                    groupNo++;
                }
                groups.executeBatch();
                findings.executeBatch();
            }
            return null;
        });
    }

    /** The overlap analysis recorded for an import, or {@code null} when none was. */
    public OverlapSummary overlapSummary(long importId) {
        return db.withConnection(c -> {
            List<Long> entries = Jdbc.query(c, "SELECT entries FROM overlap_analysis WHERE import_id = ?",
                    rs -> rs.getLong(1), importId);
            if (entries.isEmpty()) {
                return null;
            }
            Map<OverlapCode, Long> totals = new LinkedHashMap<>();
            Map<OverlapCode, Long> wider = new LinkedHashMap<>();
            Jdbc.query(c, "SELECT code, total, wider_entries FROM overlap_count WHERE import_id = ?", rs -> {
                OverlapCode code = OverlapCode.ofCode(rs.getString(1));
                totals.put(code, rs.getLong(2));
                wider.put(code, rs.getLong(3));
                return null;
            }, importId);
            Map<Integer, List<Overlap>> examples = new LinkedHashMap<>();
            Jdbc.query(c, "SELECT group_no, code, a_list, a_value, a_source, a_line, b_list, b_value, b_source, "
                    + "b_line, message FROM overlap_finding WHERE import_id = ? AND group_no IS NOT NULL ORDER BY seq",
                    rs -> examples.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new Overlap(
                            OverlapCode.ofCode(rs.getString(2)), new EntryRef(rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)), new EntryRef(rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getInt(10)), rs.getString(11))), importId);
            List<OverlapGroup> groups = Jdbc.query(c, "SELECT group_no, code, a_list, a_value, a_source, a_line, total "
                    + "FROM overlap_group WHERE import_id = ? ORDER BY group_no", rs -> new OverlapGroup(
                    OverlapCode.ofCode(rs.getString(2)), new EntryRef(rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getInt(6)), rs.getLong(7), examples.getOrDefault(rs.getInt(1), List.of())),
                    importId);
            return new OverlapSummary(entries.get(0), totals, wider, groups);
        });
    }
}
