package io.gatelist.storage;

import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedRange;
import io.gatelist.feed.RbldnsdDataset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reputation feeds (schema V8): which feed and database an import is for, the staged lines of each import, and
 * each feed's live version. Versions work like policy sources ({@link SourceVersions}): activating an import
 * moves the feed's pointer and deletes the old version's entries in one transaction. Findings and rejected lines
 * go to the same tables as a policy import's, through {@link EntryStore}. Since schema V12 the same transaction
 * also stores the live version's ranges packed ({@code feed_packed}, {@link FeedPackedChunk}), which the overlap
 * analyses read instead of a row a line; the snapshot compile, which needs each line's text, reads the rows.
 */
public final class FeedStore {

    /** A validated feed line, ready to be written: the row outcome and, when accepted, its range. */
    public record StagedFeed(StagedRow row, FeedRange range) {
    }

    /**
     * What an import is for.
     *
     * @param feed             the feed's name
     * @param database         the database it feeds; when not {@code databaseExplicit}, the one a new feed gets (an
     *                         existing feed keeps its own). Once the version is live: the feed's database
     * @param databaseExplicit the database was named for this import: a feed in another one is moved
     * @param dataset          how the file's exclusions are read
     * @param movedFrom        once the version is live: the database it moved the feed from, or {@code null}
     */
    public record Target(String feed, FeedDatabase database, boolean databaseExplicit, RbldnsdDataset dataset,
            FeedDatabase movedFrom) {

        /** A target whose database is named (a feed in the other one is moved), read as ip4set data. */
        public Target(String feed, FeedDatabase database) {
            this(feed, database, true, RbldnsdDataset.DEFAULT, null);
        }
    }

    /**
     * What making a version live did.
     *
     * @param diff      the lines added, removed and unchanged
     * @param database  the database the feed is in now
     * @param movedFrom the database the feed was in before, when this version moved it; else {@code null}
     */
    public record Activation(SourceVersions.Diff diff, FeedDatabase database, FeedDatabase movedFrom) {
    }

    /**
     * A feed and its live version.
     *
     * @param name            the feed's name
     * @param database        standard or dynamic
     * @param currentImportId the live import
     * @param sha256          the live version's file hash
     * @param entries         stored lines of the live version (listed and excluded)
     */
    public record Feed(String name, FeedDatabase database, long currentImportId, String sha256, long entries) {
    }

    private final Database db;

    public FeedStore(Database db) {
        this.db = db;
    }

    /**
     * Records which feed a claimed import is for, before its job starts, and how to read it.
     *
     * @param database the feed's database when {@code explicit}; otherwise the database of a new feed, while an
     *                 existing feed keeps its own (decided again when the version is made live)
     * @param explicit the database was named for this import: a feed in the other one is moved, and the move
     *                 reported
     * @param dataset  how the file's exclusions are read
     */
    public void assign(long importId, String feed, FeedDatabase database, boolean explicit, RbldnsdDataset dataset) {
        if (feed == null || feed.isBlank() || feed.length() > 255) {
            throw new IllegalArgumentException("a feed name is 1 to 255 characters: \"" + feed + "\"");
        }
        String name = feed.strip();
        db.inTransaction(c -> {
            // The database the feed will most likely be in: what the duplicate check compares with.
            String current = explicit ? null
                    : Jdbc.queryOne(c, "SELECT feed_database FROM feed WHERE name = ?", rs -> rs.getString(1), name);
            Jdbc.update(c, "DELETE FROM feed_import WHERE import_id = ?", importId);
            return Jdbc.update(c, "INSERT INTO feed_import (import_id, feed_name, feed_database, database_explicit, "
                    + "rbldnsd_dataset) VALUES (?, ?, ?, ?, ?)", importId, name,
                    current != null ? current : database.id(), explicit, dataset.id());
        });
    }

    /** The feed and database of an import, or {@code null} when none was assigned. */
    public Target target(long importId) {
        return db.withConnection(c -> target(c, importId));
    }

    /** As {@link #target(long)}, in the caller's transaction. */
    public static Target target(Connection c, long importId) throws SQLException {
        return Jdbc.queryOne(c, "SELECT feed_name, feed_database, database_explicit, rbldnsd_dataset, moved_from "
                + "FROM feed_import WHERE import_id = ?", rs -> new Target(rs.getString(1),
                FeedDatabase.of(rs.getString(2)), rs.getBoolean(3), dataset(rs.getString(4)),
                rs.getString(5) == null ? null : FeedDatabase.of(rs.getString(5))), importId);
    }

