package io.gatelist.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatelist.home.ApplianceHome;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The appliance's database: a connection pool on the home's JDBC URL, migrated by Flyway to the current
 * schema before anything else (including JBeret's job repository) touches it.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the home's database and brings its schema up to date. */
    public static Database open(ApplianceHome home) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(home.jdbcUrl());
        config.setUsername(home.dbUser());
        config.setPassword(home.dbPassword());
        config.setMaximumPoolSize(home.intValue("db.pool-size", 6));
        config.setMinimumIdle(1);
        config.setPoolName("gatelist");
        config.setAutoCommit(true);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table("gatelist_schema_history")
                    // JBeret's tables share the schema; they are not ours to baseline or clean.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    // V8 (feeds) was numbered before V9 (Global Approved List) but merged after it: a home
                    // already at V9 applies V8 late. Every migration only adds tables, so order does not matter.
                    .outOfOrder(true)
                    .load());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    /** Attempts at migrating before giving up, and the wait before the second (growing by as much each time). */
    private static final int MIGRATE_ATTEMPTS = 6;
    private static final long MIGRATE_BACKOFF_MILLIS = 500;

    /**
     * Brings the schema up to date. Nodes that start together on a new shared database race to create Flyway's
     * history table: the loser finds the winner's table still empty (its first migration not committed yet) and
     * refuses to baseline. The winner is done within seconds, after which the history is there and Flyway's own
     * lock serialises the rest, so a failed attempt is retried a few times (7.5 s in all) before it counts.
     */
    private static void migrate(Flyway flyway) {
        retrying(flyway::migrate, MIGRATE_ATTEMPTS, MIGRATE_BACKOFF_MILLIS);
    }

    /** Runs {@code migration}, again after a growing wait when it throws a {@link FlywayException}. */
    static void retrying(Runnable migration, int attempts, long backoffMillis) {
        for (int attempt = 1; ; attempt++) {
            try {
                migration.run();
                return;
            } catch (FlywayException e) {
                if (attempt >= attempts) {
                    throw e;
                }
                try {
                    Thread.sleep(backoffMillis * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Jdbc.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(Jdbc.Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * What a failed statement throws: a {@link StorageException}, or the {@link Error} behind it. H2 turns an
     * OutOfMemoryError met inside a statement into an SQLException and shuts the database down; as an exception it
     * would be logged and retried against a closed database for ever, as the Error it is it ends the JVM (see
     * io.gatelist.batch.FatalErrors) and the import resumes in a new one.
     */
    private static RuntimeException failure(SQLException e) {
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof Error error) {
                throw error;
            }
        }
        return new StorageException(e);
    }

    /**
     * Closes the pool. An embedded H2 database opened with DB_CLOSE_DELAY=-1 would stay open (with its lock-file
     * watchdog) until the JVM exits, so it is shut down explicitly: the only dialect-specific step here.
     */
    @Override
    public void close() {
        if (dataSource.getJdbcUrl().startsWith("jdbc:h2:file:")) {
            try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // already closed, or another process owns the database: nothing to shut down here
            }
        }
        dataSource.close();
    }
}
