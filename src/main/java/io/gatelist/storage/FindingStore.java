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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads an import's findings and rejected rows, and records its overlap analysis. */
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
        // the sum is its accepted rows.
        return new Tally((int) Jdbc.queryLong(c, "SELECT (SELECT COALESCE(SUM(entry_count), 0) FROM "
                + "policy_block WHERE " + EntryStore.OF_IMPORT + ") "
                + "+ (SELECT COUNT(*) FROM geo_range WHERE import_id = ?) "
                + "+ (SELECT COUNT(*) FROM nomination_row WHERE import_id = ?) "
                + "+ (SELECT COUNT(*) FROM feed_entry WHERE import_id = ?)", EntryKeys.first(importId),
                EntryKeys.last(importId), importId, importId, importId),
                (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM rejected_row WHERE import_id = ?", importId),
                (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_finding WHERE import_id = ? AND code = "
                        + "'duplicate-row'", importId),
                (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM import_finding WHERE import_id = ? AND scope = 'file' "
                        + "AND severity = 'ERROR'", importId));
    }

    public Tally tally(long importId) {
        return db.withConnection(c -> tally(c, importId));
    }

    /** Every finding of an import in file order. */
    public void forEachFinding(long importId, Consumer<StoredFinding> consumer) {
        db.withConnection(c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT record_no, line_no, col_no, column_name, cell_value, code, "
                    + "severity, message, scope FROM import_finding WHERE import_id = ? ORDER BY line_no, record_no, "
                    + "seq", importId)) {
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new StoredFinding(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                "file".equals(rs.getString(9))));
                    }
                }
            }
            return null;
        });
    }

    /** Counts per code and severity, most frequent first. */
    public Map<String, long[]> countsByCode(long importId) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        db.withConnection(c -> Jdbc.query(c, "SELECT code, severity, COUNT(*) FROM import_finding WHERE import_id = ? "
                + "GROUP BY code, severity ORDER BY COUNT(*) DESC, code", rs -> {
                    counts.put(rs.getString(1) + "|" + rs.getString(2), new long[] {rs.getLong(3)});
                    return null;
                }, importId));
        return counts;
    }

    /** Every rejected row of an import, in file order. */
    public void forEachRejectedRow(long importId, Consumer<RejectedRow> consumer) {
        db.withConnection(c -> {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT record_no, line_no, raw, reason FROM rejected_row "
                    + "WHERE import_id = ? ORDER BY record_no", importId)) {
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new RejectedRow(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return null;
        });
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

    /** Overlap totals per code recorded for an import. */
    public Map<OverlapCode, Long> overlapTotals(long importId) {
        Map<OverlapCode, Long> totals = new LinkedHashMap<>();
        db.withConnection(c -> Jdbc.query(c, "SELECT code, total FROM overlap_count WHERE import_id = ? ORDER BY code",
                rs -> totals.put(OverlapCode.ofCode(rs.getString(1)), rs.getLong(2)), importId));
        return totals;
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
