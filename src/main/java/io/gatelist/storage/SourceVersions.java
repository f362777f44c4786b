package io.gatelist.storage;

import io.gatelist.policy.IpPrefix;
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
     * (the apply step counted them for its tally).
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
        int unchanged = ValueHashes.unchanged(valueHashes(c, importId, fresh), valueHashes(c, previous, old));
        Jdbc.update(c, "UPDATE policy_source SET current_import_id = ?, updated_at = ? WHERE name = ?", importId,
                ImportStore.now(), source);
        EntryStore.deleteImport(c, previous);
        bumpRevision(c);
        return new Diff(previous, fresh - unchanged, old - unchanged, unchanged, 0);
    }

    /** The number of entries an import stored: a sum of its blocks' counts. */
    public static int count(Connection c, long importId) throws SQLException {
        return EntryStore.count(c, importId);
    }

    /**
     * The sorted hashes of an import's (list, kind, entry_value) triples, for {@link ValueHashes#unchanged}. Each
     * import stores a value once, so the size of the two versions' intersection is the number of unchanged
     * entries. The blocks are decoded once each (no index on the values, which would slow every import's writes);
     * 8 bytes an entry. Two different values sharing a 64-bit hash would count one entry as unchanged, a chance of
     * about 1 in 10^7 at a million entries, for a figure of the report only.
     */
    private static long[] valueHashes(Connection c, long importId, int expected) throws SQLException {
        ValueHashes hashes = new ValueHashes(expected);
        EntryStore.forEachEntry(c, importId, e -> hashes.add(valueHash(e)));
        return hashes.sorted();
    }

    /** The hash of (list, kind, entry_value): of the prefix for an ip entry (its value is the canonical text). */
    private static long valueHash(PolicyBlock.Entry e) {
        long h = e.list().ordinal() * 31L + e.kind().ordinal();
        IpPrefix p = e.prefix();
        if (p != null) {
            h = ValueHashes.mix(h * 0x9E3779B97F4A7C15L + p.family() * 256L + p.length());
            h = ValueHashes.mix(h * 0x9E3779B97F4A7C15L + p.high());
            return ValueHashes.mix(h * 0x9E3779B97F4A7C15L + p.low());
        }
        String code = e.country();
        for (int i = 0; i < code.length(); i++) {
            h = h * 0x9E3779B97F4A7C15L + code.charAt(i);
        }
        return ValueHashes.mix(h * 0x9E3779B97F4A7C15L + code.length());
    }

    private static void bumpRevision(Connection c) throws SQLException {
        Jdbc.update(c, "UPDATE appliance_counter SET counter_value = counter_value + 1 WHERE name = 'list-revision'");
    }
}