    /** The dataset type stored for an import: {@code null} (recorded before schema V15.1) reads as the default. */
    private static RbldnsdDataset dataset(String id) {
        return id == null ? RbldnsdDataset.DEFAULT : RbldnsdDataset.of(id);
    }

    /** A feed by name, or {@code null}. */
    public Feed feed(String name) {
        return db.withConnection(c -> Jdbc.queryOne(c, "SELECT f.name, f.feed_database, f.current_import_id, "
                + "f.sha256, (SELECT COUNT(*) FROM feed_entry e WHERE e.import_id = f.current_import_id) FROM feed f "
                + "WHERE f.name = ?", FeedStore::mapFeed, name));
    }

    /** Every feed, by name. */
    public List<Feed> feeds() {
        return db.withConnection(c -> Jdbc.query(c, "SELECT f.name, f.feed_database, f.current_import_id, f.sha256, "
                + "(SELECT COUNT(*) FROM feed_entry e WHERE e.import_id = f.current_import_id) FROM feed f "
                + "ORDER BY f.name", FeedStore::mapFeed));
    }

    private static Feed mapFeed(ResultSet rs) throws SQLException {
        return new Feed(rs.getString(1), FeedDatabase.of(rs.getString(2)), rs.getLong(3), rs.getString(4),
                rs.getLong(5));
    }

