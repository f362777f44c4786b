package io.gatelist.gal;

import io.gatelist.feed.FeedListing;
import io.gatelist.feed.FeedRange;
import io.gatelist.feed.RbldnsdDataset;
import io.gatelist.policy.IpPrefix;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The investigation's check "the IP is listed in a reputation feed": a warning for the reviewer, not an error (a
 * feed may list a sender's old address; the reviewer decides). Issue 9 asks for it beside the feed data itself.
 */
public interface ReputationFeeds {

    /** Adds what the feeds say about {@code ip} to {@code checks}. */
    void check(Connection c, IpPrefix ip, List<Nomination.Check> checks) throws SQLException;

    /**
     * Reads the live version of every feed: a feed lists the address when the line that decides it under the feed's
     * rbldnsd dataset type is a listing, not an exclusion ({@link FeedListing}, as in the snapshot).
     *
     * <p>The database narrows the lines by one half of the address (IPv4: the address; IPv6: the high 64 bits,
     * stored as signed numbers, which order like the unsigned ones below 8000:: — every global unicast address);
     * the low half of an IPv6 address is compared here, unsigned. There is no index on the ranges, so each address
     * costs one scan of the feed lines: fine for nominations by hand, slow for bulk files against feeds of millions
     * of lines.
     */
    static ReputationFeeds live() {
        /** One feed's lines that cover the address, with how to read them. */
        record Covering(String database, RbldnsdDataset dataset, List<FeedRange> lines) {
        }
        return (c, ip, checks) -> {
            String text = ip.canonical();
            boolean v4 = ip.family() == 4;
            long key = v4 ? ip.low() : ip.high();
            Map<String, Covering> feeds = new TreeMap<>(); // by feed name
            try (PreparedStatement ps = c.prepareStatement("SELECT f.name, f.feed_database, i.rbldnsd_dataset, "
                    + "e.excluded, e.entry_value, e.reason, e.line_no, e.start_high, e.start_low, e.end_high, e.end_low "
                    + "FROM feed f JOIN feed_entry e ON e.import_id = f.current_import_id LEFT JOIN feed_import i ON "
                    + "i.import_id = f.current_import_id WHERE e.family = ? AND "
                    + (v4 ? "e.start_low <= ? AND e.end_low >= ?" : "e.start_high <= ? AND e.end_high >= ?")
                    + " ORDER BY f.name, e.record_no")) {
                ps.setInt(1, ip.family());
                ps.setLong(2, key);
                ps.setLong(3, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!v4 && !covers(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), ip)) {
                            continue;
                        }
                        String database = rs.getString(2);
                        String dataset = rs.getString(3);
                        Covering feed = feeds.computeIfAbsent(rs.getString(1), name -> new Covering(database,
                                dataset == null ? RbldnsdDataset.DEFAULT : RbldnsdDataset.of(dataset),
                                new ArrayList<>()));
                        feed.lines().add(new FeedRange(ip.family(), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                                rs.getLong(11), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getInt(7)));
                    }
                }
            }
            List<String> listing = new ArrayList<>();
            for (Map.Entry<String, Covering> feed : feeds.entrySet()) {
                FeedRange[] decides = {null};
                FeedListing.listedBlocks(feed.getValue().lines(), feed.getValue().dataset(), (block, line) -> {
                    if (decides[0] == null && block.contains(ip)) {
                        decides[0] = line;
                    }
                });
                FeedRange line = decides[0];
                if (line != null) {
                    listing.add(feed.getValue().database() + " feed \"" + feed.getKey() + "\" line " + line.line()
                            + ": " + line.value() + (line.reason() == null || line.reason().isBlank() ? ""
                                    : " (" + line.reason() + ")"));
                }
            }
            if (listing.isEmpty()) {
                checks.add(new Nomination.Check(text, "not-in-feeds", "info", "no reputation feed lists " + text));
            }
            for (String where : listing) {
                checks.add(new Nomination.Check(text, "listed-in-feed", "warning", text + " is listed by the "
                        + where));
            }
        };
    }

    private static boolean covers(long startHigh, long startLow, long endHigh, long endLow, IpPrefix ip) {
        boolean afterStart = ip.high() != startHigh ? Long.compareUnsigned(ip.high(), startHigh) > 0
                : Long.compareUnsigned(ip.low(), startLow) >= 0;
        boolean beforeEnd = ip.high() != endHigh ? Long.compareUnsigned(ip.high(), endHigh) < 0
                : Long.compareUnsigned(ip.low(), endLow) <= 0;
        return afterStart && beforeEnd;
    }
}
