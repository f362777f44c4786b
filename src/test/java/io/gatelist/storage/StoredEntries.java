package io.gatelist.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What tests ask of the stored policy entries, now that they are packed (policy_block, schema V13): every entry of
 * every import, decoded, for checks such as "each record stored once" that a COUNT over policy_entry used to make.
 */
public final class StoredEntries {

    private StoredEntries() {
    }

    /** Every stored entry of every import, in key order (import, then record). */
    public static List<PolicyBlock.Entry> all(Connection c) throws SQLException {
        List<PolicyBlock.Entry> entries = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT data, entry_count FROM policy_block ORDER BY block_key")) {
            while (rs.next()) {
                List<PolicyBlock.Entry> block = PolicyBlock.decode(rs.getBytes(1));
                if (block.size() != rs.getInt(2)) {
                    throw new AssertionError("a block of " + block.size() + " entries counted " + rs.getInt(2));
                }
                entries.addAll(block);
            }
        }
        return entries;
    }

    /** As {@link #all(Connection)}, on a connection of its own. */
    public static List<PolicyBlock.Entry> all(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            return all(c);
        }
    }

    /** The number of stored entries of every import, from the blocks' counts (what a poll can afford). */
    public static final String COUNT_SQL = "SELECT COALESCE(SUM(entry_count), 0) FROM policy_block";
}
