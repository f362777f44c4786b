package io.gatelist;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Lets a test hold a lock and know, from the database's own session table rather than from time, that another
 * session is waiting for it: a deterministic interleaving of a decision with what the test does meanwhile.
 */
public final class DatabaseLocks {

    private DatabaseLocks() {
    }

    /**
     * Waits until some session waits for a lock that {@code holder}'s session holds (H2's
     * {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID}, PostgreSQL's {@code pg_blocking_pids}). Fails when
     * {@code waiter} finishes first: it did not wait.
     */
    public static void awaitBlockedBy(Connection holder, CompletableFuture<?> waiter) throws Exception {
        boolean postgres = holder.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres");
        String sql = postgres ? "SELECT COUNT(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY "
                + "(pg_blocking_pids(pid))" : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = "
                + "SESSION_ID()";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            if (waiter.isDone()) {
                throw new AssertionError("decided without waiting for the lock: " + waiter.get());
            }
            if (count(holder, sql) > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing waited for the lock");
            }
            Thread.sleep(20);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