    /** Deletes what an import wrote past a record number (a restarted step writes it again). */
    public static void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        EntryStore.truncateAfter(c, importId, recordNo);
        Jdbc.update(c, "DELETE FROM feed_entry WHERE import_id = ? AND record_no > ?", importId, recordNo);
    }

    /**
     * Writes one chunk in the caller's transaction. When {@code replace} is set the chunk's record range is
     * cleared first (a chunk written again after a restart); a writer that truncated past its checkpoint when it
     * opened knows the range is fresh.
     */
    public static void write(Connection c, long importId, List<StagedFeed> rows, boolean replace)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<StagedRow> staged = new ArrayList<>(rows.size());
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (StagedFeed f : rows) {
            staged.add(f.row());
            first = Math.min(first, f.row().recordNo());
            last = Math.max(last, f.row().recordNo());
        }
        EntryStore.write(c, importId, staged, replace);
        if (replace) {
            Jdbc.update(c, "DELETE FROM feed_entry WHERE import_id = ? AND record_no BETWEEN ? AND ?", importId,
                    first, last);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_entry (import_id, record_no, line_no, family, "
                + "start_high, start_low, end_high, end_low, excluded, entry_value, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int count = 0;
            for (StagedFeed f : rows) {
                FeedRange r = f.range();
                if (r == null) {
                    continue;
                }
                ps.setLong(1, importId);
                ps.setInt(2, f.row().recordNo());
                ps.setInt(3, r.line());
                ps.setShort(4, (short) r.family());
                ps.setLong(5, r.startHigh());
                ps.setLong(6, r.startLow());
                ps.setLong(7, r.endHigh());
                ps.setLong(8, r.endLow());
                ps.setBoolean(9, r.excluded());
                ps.setString(10, r.value());
                if (r.reason() == null) {
                    ps.setNull(11, Types.VARCHAR);
                } else {
                    ps.setString(11, r.reason().length() > 255 ? r.reason().substring(0, 254) + "…" : r.reason());
                }
                ps.addBatch();
                count++;
            }
            if (count > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Lines stored by one import. */
    public static int count(Connection c, long importId) throws SQLException {
        return (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM feed_entry WHERE import_id = ?", importId);
    }

    /**
     * The feed's live version when it has exactly this content for this database and was read as this dataset
     * type: re-importing it would change nothing. {@code null} otherwise.
     */
    public static Long liveWithSameContent(Connection c, String feed, FeedDatabase database, RbldnsdDataset dataset,
            String sha256) throws SQLException {
        return Jdbc.queryOne(c, "SELECT f.current_import_id FROM feed f JOIN feed_import i ON i.import_id = "
                + "f.current_import_id WHERE f.name = ? AND f.feed_database = ? AND f.sha256 = ? AND "
                + "COALESCE(i.rbldnsd_dataset, '" + RbldnsdDataset.DEFAULT.id() + "') = ?", rs -> rs.getLong(1), feed,
                database.id(), sha256, dataset.id());
    }

    /**
     * Makes {@code importId} the live version of its feed in the caller's transaction: the feed's pointer moves,
     * the new version's ranges are packed, the replaced version's entries and packed ranges are deleted, the list
     * revision is bumped. A compile reads the feed row and its entries in one statement, so it sees the old version
     * or the new one, never a mix. A newer import of the same feed already live leaves everything as it is (the
     * diff's {@code supersededBy} names it); so does this import already live (a restarted step).
     *
     * <p>The feed keeps its database unless the target names one explicitly; a named database that differs moves
     * the feed, which the import's record keeps ({@code moved_from}) for its summary and reports. Decided here,
     * under the feed row's lock, so that an import claimed before another one moved the feed does not move it
     * back.
     */
    public static Activation activate(Connection c, long importId, Target target, String sha256)
            throws SQLException {
        record Live(long importId, FeedDatabase database) {
        }
        Live live = Jdbc.queryOne(c, "SELECT current_import_id, feed_database FROM feed WHERE name = ? FOR UPDATE",
                rs -> new Live(rs.getLong(1), FeedDatabase.of(rs.getString(2))), target.feed());
        Long previous = live == null ? null : live.importId();
        FeedDatabase current = live == null ? null : live.database();
        int fresh = count(c, importId);
        if (previous != null && previous == importId) {
            // a restarted job re-running this step: the first run recorded the move, if any
            Target recorded = target(c, importId);
            return new Activation(new SourceVersions.Diff(previous, 0, 0, fresh, 0), current,
                    recorded == null ? null : recorded.movedFrom());
        }
        if (previous != null && previous > importId) {
            return new Activation(new SourceVersions.Diff(previous, 0, 0, 0, previous), current, null);
        }
        FeedDatabase database = current != null && !target.databaseExplicit() ? current : target.database();
        FeedDatabase movedFrom = current != null && current != database ? current : null;
        int old = previous == null ? 0 : count(c, previous);
        long[] freshHashes = pack(c, importId, fresh);
        int unchanged = previous == null ? 0 : ValueHashes.unchanged(freshHashes, valueHashes(c, previous, old));
        if (previous == null) {
            Jdbc.update(c, "INSERT INTO feed (name, feed_database, current_import_id, sha256, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?)", target.feed(), database.id(), importId, sha256, ImportStore.now());
        } else {
            Jdbc.update(c, "UPDATE feed SET feed_database = ?, current_import_id = ?, sha256 = ?, updated_at = ? "
                    + "WHERE name = ?", database.id(), importId, sha256, ImportStore.now(), target.feed());
            Jdbc.update(c, "DELETE FROM feed_entry WHERE import_id = ?", previous);
            Jdbc.update(c, "DELETE FROM feed_packed WHERE import_id = ?", previous);
        }
        if (movedFrom == null) {
            Jdbc.update(c, "UPDATE feed_import SET feed_database = ?, moved_from = NULL WHERE import_id = ?",
                    database.id(), importId);
        } else {
            Jdbc.update(c, "UPDATE feed_import SET feed_database = ?, moved_from = ? WHERE import_id = ?",
                    database.id(), movedFrom.id(), importId);
        }
        Jdbc.update(c, "UPDATE appliance_counter SET counter_value = counter_value + 1 WHERE name = 'list-revision'");
        return new Activation(new SourceVersions.Diff(previous == null ? 0 : previous,
                Math.max(0, fresh - unchanged), Math.max(0, old - unchanged), unchanged, 0), database, movedFrom);
    }

    /**
     * The sorted value hashes of a version of about {@code expected} lines: from its packed ranges when it has them,
     * else from its rows.
     */
    private static long[] valueHashes(Connection c, long importId, int expected) throws SQLException {
        ValueHashes hashes = new ValueHashes(expected);
        Consumer<FeedRange> sink = r -> hashes.add(valueHash(r.family(), r.excluded(), r.startHigh(), r.startLow(),
                r.endHigh(), r.endLow()));
        if (!readPacked(c, "SELECT NULL, NULL, line_count, ranges FROM feed_packed WHERE import_id = ? ORDER BY "
                + "chunk_no", importId, null, sink)) {
            readRows(c, "SELECT NULL, NULL, e.family, e.start_high, e.start_low, e.end_high, e.end_low, e.excluded, "
                    + "e.line_no FROM feed_entry e WHERE e.import_id = ?", importId, null, sink);
        }
        return hashes.sorted();
    }

    /** The hash {@link ValueHashes#unchanged} compares: of a line's range and exclusion flag. */
    private static long valueHash(int family, boolean excluded, long startHigh, long startLow, long endHigh,
            long endLow) {
        long h = family * 31L + (excluded ? 1 : 0);
        h = ValueHashes.mix(h * 0x9E3779B97F4A7C15L + startHigh);
        h = ValueHashes.mix(h * 0x9E3779B97F4A7C15L + startLow);
        h = ValueHashes.mix(h * 0x9E3779B97F4A7C15L + endHigh);
        return ValueHashes.mix(h * 0x9E3779B97F4A7C15L + endLow);
    }

    /**
     * Stores the ranges of version {@code importId} (about {@code lines} lines) packed (schema V12), in record
     * order, replacing any packed form it has; returns the version's sorted value hashes (for {@link #unchanged}),
     * computed on the same read.
     */
    static long[] pack(Connection c, long importId, int lines) throws SQLException {
        Jdbc.update(c, "DELETE FROM feed_packed WHERE import_id = ?", importId);
        ValueHashes hashes = new ValueHashes(lines);
        FeedPackedChunk.Encoder chunk = new FeedPackedChunk.Encoder();
        int chunkNo = 0;
        try (PreparedStatement read = c.prepareStatement("SELECT family, start_high, start_low, end_high, end_low, "
                + "excluded, line_no FROM feed_entry WHERE import_id = ? ORDER BY record_no");
                PreparedStatement write = c.prepareStatement("INSERT INTO feed_packed (import_id, chunk_no, "
                        + "line_count, ranges) VALUES (?, ?, ?, ?)")) {
            read.setLong(1, importId);
            read.setFetchSize(10_000);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    int family = rs.getShort(1);
                    long startHigh = rs.getLong(2);
                    long startLow = rs.getLong(3);
                    long endHigh = rs.getLong(4);
                    long endLow = rs.getLong(5);
                    boolean excluded = rs.getBoolean(6);
                    if (chunk.add(family, excluded, rs.getInt(7), startHigh, startLow, endHigh, endLow)) {
                        writeChunk(write, importId, chunkNo++, chunk);
                    }
                    hashes.add(valueHash(family, excluded, startHigh, startLow, endHigh, endLow));
                }
            }
            if (chunk.lines() > 0) {
                writeChunk(write, importId, chunkNo, chunk);
            }
        }
        return hashes.sorted();
    }

    private static void writeChunk(PreparedStatement write, long importId, int chunkNo,
            FeedPackedChunk.Encoder chunk) throws SQLException {
        write.setLong(1, importId);
        write.setInt(2, chunkNo);
        write.setInt(3, chunk.lines());
        write.setBytes(4, chunk.take());
        write.executeUpdate();
    }

    /**
     * Runs a query whose rows are (feed database or null, rbldnsd dataset or null, line_count, ranges) with one
     * parameter and passes on every packed line in row order. Returns whether it returned a row; {@code meta}, when
     * given, receives the first row's feed database and dataset.
     */
    private static boolean readPacked(Connection c, String sql, Object parameter, String[] meta,
            Consumer<FeedRange> sink)
            throws SQLException {
        boolean any = false;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, parameter);
            ps.setFetchSize(4);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!any && meta != null) {
                        meta[0] = rs.getString(1);
                        meta[1] = rs.getString(2);
                    }
                    any = true;
                    FeedPackedChunk.decode(rs.getBytes(4), rs.getInt(3), sink);
                }
            }
        }
        return any;
    }

    /**
     * Streams every live feed's ranges (value text and reason {@code null}), one feed at a time with the lines
     * {@code keep} accepts in line order; feeds with no kept line are not passed on. Each version is read from its
     * packed ranges (one read of ~40 bytes a line instead of a row each), or from its rows when it has none (made
     * live before schema V12); each feed in a statement of its own, so one consistent version per feed.
     */
    public void forEachLiveFeedRanges(Predicate<FeedRange> keep, LiveFeedConsumer consumer) {
        db.withConnection(c -> {
            List<String> names = Jdbc.query(c, "SELECT name FROM feed ORDER BY name", rs -> rs.getString(1));
            for (String name : names) {
                List<FeedRange> lines = new ArrayList<>();
                String[] meta = {null, null};
                Consumer<FeedRange> sink = range -> {
                    if (keep.test(range)) {
                        lines.add(range);
                    }
                };
                boolean packed = readPacked(c, "SELECT f.feed_database, i.rbldnsd_dataset, p.line_count, p.ranges "
                        + "FROM feed f JOIN feed_packed p ON p.import_id = f.current_import_id LEFT JOIN feed_import i "
                        + "ON i.import_id = f.current_import_id WHERE f.name = ? ORDER BY p.chunk_no", name, meta, sink);
                if (!packed) {
                    readRows(c, "SELECT f.feed_database, i.rbldnsd_dataset, e.family, e.start_high, e.start_low, "
                            + "e.end_high, e.end_low, e.excluded, e.line_no FROM feed_entry e JOIN feed f ON "
                            + "f.current_import_id = e.import_id LEFT JOIN feed_import i ON i.import_id = "
                            + "f.current_import_id WHERE f.name = ? ORDER BY e.record_no", name, meta, sink);
                }
                if (!lines.isEmpty()) {
                    consumer.feed(name, FeedDatabase.of(meta[0]), dataset(meta[1]), lines);
                }
            }
            return null;
        });
    }

    /**
     * Runs a query whose rows are (feed database or null, rbldnsd dataset or null, family, start high/low, end
     * high/low, excluded, line) with one parameter and passes on every line; {@code meta}, when given, receives the
     * feed database and dataset. What reads a version made live before schema V12, which has no packed ranges.
     */
    private static void readRows(Connection c, String sql, Object parameter, String[] meta,
            Consumer<FeedRange> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, parameter);
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (meta != null) {
                        meta[0] = rs.getString(1);
                        meta[1] = rs.getString(2);
                    }
                    sink.accept(new FeedRange(rs.getShort(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getBoolean(8), null, null, rs.getInt(9)));
                }
            }
        }
    }

    /**
     * Receives one live feed: its name, database, the rbldnsd dataset type its exclusions are read as, and the lines
     * kept, in line order.
     */
    @FunctionalInterface
    public interface LiveFeedConsumer {
        void feed(String name, FeedDatabase database, RbldnsdDataset dataset, List<FeedRange> lines);
    }

    /**
     * Streams every live feed with all its lines, value text and reason included, one feed at a time in line order
     * (the order the snapshot builder and the exclusion sweep want), from one query: one consistent read of every
     * feed's current version. Only one feed's lines are held at a time.
     */
    public void forEachLiveFeed(LiveFeedConsumer consumer) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.name, f.feed_database, i.rbldnsd_dataset, "
                    + "e.family, e.start_high, e.start_low, e.end_high, e.end_low, e.excluded, e.line_no, e.entry_value, "
                    + "e.reason FROM feed_entry e JOIN feed f ON f.current_import_id = e.import_id LEFT JOIN feed_import "
                    + "i ON i.import_id = f.current_import_id ORDER BY f.name, e.record_no")) {
                ps.setFetchSize(10_000);
                String feed = null;
                FeedDatabase database = null;
                RbldnsdDataset dataset = null;
                List<FeedRange> lines = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        if (!name.equals(feed)) {
                            if (!lines.isEmpty()) {
                                consumer.feed(feed, database, dataset, lines);
                            }
                            lines = new ArrayList<>();
                            feed = name;
                            database = FeedDatabase.of(rs.getString(2));
                            dataset = dataset(rs.getString(3));
                        }
                        lines.add(new FeedRange(rs.getShort(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                                rs.getLong(8), rs.getBoolean(9), rs.getString(11), rs.getString(12), rs.getInt(10)));
                    }
                }
                if (!lines.isEmpty()) {
                    consumer.feed(feed, database, dataset, lines);
                }
            }
            return null;
        });
    }
}
