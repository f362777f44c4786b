package io.gatelist.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gatelist.home.ApplianceHome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The appliance's database: a connection pool on the home's JDBC URL, migrated by Flyway to the current
 * schema before anything else (including JBeret's job repository) touches it.
 */
public final class Database implements AutoCloseable {

    /** The schema history table of our migrations (JBeret's tables share the schema). */
    private static final String HISTORY_TABLE = "gatelist_schema_history";

    /** How long an embedded H2 database is waited for by default while another process opens or closes it. */
    private static final int DEFAULT_OPEN_WAIT_SECONDS = 300;

    /** How often a process waiting to serve the database, or to close it, looks again. */
    private static final long SHARING_POLL_MILLIS = 200;

    private final HikariDataSource dataSource;
    private final EmbeddedH2 embedded;
    private final ServingLock serving;
    private final Duration openWait;
    private final Consumer<String> notices;

    private Database(HikariDataSource dataSource, EmbeddedH2 embedded, ServingLock serving, Duration openWait,
            Consumer<String> notices) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.serving = serving;
        this.openWait = openWait;
        this.notices = notices;
    }

    /** Opens the home's database and brings its schema up to date. */
    public static Database open(ApplianceHome home) {
        return open(home, false, notice -> { });
    }

    /**
     * Opens the home's database and brings its schema up to date. An embedded H2 file is opened by one process
     * at a time (others wait up to {@code db.open-wait-seconds}, default 300), and refused when it exists but is
     * empty or damaged: H2 would open it as a new, empty database.
     *
     * @param serve   for an embedded H2 file that another gatelist process holds: wait until that process has
     *                closed it, so that this one holds the file and serves it to the others (the daemon: the
     *                process that holds the file must outlive the commands that connect to it); otherwise connect
     *                to it
     * @param notices hears, one line each, what opening and closing wait for
     * @throws StorageException when the database cannot be opened, saying why
     */
    public static Database open(ApplianceHome home, boolean serve, Consumer<String> notices) {
        String url = home.jdbcUrl();
        Optional<EmbeddedH2> embedded = EmbeddedH2.of(url); // first: it sets what H2 listens on before H2 loads
        checkDriver(url);
        Duration wait = Duration.ofSeconds(Math.max(0, home.intValue("db.open-wait-seconds",
                DEFAULT_OPEN_WAIT_SECONDS)));
        if (embedded.isEmpty()) {
            HikariDataSource dataSource = pool(home, null);
            migrateOrClose(dataSource);
            return new Database(dataSource, null, null, wait, notices);
        }
        EmbeddedH2 file = embedded.get();
        file.prepareFolder();
        boolean noticed = false;
        while (true) {
            try (OpenLock lock = OpenLock.acquire(file.openLockFile(), wait, opening(file), notices)) {
                ServingLock serving = serve ? ServingLock.tryAcquire(file.servingLockFile()) : null;
                if (!serve || serving != null) {
                    return openEmbedded(home, file, serving, wait, notices);
                }
            }
            if (!noticed) {
                notices.accept("waiting for the gatelist process that holds the database " + file.dataFile()
                        + " to finish, so that this one holds it and serves it to the others");
                noticed = true;
            }
            pause();
        }
    }

    /**
     * Opens the embedded file, under the open lock. A process that finds itself holding it takes the serving lock
     * (unless it came with it), so that a daemon knows to wait for it.
     */
    private static Database openEmbedded(ApplianceHome home, EmbeddedH2 file, ServingLock serving, Duration wait,
            Consumer<String> notices) {
        ServingLock held = serving;
        HikariDataSource dataSource = null;
        try {
            boolean existed = file.checkBeforeOpen();
            dataSource = pool(home, file);
            file.checkAfterOpen(dataSource, existed, HISTORY_TABLE);
            if (held == null && EmbeddedH2.servesDatabase(dataSource)) {
                held = ServingLock.tryAcquire(file.servingLockFile());
            }
            migrate(dataSource);
            file.markMigrated();
            return new Database(dataSource, file, held, wait, notices);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                closeAfterFailedOpen(dataSource);
            }
            if (held != null) {
                held.close();
            }
            throw e;
        }
    }

    /**
     * Refuses a JDBC URL that no driver on the class path takes, before a pool is built on it.
     *
     * @throws StorageException naming the URL (without its options, which may hold credentials)
     */
    public static void checkDriver(String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new StorageException("no database driver for " + withoutOptions(url)
                    + " (Gatelist has drivers for jdbc:h2: and jdbc:postgresql: URLs)");
        }
    }

    private static String opening(EmbeddedH2 file) {
        return "to finish opening or closing the database " + file.dataFile();
    }

    /** A pool on the home's database, or a StorageException saying in words why there is none. */
    private static HikariDataSource pool(ApplianceHome home, EmbeddedH2 file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(home.jdbcUrl());
        config.setUsername(home.dbUser());
        config.setPassword(home.dbPassword());
        config.setMaximumPoolSize(home.intValue("db.pool-size", 6));
        config.setMinimumIdle(1);
        config.setPoolName("gatelist");
        config.setAutoCommit(true);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException cause = sqlCause(e);
            if (cause == null) {
                throw e;
            }
            if (file != null) {
                throw file.cannotOpen(cause);
            }
            throw new StorageException("cannot open the database " + withoutOptions(home.jdbcUrl()) + ": "
                    + cause.getMessage());
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The URL up to its options ({@code ;…} for H2, {@code ?…} for PostgreSQL), which may hold credentials. */
    private static String withoutOptions(String url) {
        int end = url.length();
        for (char c : new char[] {';', '?'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return url.substring(0, end);
    }

    /** Brings the schema up to date, or closes the pool and rethrows. */
    private static void migrateOrClose(HikariDataSource dataSource) {
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static void migrate(DataSource dataSource) {
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                // JBeret's tables share the schema; they are not ours to baseline or clean.
                .baselineOnMigrate(true)
                .baselineVersion("0");
        // V8 (feeds) was numbered before V9 (Global Approved List) but merged after it: a home already at V9
        // applies V8 late, which Flyway does only in outOfOrder mode. V8 and V9 create tables of their own, so their
        // order does not matter; but that mode warns on every start that the schema "may not be reproducible", so
        // it is set only for a history that has a migration left behind, where the warning says something true.
        migrate(() -> {
            Flyway inOrder = flyway.outOfOrder(false).load();
            (hasMigrationLeftBehind(inOrder) ? flyway.outOfOrder(true).load() : inOrder).migrate();
        });
    }

    /** True when a migration older than the schema's version was never applied (Flyway's state IGNORED). */
    private static boolean hasMigrationLeftBehind(Flyway flyway) {
        return Arrays.stream(flyway.info().all()).anyMatch(m -> m.getState() == MigrationState.IGNORED);
    }

    /** Closes a pool that is not to be used; the file, when this process holds it, is closed as it stands. */
    private static void closeAfterFailedOpen(HikariDataSource dataSource) {
        try {
            if (EmbeddedH2.servesDatabase(dataSource)) {
                EmbeddedH2.shutdown(dataSource, true);
            }
        } catch (RuntimeException e) {
            // the database is not usable: closing the pool is all there is left to do
        }
        dataSource.close();
    }

    private static void pause() {
        try {
            Thread.sleep(SHARING_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the database");
        }
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
    private static void migrate(Runnable migration) {
        retrying(migration, MIGRATE_ATTEMPTS, MIGRATE_BACKOFF_MILLIS);
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
     * Closes the pool. An embedded H2 file that this process holds is closed too (with DB_CLOSE_DELAY=-1 it would
     * stay open, with its lock-file watchdog, until the JVM exits), but only once no other process is connected
     * to it: closing it would break their work. Waiting, this process says so through the notices. A process
     * connected to another's file leaves it open: SHUTDOWN would close it in the process that holds it.
     */
    @Override
    public void close() {
        try {
            if (embedded != null && EmbeddedH2.servesDatabase(dataSource)) {
                shutdownWhenAlone();
            }
        } catch (StorageException e) {
            // already closed, or interrupted while waiting: closing the pool is what is left
        } finally {
            dataSource.close();
            if (serving != null) {
                serving.close();
            }
        }
    }

    /**
     * Waits until no other process is connected, then shuts the database down. The last look is taken under the
     * open lock, so that no process connects between it and the shutdown (a process connects only while it holds
     * that lock, in {@link #open}).
     */
    private void shutdownWhenAlone() {
        boolean noticed = false;
        while (true) {
            long others = EmbeddedH2.otherProcessSessions(dataSource);
            if (others == 0) {
                try (OpenLock lock = OpenLock.acquire(embedded.openLockFile(), openWait, opening(embedded),
                        notice -> { })) {
                    if (EmbeddedH2.otherProcessSessions(dataSource) == 0) {
                        EmbeddedH2.shutdown(dataSource, false);
                        if (serving != null) {
                            serving.close(); // before the open lock goes: a waiting daemon finds both free
                        }
                        return;
                    }
                } catch (StorageException e) {
                    // another process has been opening for long; look again
                }
            } else if (!noticed) {
                notices.accept("waiting for " + others + " connection" + (others == 1 ? "" : "s") + " of other "
                        + "gatelist processes to close: this process holds the database " + embedded.dataFile()
                        + " and serves it to them");
                noticed = true;
            }
            pause();
        }
    }
}
