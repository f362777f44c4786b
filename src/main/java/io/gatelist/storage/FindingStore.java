package io.gatelist.storage;

import io.gatelist.overlap.EntryRef;
import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        // An import stores policy entries or IP-to-country ranges, never both: either count is its accepted rows.
        return new Tally((int) Jdbc.queryLong(c, "SELECT (SELECT COUNT(*) FROM policy_entry WHERE import_id = ?) "
                + "+ (SELECT COUNT(*) FROM geo_range WHERE import_id = ?)", importId, importId),
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

    /** Replaces the overlap analysis recorded for an import: totals per code and up to {@code cap} examples each. */
    public void saveOverlaps(long importId, Map<OverlapCode, Long> totals, List<Overlap> examples) {
        db.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM overlap_finding WHERE import_id = ?", importId);
            Jdbc.update(c, "DELETE FROM overlap_count WHERE import_id = ?", importId);
            for (Map.Entry<OverlapCode, Long> t : totals.entrySet()) {
                Jdbc.update(c, "INSERT INTO overlap_count (import_id, code, severity, total) VALUES (?, ?, ?, ?)",
                        importId, t.getKey().code(), t.getKey().severity().name(), t.getValue());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO overlap_finding (import_id, seq, code, "
                    + "severity, a_list, a_value, a_source, a_line, b_list, b_value, b_source, b_line, message) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Overlap o : examples) {
                    Jdbc.bind(ps, importId, seq++, o.code().code(), o.severity().name(), o.a().list(), o.a().value(),
                            o.a().source(), o.a().line(), o.b().list(), o.b().value(), o.b().source(), o.b().line(),
                            o.message());
                    ps.addBatch();
                }
                ps.executeBatch();
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

    /** Overlap examples recorded for an import. */
    public List<Overlap> overlapExamples(long importId) {
        return db.withConnection(c -> Jdbc.query(c, "SELECT code, a_list, a_value, a_source, a_line, b_list, b_value, "
                + "b_source, b_line, message FROM overlap_finding WHERE import_id = ? ORDER BY seq",
                rs -> new Overlap(OverlapCode.ofCode(rs.getString(1)), new EntryRef(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5)), new EntryRef(rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getInt(9)), rs.getString(10)), importId));
    }
}
