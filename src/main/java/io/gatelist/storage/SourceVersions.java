package io.gatelist.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes an import the live version of its source, in the caller's transaction: the source's pointer moves to the
 * new import, the superseded version's entries are deleted, and the list revision is bumped. Readers see either
 * the old version or the new one, never a mix.
 */
public final class SourceVersions {

    /**
     * The difference between the new version and the one it replaced.
     *
     * @param previousImportId the replaced import, or 0 for a new source
     * @param added            entries only in the new version
     * @param removed          entries only in the old version
     * @param unchanged        entries in both
     * @param supersededBy     when not 0: a newer import of the source is already live, this one was not applied
     */
    public record Diff(long previousImportId, int added, int removed, int unchanged, long supersededBy) {
    }

    private SourceVersions() {
    }

    /**
     * Activates {@code importId} as the current version of {@code source}, unless a newer import of the source is
     * already live (two nodes imported two versions at once): then nothing changes and the diff says so.
     */
    public static Diff activate(Connection c, long importId, String source) throws SQLException {
        return activate(c, importId, source, count(c, importId));
    }

    /**
     * As {@link #activate(Connection, long, String)}, with the number of entries the import stored already known
     * (the apply step counted them for its tally; counting a million rows again costs a scan).
     */
    public static Diff activate(Connection c, long importId, String source, int fresh) throws SQLException {
        Long previous = Jdbc.queryOne(c, "SELECT current_import_id FROM policy_source WHERE name = ? FOR UPDATE",
                rs -> rs.getLong(1), source);
        if (previous == null) {
            Jdbc.update(c, "INSERT INTO policy_source (name, current_import_id, updated_at) VALUES (?, ?, ?)", source,
                    importId, ImportStore.now());
            bumpRevision(c);
            return new Diff(0, fresh, 0, 0, 0);
        }
        if (previous == importId) {
            return new Diff(previous, 0, 0, fresh, 0); // already live: a restarted job re-running this step
        }
        if (previous > importId) {
            return new Diff(previous, 0, 0, 0, previous);
        }
        int old = count(c, previous);
        // Each import stores a value once, so the intersection's size is the number of unchanged entries; a set
        // operation needs no index on the values (which would slow every import's writes).
        int unchanged = (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM (SELECT list_name, kind, entry_value FROM "
                + "policy_entry WHERE " + EntryKeys.OF_IMPORT + " INTERSECT SELECT list_name, kind, entry_value FROM "
                + "policy_entry WHERE " + EntryKeys.OF_IMPORT + ") AS kept", EntryKeys.first(importId),
                EntryKeys.last(importId), EntryKeys.first(previous), EntryKeys.last(previous));
        Jdbc.update(c, "UPDATE policy_source SET current_import_id = ?, updated_at = ? WHERE name = ?", importId,
                ImportStore.now(), source);
        Jdbc.update(c, "DELETE FROM policy_entry WHERE " + EntryKeys.OF_IMPORT, EntryKeys.first(previous),
                EntryKeys.last(previous));
        bumpRevision(c);
        return new Diff(previous, fresh - unchanged, old - unchanged, unchanged, 0);
    }

    /** The number of entries an import stored: a range count on policy_entry's key. */
    public static int count(Connection c, long importId) throws SQLException {
        return (int) Jdbc.queryLong(c, "SELECT COUNT(*) FROM policy_entry WHERE " + EntryKeys.OF_IMPORT,
                EntryKeys.first(importId), EntryKeys.last(importId));
    }

    private static void bumpRevision(Connection c) throws SQLException {
        Jdbc.update(c, "UPDATE appliance_counter SET counter_value = counter_value + 1 WHERE name = 'list-revision'");
    }
}
