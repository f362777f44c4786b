package io.gatelist.storage;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** When each schedule last ran, kept in the database so that a run missed while the daemon was down is noticed. */
public final class ScheduleStore {

    private final Database db;

    public ScheduleStore(Database db) {
        this.db = db;
    }

    /** The last run of a schedule, or {@code null} when it never ran. */
    public OffsetDateTime lastRun(String name) {
        return db.withConnection(c -> Jdbc.queryOne(c, "SELECT last_run FROM schedule_run WHERE name = ?",
                rs -> rs.getObject(1, OffsetDateTime.class), name));
    }

    /**
     * Claims a due run for this node: true for exactly one of several nodes that saw the same last run
     * ({@code seen}, null when there was none), so that a schedule fires once across the cluster.
     */
    public boolean claimRun(String name, OffsetDateTime seen, OffsetDateTime now) {
        OffsetDateTime utc = now.withOffsetSameInstant(ZoneOffset.UTC);
        try {
            return db.inTransaction(c -> seen == null
                    ? Jdbc.update(c, "INSERT INTO schedule_run (name, last_run) VALUES (?, ?)", name, utc) == 1
                    : Jdbc.update(c, "UPDATE schedule_run SET last_run = ? WHERE name = ? AND last_run = ?", utc, name,
                            seen) == 1);
        } catch (StorageException e) {
            return false; // another node inserted the first run
        }
    }
}
