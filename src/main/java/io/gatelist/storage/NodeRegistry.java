package io.gatelist.storage;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The appliance nodes sharing one database, and their heartbeats. Times come from the database server, so that
 * nodes with skewed clocks agree on who is alive.
 */
public final class NodeRegistry {

    private final Database db;

    public NodeRegistry(Database db) {
        this.db = db;
    }

    /** The database server's current time. */
    public OffsetDateTime databaseTime() {
        return db.withConnection(c -> Jdbc.queryOne(c, "SELECT CURRENT_TIMESTAMP", rs -> rs.getObject(1,
                OffsetDateTime.class)));
    }

    /** Registers (or re-registers) a node and sets its heartbeat to now. */
    public void register(String nodeId, String host) {
        OffsetDateTime now = databaseTime();
        db.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE appliance_node SET host = ?, started_at = ?, heartbeat_at = ? WHERE node_id = ?",
                    host, now, now, nodeId) == 0) {
                Jdbc.update(c, "INSERT INTO appliance_node (node_id, host, started_at, heartbeat_at) "
                        + "VALUES (?, ?, ?, ?)", nodeId, host, now, now);
            }
            return null;
        });
    }

    /** Refreshes a node's heartbeat. */
    public void heartbeat(String nodeId) {
        OffsetDateTime now = databaseTime();
        db.withConnection(c -> Jdbc.update(c, "UPDATE appliance_node SET heartbeat_at = ? WHERE node_id = ?", now,
                nodeId));
    }

    /** Removes a node that has ended (a command-line process, at its end). */
    public void forget(String nodeId) {
        db.withConnection(c -> Jdbc.update(c, "DELETE FROM appliance_node WHERE node_id = ?", nodeId));
    }

    /** True when a node's heartbeat is younger than {@code lease}. */
    public boolean alive(String nodeId, Duration lease) {
        OffsetDateTime cutoff = databaseTime().minus(lease);
        return db.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM appliance_node WHERE node_id = ? "
                + "AND heartbeat_at >= ?", nodeId, cutoff)) > 0;
    }

    /**
     * Moves an import from a dead node to {@code toNode}, unless another node took it first.
     *
     * @return true when this call took it
     */
    public boolean takeOver(long importId, String fromNode, String toNode) {
        return db.withConnection(c -> Jdbc.update(c, "UPDATE import_run SET node_id = ? WHERE id = ? AND node_id = ?",
                toNode, importId, fromNode)) == 1;
    }

    /**
     * Undertakes to publish list revision {@code revision}: true for exactly one caller per revision (the first);
     * later callers for the same or an older revision get false.
     */
    public boolean claimPublication(long revision) {
        return db.withConnection(c -> Jdbc.update(c, "UPDATE appliance_counter SET counter_value = ? "
                + "WHERE name = 'published-revision' AND counter_value < ?", revision, revision)) == 1;
    }
}
