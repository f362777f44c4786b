package io.gatelist.storage;

import io.gatelist.geo.GeoRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * IP-to-country ranges written by the import-geo job and read by the snapshot compiler. Like policy files,
 * each file is a version of a named source; the live ranges are the union of every source's current import.
 * Findings and rejected rows go to the same tables as a policy import's, through {@link EntryStore}.
 */
public final class GeoStore {

    /** A validated record, ready to be written: the row outcome and, when accepted, its range. */
    public record StagedGeo(StagedRow row, GeoRange range) {
    }

    private final Database db;

    public GeoStore(Database db) {
        this.db = db;
    }

    /** Deletes what an import wrote past a record number (a restarted step writes it again). */
    public static void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        EntryStore.truncateAfter(c, importId, recordNo);
        Jdbc.update(c, "DELETE FROM geo_range WHERE import_id = ? AND record_no > ?", importId, recordNo);
    }

    /**
     * Writes one chunk in the caller's transaction; the chunk's record range is cleared first, so writing the same
     * chunk again replaces it.
     */
    public static void write(Connection c, long importId, List<StagedGeo> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<StagedRow> staged = new ArrayList<>(rows.size());
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (StagedGeo g : rows) {
            staged.add(g.row());
            first = Math.min(first, g.row().recordNo());
            last = Math.max(last, g.row().recordNo());
        }
        EntryStore.write(c, importId, staged, true); // findings and rejected rows, replacing a rewritten chunk
        Jdbc.update(c, "DELETE FROM geo_range WHERE import_id = ? AND record_no BETWEEN ? AND ?", importId, first,
                last);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO geo_range (import_id, record_no, line_no, family, "
                + "start_high, start_low, end_high, end_low, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int count = 0;
            for (StagedGeo g : rows) {
                GeoRange r = g.range();
                if (r == null) {
                    continue;
                }
                ps.setLong(1, importId);
                ps.setInt(2, g.row().recordNo());
                ps.setInt(3, g.row().lineNo());
                ps.setShort(4, (short) r.family());
                ps.setLong(5, r.startHigh());
                ps.setLong(6, r.startLow());
                ps.setLong(7, r.endHigh());
                ps.setLong(8, r.endLow());
                if (r.country() == null) {
                    ps.setNull(9, Types.CHAR);
                } else {
                    ps.setString(9, r.country());
                }
                ps.addBatch();
                count++;
            }
            if (count > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Ranges stored by one import. */
    public static int count(Connection c, long importId) throws SQLException {
        return (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM geo_range WHERE import_id = ?", importId);
    }

    /**
     * Makes {@code importId} the live version of {@code source} in the caller's transaction, deletes the version
     * it replaces and bumps the list revision (the snapshot's country tables change).
     *
     * A newer import of the same source already live (two nodes, two versions) leaves everything as it is; the
     * diff's {@code supersededBy} names it.
     */
    public static SourceVersions.Diff activate(Connection c, long importId, String source) throws SQLException {
        Long previous = Jdbc.queryOne(c, "SELECT current_import_id FROM geo_source WHERE name = ? FOR UPDATE",
                rs -> rs.getLong(1), source);
        int fresh = count(c, importId);
        if (previous != null && previous == importId) {
            return new SourceVersions.Diff(previous, 0, 0, fresh, 0); // a restarted job re-running this step
        }
        if (previous != null && previous > importId) {
            return new SourceVersions.Diff(previous, 0, 0, 0, previous); // superseded: nothing changes
        }
        int old = previous == null ? 0 : count(c, previous);
        int unchanged = previous == null ? 0 : (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM geo_range n WHERE "
                + "n.import_id = ? AND EXISTS (SELECT 1 FROM geo_range o WHERE o.import_id = ? AND o.family = n.family "
                + "AND o.start_high = n.start_high AND o.start_low = n.start_low AND o.end_high = n.end_high "
                + "AND o.end_low = n.end_low AND (o.country = n.country OR o.country IS NULL AND n.country IS NULL))",
                importId, previous);
        if (previous == null) {
            Jdbc.update(c, "INSERT INTO geo_source (name, current_import_id, updated_at) VALUES (?, ?, ?)", source,
                    importId, ImportStore.now());
        } else {
            Jdbc.update(c, "UPDATE geo_source SET current_import_id = ?, updated_at = ? WHERE name = ?", importId,
                    ImportStore.now(), source);
            Jdbc.update(c, "DELETE FROM geo_range WHERE import_id = ?", previous);
        }
        Jdbc.update(c, "UPDATE appliance_counter SET counter_value = counter_value + 1 WHERE name = 'list-revision'");
        return new SourceVersions.Diff(previous == null ? 0 : previous, fresh - unchanged, old - unchanged, unchanged,
                0);
    }

    /** Streams every live range with a country (ranges of unknown country add nothing to a snapshot). */
    public void forEachLiveRange(Consumer<GeoRange> consumer) {
        db.withConnection(c -> {
            forEachLiveRange(c, consumer);
            return null;
        });
    }

    /** {@link #forEachLiveRange(Consumer)} on the caller's connection (inside its transaction). */
    public static void forEachLiveRange(Connection c, Consumer<GeoRange> consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT g.family, g.start_high, g.start_low, g.end_high, "
                + "g.end_low, g.country FROM geo_range g JOIN geo_source s ON s.current_import_id = g.import_id "
                + "WHERE g.country IS NOT NULL")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(new GeoRange(rs.getShort(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getString(6)));
                }
            }
        }
    }
}
