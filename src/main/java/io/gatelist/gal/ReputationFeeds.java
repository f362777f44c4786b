package io.gatelist.gal;

import io.gatelist.policy.IpPrefix;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The investigation's hook for "the IP is listed in a reputation feed". Feeds are loaded by another part of the
 * appliance (the feed package); until their table exists in the database this check is skipped, and the
 * investigation says so instead of pretending the IP is clean.
 */
public interface ReputationFeeds {

    /** Adds what the feeds say about {@code ip} to {@code checks}. */
    void check(Connection c, IpPrefix ip, List<Nomination.Check> checks) throws SQLException;

    /** The table feed listings are expected in. */
    String FEED_TABLE = "feed_entry";

    /**
     * The check this build can do: none yet, since no feed table is loaded; a feed table that exists is reported
     * as present but not read, so that the reviewer knows the check did not run.
     */
    static ReputationFeeds skipWhenAbsent() {
        Boolean[] present = {null}; // asked once per investigation: the metadata query costs more than the check
        return (c, ip, checks) -> {
            String text = ip.canonical();
            if (present[0] == null) {
                present[0] = tableExists(c, FEED_TABLE);
            }
            checks.add(present[0]
                    ? new Nomination.Check(text, "feed-not-checked", "info", "a reputation feed table exists but "
                            + "this build does not read it yet; check the feeds by hand")
                    : new Nomination.Check(text, "feed-not-checked", "info", "no reputation feed is loaded (no "
                            + FEED_TABLE + " table); the feed check was skipped"));
        };
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
