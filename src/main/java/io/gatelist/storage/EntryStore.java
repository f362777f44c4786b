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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
        // policy_entry by its key range (its only index); the others by their (import_id, record_no, ...) keys
        Jdbc.update(c, "DELETE FROM policy_entry WHERE entry_key > ? AND entry_key <= ?",
                recordNo < 0 ? EntryKeys.first(importId) - 1 : EntryKeys.of(importId, recordNo),
                EntryKeys.last(importId));
        for (String table : new String[] {"import_finding", "rejected_row"}) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no > ?", importId, recordNo);
        }
    }

    /** Accepted entries bound per INSERT statement: one statement per block keeps H2's per-statement cost low. */
    private static final int ROWS_PER_INSERT = 64;
    private static final String ENTRY_COLUMNS = "INSERT INTO policy_entry (entry_key, import_id, record_no, line_no, "
            + "list_name, kind, entry_value, family, addr_high, addr_low, prefix_len, comment) VALUES ";
    private static final String ENTRY_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int ENTRY_PARAMETERS = 12;
    /** The ids of lists and kinds, computed once instead of once per row. */
    private static final String[] LIST_IDS = java.util.Arrays.stream(ListName.values()).map(ListName::id)
            .toArray(String[]::new);
    private static final String[] KIND_IDS = java.util.Arrays.stream(EntryKind.values()).map(EntryKind::id)
            .toArray(String[]::new);

    /**
     * Writes one chunk of staged rows in the caller's transaction. When {@code replace} is set, the chunk's record
     * range is cleared first, so that writing the same chunk again (after a restart from any earlier checkpoint)
     * replaces it instead of adding to it; a writer that knows the range is fresh (everything past its checkpoint
     * was deleted when it opened) skips that delete.
     */
    public static void write(Connection c, long importId, List<StagedRow> rows, boolean replace) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (replace) {
            int first = Integer.MAX_VALUE;
            int last = Integer.MIN_VALUE;
            for (StagedRow row : rows) {
                first = Math.min(first, row.recordNo());
                last = Math.max(last, row.recordNo());
            }
            Jdbc.update(c, "DELETE FROM policy_entry WHERE entry_key BETWEEN ? AND ?", EntryKeys.of(importId, first),
                    EntryKeys.of(importId, last));
            for (String table : new String[] {"import_finding", "rejected_row"}) {
                Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no BETWEEN ? AND ?",
                        importId, first, last);
            }
        }
        writeEntries(c, importId, rows);
        try (PreparedStatement findings = c.prepareStatement("INSERT INTO import_finding (import_id, record_no, "
                        + "scope, seq, line_no, col_no, column_name, cell_value, code, severity, message) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement rejected = c.prepareStatement("INSERT INTO rejected_row (import_id, record_no, "
                        + "line_no, raw, reason) VALUES (?, ?, ?, ?, ?)")) {
            int findingCount = 0;
            int rejectedCount = 0;
            for (StagedRow row : rows) {
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
            if (findingCount > 0) {
                findings.executeBatch();
            }
            if (rejectedCount > 0) {
                rejected.executeBatch();
            }
        }
    }

    /** Inserts the accepted entries of a chunk, {@value #ROWS_PER_INSERT} rows per statement. */
    private static void writeEntries(Connection c, long importId, List<StagedRow> rows) throws SQLException {
        List<StagedRow> accepted = new ArrayList<>(rows.size());
        for (StagedRow row : rows) {
            if (row.entry() != null) {
                accepted.add(row);
            }
        }
        int blocks = accepted.size() / ROWS_PER_INSERT;
        int next = 0;
        if (blocks > 0) {
            String sql = ENTRY_COLUMNS + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, ENTRY_VALUES));
            try (PreparedStatement block = c.prepareStatement(sql)) {
                for (int b = 0; b < blocks; b++) {
                    for (int i = 0; i < ROWS_PER_INSERT; i++) {
                        bindEntry(block, i * ENTRY_PARAMETERS, importId, accepted.get(next++));
                    }
                    block.addBatch();
                }
                block.executeBatch();
            }
        }
        if (next < accepted.size()) {
            try (PreparedStatement single = c.prepareStatement(ENTRY_COLUMNS + ENTRY_VALUES)) {
                while (next < accepted.size()) {
                    bindEntry(single, 0, importId, accepted.get(next++));
                    single.addBatch();
                }
                single.executeBatch();
            }
        }
    }

    private static void bindEntry(PreparedStatement ps, int offset, long importId, StagedRow row) throws SQLException {
        PolicyEntry e = row.entry();
        int p = offset;
        ps.setLong(++p, EntryKeys.of(importId, row.recordNo()));
        ps.setLong(++p, importId);
        ps.setInt(++p, row.recordNo());
        ps.setInt(++p, row.lineNo());
        ps.setString(++p, LIST_IDS[e.list().ordinal()]);
        ps.setString(++p, KIND_IDS[e.kind().ordinal()]);
        ps.setString(++p, e.value());
        if (e.prefix() != null) {
            ps.setShort(++p, (short) e.prefix().family());
            ps.setLong(++p, e.prefix().high());
            ps.setLong(++p, e.prefix().low());
            ps.setShort(++p, (short) e.prefix().length());
        } else {
            ps.setNull(++p, Types.SMALLINT);
            ps.setNull(++p, Types.BIGINT);
            ps.setNull(++p, Types.BIGINT);
            ps.setNull(++p, Types.SMALLINT);
        }
        ps.setString(++p, truncate(e.comment(), 1000));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Streams every live entry: the current import of every source, in source then line order. */
    public void forEachLiveEntry(Consumer<PolicyEntry> consumer) {
        db.withConnection(c -> {
            // One range scan of the primary key per live source, sources by name: the same order
            // as a join of all sources sorted as a whole, which the database had to sort in full before it
            // returned the first row.
            List<Map.Entry<String, Long>> sources = Jdbc.query(c, "SELECT name, current_import_id FROM policy_source "
                    + "WHERE current_import_id IS NOT NULL ORDER BY name",
                    rs -> Map.entry(rs.getString(1), rs.getLong(2)));
            try (PreparedStatement ps = c.prepareStatement("SELECT list_name, kind, entry_value, family, addr_high, "
                    + "addr_low, prefix_len, line_no, comment FROM policy_entry WHERE " + EntryKeys.OF_IMPORT
                    + " ORDER BY entry_key")) {
                ps.setFetchSize(10_000);
                for (Map.Entry<String, Long> source : sources) {
                    ps.setLong(1, EntryKeys.first(source.getValue()));
                    ps.setLong(2, EntryKeys.last(source.getValue()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            consumer.accept(map(rs, source.getKey()));
                        }
                    }
                }
            }
            return null;
        });
    }

    private static PolicyEntry map(ResultSet rs, String source) throws SQLException {
        ListName list = ListName.parse(rs.getString(1));
        EntryKind kind = EntryKind.parse(rs.getString(2));
        IpPrefix prefix = null;
        String country = null;
        if (kind == EntryKind.IP) {
            prefix = new IpPrefix(rs.getShort(4), rs.getLong(5), rs.getLong(6), rs.getShort(7));
        } else {
            country = rs.getString(3);
        }
        return new PolicyEntry(list, kind, prefix, country, source, rs.getInt(8), rs.getString(9));
    }

    /**
     * Joins policy_entry e to policy_source s on the source's current import, as a range of e's primary key (a join
     * on e.import_id would scan the table once per source).
     */
    public static final String LIVE_JOIN = "e.entry_key BETWEEN s.current_import_id * 4294967296 "
            + "AND s.current_import_id * 4294967296 + 4294967295";

    /** The current revision of the lists: bumped every time a source's version changes. */
    public long listRevision() {
        return db.withConnection(c -> Jdbc.queryLong(c,
                "SELECT counter_value FROM appliance_counter WHERE name = 'list-revision'"));
    }

    /** Counts of live entries per list and kind, for summaries. */
    public List<String[]> liveCounts() {
        return db.withConnection(c -> Jdbc.query(c, "SELECT e.list_name, e.kind, COUNT(*) FROM policy_entry e "
                + "JOIN policy_source s ON " + LIVE_JOIN + " GROUP BY e.list_name, e.kind "
                + "ORDER BY e.list_name, e.kind", rs -> new String[] {rs.getString(1), rs.getString(2),
                    Long.toString(rs.getLong(3))}));
    }

    /** The database the entries live in (the snapshot compiler also reads the IP-to-country ranges there). */
    public Database database() {
        return db;
    }
}
