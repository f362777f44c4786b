package io.gatelist.storage;

import io.gatelist.finding.LocatedFinding;
import io.gatelist.policy.PolicyEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Policy entries, their findings and rejected rows, written by import jobs and read by the overlap analysis
 * and the snapshot compiler. The live list is the union of every source's current import.
 *
 * <p>Accepted entries are stored packed, one {@code policy_block} row per chunk (schema V13, {@link PolicyBlock});
 * this class is the only one that reads or writes that table's rows.
 */
public final class EntryStore {

    private final Database db;

    public EntryStore(Database db) {
        this.db = db;
    }

    /** The SQL condition for one import's blocks, binding its first and last key ({@link EntryKeys}). */
    public static final String OF_IMPORT = "block_key BETWEEN ? AND ?";

    /**
     * Joins policy_block b to policy_source s on the source's current import, as a range of b's primary key (a join
     * on b.import_id would scan the table once per source).
     */
    public static final String LIVE_JOIN = "b.block_key BETWEEN s.current_import_id * 4294967296 "
            + "AND s.current_import_id * 4294967296 + 4294967295";

    /**
     * Deletes what an import wrote past a record number: on a restart, the rows a crashed JVM committed after
     * its last checkpoint, which the restarted step will write again.
     */
    public static void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        int from = recordNo < 0 ? 0 : recordNo + 1;
        deleteRange(c, POLICY, importId, from, Integer.MAX_VALUE);
        deleteRange(c, FINDINGS, importId, from, Integer.MAX_VALUE);
        // file-level findings, investigation findings and rows from before V14, by their (import_id, record_no) keys
        for (String table : new String[] {"import_finding", "rejected_row"}) {
            Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no > ?", importId, recordNo);
        }
    }

    /**
     * A table of packed blocks keyed as {@link EntryKeys} (block_key, last_record, data): how to read a block's rows
     * and store some of them again.
     */
    private record BlockTable<T>(String name, Function<byte[], List<T>> decode, ToIntFunction<T> recordOf,
            BlockWriter<T> insert) {
    }

    @FunctionalInterface
    private interface BlockWriter<T> {
        void insert(Connection c, long importId, List<T> rows) throws SQLException;
    }

    private static final BlockTable<PolicyBlock.Entry> POLICY = new BlockTable<>("policy_block", PolicyBlock::decode,
            PolicyBlock.Entry::recordNo, EntryStore::insertBlocks);

    private static final BlockTable<FindingBlock.Row> FINDINGS = new BlockTable<>("finding_block",
            FindingBlock::decode, FindingBlock.Row::recordNo, EntryStore::insertFindingBlocks);

    /**
     * Deletes an import's rows with record numbers {@code from..to} from a block table. Checkpoints fall on chunk
     * boundaries, so a restart's range normally covers whole blocks, but a chunk written again with other
     * boundaries (a retry, a different chunk size on resume) can cut one: such a block is decoded and the rows
     * outside the range are stored again, as one block below the range and one above it, so that blocks never
     * overlap and no row is lost or left twice. As blocks do not overlap, at most one block starts below
     * {@code from} and reaches into the range, and at most one starts inside it and reaches past {@code to}.
     */
    private static <T> void deleteRange(Connection c, BlockTable<T> table, long importId, int from, int to)
            throws SQLException {
        String name = table.name();
        List<T> above = new ArrayList<>();
        if (from > 0) {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT block_key, last_record, data FROM " + name
                    + " WHERE block_key BETWEEN ? AND ? ORDER BY block_key DESC FETCH FIRST 1 ROWS ONLY",
                    EntryKeys.first(importId), EntryKeys.of(importId, from - 1));
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(2) >= from) {
                    long key = rs.getLong(1);
                    List<T> below = new ArrayList<>();
                    for (T row : table.decode().apply(rs.getBytes(3))) {
                        if (table.recordOf().applyAsInt(row) < from) {
                            below.add(row);
                        } else if (table.recordOf().applyAsInt(row) > to) {
                            above.add(row);
                        }
                    }
                    Jdbc.update(c, "DELETE FROM " + name + " WHERE block_key = ?", key);
                    table.insert().insert(c, importId, below);
                }
            }
        }
        if (to < Integer.MAX_VALUE) {
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT data FROM " + name + " WHERE block_key BETWEEN ? AND ? "
                    + "AND last_record > ?", EntryKeys.of(importId, from), EntryKeys.of(importId, to), to);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (T row : table.decode().apply(rs.getBytes(1))) {
                        if (table.recordOf().applyAsInt(row) > to) {
                            above.add(row);
                        }
                    }
                }
            }
        }
        Jdbc.update(c, "DELETE FROM " + name + " WHERE " + OF_IMPORT, EntryKeys.of(importId, from),
                to == Integer.MAX_VALUE ? EntryKeys.last(importId) : EntryKeys.of(importId, to));
        // stored after the range delete, which would have matched a block starting inside the range
        table.insert().insert(c, importId, above);
    }

    /**
     * Writes one chunk of staged rows in the caller's transaction. When {@code replace} is set, the chunk's record
     * range is cleared first, so that writing the same chunk again (after a restart from any earlier checkpoint)
     * replaces it instead of adding to it; a writer that knows the range is fresh (everything past its checkpoint
     * was deleted when it opened) skips that delete.
     *
     * <p>Accepted entries go to policy_block, row findings and rejected rows to finding_block, one block each per
     * chunk; findings about the file as a whole (record 0, written by whichever chunk meets them) to import_finding.
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
            deleteRange(c, POLICY, importId, first, last);
            deleteRange(c, FINDINGS, importId, first, last);
            for (String table : new String[] {"import_finding", "rejected_row"}) {
                Jdbc.update(c, "DELETE FROM " + table + " WHERE import_id = ? AND record_no BETWEEN ? AND ?",
                        importId, first, last);
            }
        }
        writeEntries(c, importId, rows);
        List<FindingBlock.Row> outcomes = new ArrayList<>();
        List<StagedRow> fileLevel = new ArrayList<>();
        for (StagedRow row : rows) {
            if (row.fileLevel()) {
                fileLevel.add(row);
            } else if (!row.findings().isEmpty() || row.rejected()) {
                outcomes.add(outcome(row));
            }
        }
        if (!outcomes.isEmpty()) {
            boolean ordered = true;
            for (int i = 1; i < outcomes.size() && ordered; i++) {
                ordered = outcomes.get(i).recordNo() > outcomes.get(i - 1).recordNo();
            }
            if (!ordered) { // chunks hand their rows over in record order; the codec requires it
                outcomes.sort(Comparator.comparingInt(FindingBlock.Row::recordNo));
            }
            insertFindingBlocks(c, importId, outcomes);
        }
        if (!fileLevel.isEmpty()) {
            writeFileLevel(c, importId, fileLevel);
        }
    }

    /** A staged row's findings and rejection, as a finding block holds them. */
    private static FindingBlock.Row outcome(StagedRow row) {
        List<FindingStore.StoredFinding> findings = new ArrayList<>(row.findings().size());
        for (LocatedFinding f : row.findings()) {
            findings.add(new FindingStore.StoredFinding(row.recordNo(), f.line(), f.columnNumber(),
                    f.finding().column(), f.finding().value(), f.finding().code(), f.finding().severity().name(),
                    f.finding().message(), false));
        }
        return new FindingBlock.Row(row.recordNo(), row.lineNo(), findings, row.raw(), row.raw() == null ? null
                : row.reason() == null ? "" : row.reason());
    }

    /** Stores rows' findings and rejections as finding blocks, in strictly increasing record order. */
    static void insertFindingBlocks(Connection c, long importId, List<FindingBlock.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO finding_block (block_key, import_id, "
                + "first_record, last_record, finding_count, rejected_count, duplicate_count, data) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (FindingBlock.Encoded block : FindingBlock.encode(rows)) {
                Jdbc.bind(ps, EntryKeys.of(importId, block.firstRecord()), importId, block.firstRecord(),
                        block.lastRecord(), block.findings(), block.rejected(), block.duplicates(), block.data());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Findings about the file as a whole: few, and outside any chunk's record range, so rows of their own. */
    private static void writeFileLevel(Connection c, long importId, List<StagedRow> rows) throws SQLException {
        try (PreparedStatement findings = c.prepareStatement("INSERT INTO import_finding (import_id, record_no, "
                        + "scope, seq, line_no, col_no, column_name, cell_value, code, severity, message) "
                        + "VALUES (?, ?, 'file', ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement rejected = c.prepareStatement("INSERT INTO rejected_row (import_id, record_no, "
                        + "line_no, raw, reason) VALUES (?, ?, ?, ?, ?)")) {
            int findingCount = 0;
            int rejectedCount = 0;
            for (StagedRow row : rows) {
                int seq = 0;
                for (LocatedFinding f : row.findings()) {
                    // setString, not setObject: a column name or value may be null, and not every driver types it
                    findings.setLong(1, importId);
                    findings.setInt(2, row.recordNo());
                    findings.setInt(3, seq++);
                    findings.setInt(4, f.line());
                    findings.setInt(5, f.columnNumber());
                    findings.setString(6, BlockBytes.cut(f.finding().column(), FindingBlock.MAX_COLUMN_NAME));
                    findings.setString(7, BlockBytes.cut(f.finding().value(), FindingBlock.MAX_VALUE));
                    findings.setString(8, f.finding().code());
                    findings.setString(9, f.finding().severity().name());
                    findings.setString(10, BlockBytes.cut(f.finding().message(), FindingBlock.MAX_MESSAGE));
                    findings.addBatch();
                    findingCount++;
                }
                if (row.rejected()) {
                    Jdbc.bind(rejected, importId, row.recordNo(), row.lineNo(), BlockBytes.cut(row.raw(),
                            FindingBlock.MAX_RAW), BlockBytes.cut(row.reason(), FindingBlock.MAX_REASON));
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

    /** Stores the accepted entries of a chunk as one block (several past {@value PolicyBlock#MAX_ENTRIES}). */
    private static void writeEntries(Connection c, long importId, List<StagedRow> rows) throws SQLException {
        List<PolicyBlock.Entry> accepted = new ArrayList<>(rows.size());
        boolean ordered = true;
        int previous = -1;
        for (StagedRow row : rows) {
            PolicyEntry e = row.entry();
            if (e != null) {
                accepted.add(new PolicyBlock.Entry(row.recordNo(), row.lineNo(), e.list(), e.kind(), e.prefix(),
                        e.country(), BlockBytes.cut(e.comment(), PolicyBlock.MAX_COMMENT)));
                ordered &= row.recordNo() > previous;
                previous = row.recordNo();
            }
        }
        if (!ordered) { // chunks hand their rows over in record order; the codec requires it
            accepted.sort(Comparator.comparingInt(PolicyBlock.Entry::recordNo));
        }
        insertBlocks(c, importId, accepted);
    }

    /**
     * Stores entries of one import as blocks of up to {@value PolicyBlock#MAX_ENTRIES}, in strictly increasing
     * record order, in a record range no stored block overlaps. The only writer of policy_block rows (imports,
     * {@link #deleteRange} and the V13.1 migration).
     */
    public static void insertBlocks(Connection c, long importId, List<PolicyBlock.Entry> entries)
            throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_block (block_key, import_id, first_record, "
                + "last_record, entry_count, approved_ip, approved_country, blocked_ip, blocked_country, data) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int from = 0; from < entries.size(); from += PolicyBlock.MAX_ENTRIES) {
                List<PolicyBlock.Entry> block = entries.subList(from, Math.min(entries.size(),
                        from + PolicyBlock.MAX_ENTRIES));
                int first = block.get(0).recordNo();
                PolicyBlock.Counts counts = PolicyBlock.Counts.of(block);
                ps.setLong(1, EntryKeys.of(importId, first));
                ps.setLong(2, importId);
                ps.setInt(3, first);
                ps.setInt(4, block.get(block.size() - 1).recordNo());
                ps.setInt(5, block.size());
                ps.setInt(6, counts.approvedIp());
                ps.setInt(7, counts.approvedCountry());
                ps.setInt(8, counts.blockedIp());
                ps.setInt(9, counts.blockedCountry());
                ps.setBytes(10, PolicyBlock.encode(block));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Streams every live entry: the current import of every source, in source then line order. */
    public void forEachLiveEntry(Consumer<PolicyEntry> consumer) {
        db.withConnection(c -> {
            forEachLiveEntry(c, (source, e) -> consumer.accept(e.toPolicyEntry(source)));
            return null;
        });
    }

    /**
     * Streams every live entry with its source's name: one range scan of policy_block's key per live source (a
     * join of all sources sorted as a whole would be sorted in full before the first row), sources by name,
     * entries in record order.
     */
    public static void forEachLiveEntry(Connection c, BiConsumer<String, PolicyBlock.Entry> consumer)
            throws SQLException {
        List<Map.Entry<String, Long>> sources = Jdbc.query(c, "SELECT name, current_import_id FROM policy_source "
                + "WHERE current_import_id IS NOT NULL ORDER BY name", rs -> Map.entry(rs.getString(1), rs.getLong(2)));
        for (Map.Entry<String, Long> source : sources) {
            String name = source.getKey();
            forEachEntry(c, source.getValue(), e -> consumer.accept(name, e));
        }
    }

    /** Streams the entries an import stored, in record order. */
    public static void forEachEntry(Connection c, long importId, Consumer<PolicyBlock.Entry> consumer)
            throws SQLException {
        try (PreparedStatement ps = Jdbc.prepare(c, "SELECT data FROM policy_block WHERE " + OF_IMPORT
                + " ORDER BY block_key", EntryKeys.first(importId), EntryKeys.last(importId))) {
            ps.setFetchSize(16); // a block is up to 10,000 entries
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PolicyBlock.decode(rs.getBytes(1), consumer);
                }
            }
        }
    }

    /** The number of entries an import stored: a sum over its blocks' counts, no decoding. */
    public static int count(Connection c, long importId) throws SQLException {
        return (int) Jdbc.queryLong(c, "SELECT COALESCE(SUM(entry_count), 0) FROM policy_block WHERE " + OF_IMPORT,
                EntryKeys.first(importId), EntryKeys.last(importId));
    }

    /** Deletes every entry an import stored (a replaced version's), in the caller's transaction. */
    public static void deleteImport(Connection c, long importId) throws SQLException {
        Jdbc.update(c, "DELETE FROM policy_block WHERE " + OF_IMPORT, EntryKeys.first(importId),
                EntryKeys.last(importId));
    }

    /** The current revision of the lists: bumped every time a source's version changes. */
    public long listRevision() {
        return db.withConnection(c -> Jdbc.queryLong(c,
                "SELECT counter_value FROM appliance_counter WHERE name = 'list-revision'"));
    }

    /**
     * Moves the list revision on to {@code revision} when it is lower: a snapshot was published with that
     * revision from lists older than the one it replaced, and the lists' next change must come after it.
     */
    public void advanceListRevision(long revision) {
        db.withConnection(c -> Jdbc.update(c, "UPDATE appliance_counter SET counter_value = ? "
                + "WHERE name = 'list-revision' AND counter_value < ?", revision, revision));
    }

    /** Counts of live entries per list and kind (in that order, groups without entries left out), for summaries. */
    public List<String[]> liveCounts() {
        // the counts kept beside each block: a sum over the live blocks, in the order of the (list, kind) names
        long[] sums = db.withConnection(c -> Jdbc.queryOne(c, "SELECT COALESCE(SUM(b.approved_country), 0), "
                + "COALESCE(SUM(b.approved_ip), 0), COALESCE(SUM(b.blocked_country), 0), "
                + "COALESCE(SUM(b.blocked_ip), 0) FROM policy_block b JOIN policy_source s ON " + LIVE_JOIN,
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}));
        String[][] groups = {{"approved", "country"}, {"approved", "ip"}, {"blocked", "country"}, {"blocked", "ip"}};
        List<String[]> counts = new ArrayList<>();
        for (int i = 0; i < groups.length; i++) {
            if (sums[i] > 0) {
                counts.add(new String[] {groups[i][0], groups[i][1], Long.toString(sums[i])});
            }
        }
        return counts;
    }

    /** The database the entries live in (the snapshot compiler also reads the IP-to-country ranges there). */
    public Database database() {
        return db;
    }
}
