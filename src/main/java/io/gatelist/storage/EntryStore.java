package io.gatelist.storage;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.validation.LocatedFinding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.function.Consumer;

/**
 * Policy entries, their findings and rejected rows, written by import jobs and read by the overlap analysis
 * and the snapshot compiler. The live list is the union of every source's current import.
 */
public final class EntryStore {

    private final Database db;

    public EntryStore(Database db) {
        this.db = db;
    }

    /**
     * Deletes what an import wrote past a record number: on a restart, the rows a crashed JVM committed after
     * its last checkpoint, which the restarted step will write again.
     */
    public static void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        for (String table : new String[] {"policy_entry", "import_finding", "rejected_row"}) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no > ?", importId, recordNo);
        }
    }

    /**
     * Writes one chunk of staged rows in the caller's transaction. The chunk's record range is cleared first, so
     * writing the same chunk again (after a restart from any earlier checkpoint) replaces it instead of adding
     * to it.
     */
    public static void write(Connection c, long importId, List<StagedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (StagedRow row : rows) {
            first = Math.min(first, row.recordNo());
            last = Math.max(last, row.recordNo());
        }
        for (String table : new String[] {"policy_entry", "import_finding", "rejected_row"}) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no BETWEEN ? AND ?", importId,
                    first, last);
        }
        try (PreparedStatement entries = c.prepareStatement("INSERT INTO policy_entry (import_id, record_no, "
                + "line_no, list_name, kind, entry_value, family, addr_high, addr_low, prefix_len, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement findings = c.prepareStatement("INSERT INTO import_finding (import_id, record_no, "
                        + "scope, seq, line_no, col_no, column_name, cell_value, code, severity, message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement rejected = c.prepareStatement("INSERT INTO rejected_row (import_id, record_no, "
                        + "line_no, raw, reason) VALUES (?, ?, ?, ?, ?)")) {
            int entryCount = 0;
            int findingCount = 0;
            int rejectedCount = 0;
            for (StagedRow row : rows) {
                PolicyEntry e = row.entry();
                if (e != null) {
                    entries.setLong(1, importId);
                    entries.setInt(2, row.recordNo());
                    entries.setInt(3, row.lineNo());
                    entries.setString(4, e.list().id());
                    entries.setString(5, e.kind().id());
                    entries.setString(6, e.value());
                    if (e.prefix() != null) {
                        entries.setShort(7, (short) e.prefix().family());
                        entries.setLong(8, e.prefix().high());
                        entries.setLong(9, e.prefix().low());
                        entries.setShort(10, (short) e.prefix().length());
                    } else {
                        entries.setNull(7, Types.SMALLINT);
                        entries.setNull(8, Types.BIGINT);
                        entries.setNull(9, Types.BIGINT);
                        entries.setNull(10, Types.SMALLINT);
                    }
                    entries.setString(11, truncate(e.comment(), 1000));
                    entries.addBatch();
                    entryCount++;
                }
                int seq = 0;
                for (LocatedFinding f : row.findings()) {
                    findings.setLong(1, importId);
                    findings.setInt(2, row.recordNo());
                    findings.setString(3, row.fileLevel() ? "file" : "row");
                    findings.setInt(4, seq++);
                    findings.setInt(5, f.line());
                    findings.setInt(6, f.columnNumber());
                    findings.setString(7, truncate(f.finding().column(), 255));
                    findings.setString(8, truncate(f.finding().value(), 1000));
                    findings.setString(9, f.finding().code());
                    findings.setString(10, f.finding().severity().name());
                    findings.setString(11, truncate(f.finding().message(), 4000));
                    findings.addBatch();
                    findingCount++;
                }
                if (row.rejected()) {
                    rejected.setLong(1, importId);
                    rejected.setInt(2, row.recordNo());
                    rejected.setInt(3, row.lineNo());
                    rejected.setString(4, truncate(row.raw(), 1_000_000));
                    rejected.setString(5, truncate(row.reason(), 4000));
                    rejected.addBatch();
                    rejectedCount++;
                }
            }
            if (entryCount > 0) {
                entries.executeBatch();
            }
            if (findingCount > 0) {
                findings.executeBatch();
            }
            if (rejectedCount > 0) {
                rejected.executeBatch();
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Streams every live entry: the current import of every source, in source then line order. */
    public void forEachLiveEntry(Consumer<PolicyEntry> consumer) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT e.list_name, e.kind, e.entry_value, e.family, "
                    + "e.addr_high, e.addr_low, e.prefix_len, e.line_no, e.comment, s.name FROM policy_entry e "
                    + "JOIN policy_source s ON s.current_import_id = e.import_id ORDER BY s.name, e.record_no")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(map(rs));
                    }
                }
            }
            return null;
        });
    }

    private static PolicyEntry map(ResultSet rs) throws SQLException {
        ListName list = ListName.parse(rs.getString(1));
        EntryKind kind = EntryKind.parse(rs.getString(2));
        IpPrefix prefix = null;
        String country = null;
        if (kind == EntryKind.IP) {
            prefix = new IpPrefix(rs.getShort(4), rs.getLong(5), rs.getLong(6), rs.getShort(7));
        } else {
            country = rs.getString(3);
        }
        return new PolicyEntry(list, kind, prefix, country, rs.getString(10), rs.getInt(8), rs.getString(9));
    }

    /** The current revision of the lists: bumped every time a source's version changes. */
    public long listRevision() {
        return db.withConnection(c -> Jdbc.queryLong(c,
                "SELECT counter_value FROM appliance_counter WHERE name = 'list-revision'"));
    }

    /** Counts of live entries per list and kind, for summaries. */
    public List<String[]> liveCounts() {
        return db.withConnection(c -> Jdbc.query(c, "SELECT e.list_name, e.kind, COUNT(*) FROM policy_entry e "
                + "JOIN policy_source s ON s.current_import_id = e.import_id GROUP BY e.list_name, e.kind "
                + "ORDER BY e.list_name, e.kind", rs -> new String[] {rs.getString(1), rs.getString(2),
                    Long.toString(rs.getLong(3))}));
    }

    /** The database the entries live in (the snapshot compiler also reads the IP-to-country ranges there). */
    public Database database() {
        return db;
    }
}
