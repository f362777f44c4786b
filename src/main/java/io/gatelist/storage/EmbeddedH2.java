package io.gatelist.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;

/**
 * An embedded H2 database file ({@code jdbc:h2:file:} URL) and what sharing it among processes takes. With
 * {@code AUTO_SERVER=TRUE} the first process to open the file serves it to the others over a TCP port named in
 * H2's lock file; the others connect to that process. So the serving process must not close the database while
 * others use it, and the others must never close it for it ({@code SHUTDOWN} from a connected process shuts the
 * serving process's database down under its running jobs).
 *
 * <p>It also tells a damaged file from a new one: H2 opens a zero-length file, or one cut short before its first
 * chunk, as a new empty database, which a compile would then publish over the real lists.
 */
final class EmbeddedH2 {

    private static final String PREFIX = "jdbc:h2:file:";

    /**
     * The port through which the holding process serves the file listens on the loopback interface only: the
     * processes that share the file run on this host (several hosts share PostgreSQL, not an H2 file), and H2 would
     * otherwise listen on every interface, guarded by nothing but the key in its lock file. H2 reads the setting
     * once, when its first class loads, so this must run before: {@link #of} is called before any connection.
     */
    static {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** The database path as H2 names it: the data file without {@code .mv.db}. */
    private final Path base;

    private EmbeddedH2(Path base) {
        this.base = base;
    }

    /** The embedded file behind {@code jdbcUrl}, or empty for any other database (PostgreSQL, H2 in memory). */
    static Optional<EmbeddedH2> of(String jdbcUrl) {
        if (!jdbcUrl.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring(PREFIX.length());
        int options = name.indexOf(';');
        if (options >= 0) {
            name = name.substring(0, options);
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(new EmbeddedH2(Path.of(name).toAbsolutePath().normalize()));
    }

    /** The file that holds the data. */
    Path dataFile() {
        return base.resolveSibling(base.getFileName() + ".mv.db");
    }

    /** Our lock file beside it, held while a process opens or closes the database (see {@link OpenLock}). */
    Path openLockFile() {
        return base.resolveSibling(base.getFileName() + ".open.lock");
    }

    /** Held by the gatelist process that holds the database, for as long as it does (see {@link ServingLock}). */
    Path servingLockFile() {
        return base.resolveSibling(base.getFileName() + ".serving.lock");
    }

    /**
     * Creates the data file's folder when missing, and refuses one this process cannot write in: H2 and the open
     * lock keep their lock files there, even to read.
     */
    void prepareFolder() {
        Path folder = dataFile().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StorageException("cannot create the database folder " + folder + ": "
                    + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
        }
        if (!Files.isWritable(folder)) {
            throw new StorageException("cannot write in the database folder " + folder + " (read-only, or no "
                    + "permission): the database keeps its lock files there, even to be read");
        }
    }

    /**
     * Checks the data file before H2 opens it.
     *
     * @return true when the file exists (so that it must turn out to hold Gatelist's tables)
     * @throws StorageException when it exists but is empty or cannot be read
     */
    boolean checkBeforeOpen() {
        Path file = dataFile();
        if (!Files.exists(file)) {
            return false;
        }
        try {
            if (Files.size(file) == 0 && Files.exists(migratedMarker())) {
                throw unusable("is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw unusable("cannot be read (" + e.getMessage() + ")");
        }
        if (!Files.isReadable(file)) {
            throw unusable("cannot be read (permission denied)");
        }
        return true;
    }

    /**
     * Written beside the data file once its schema has been migrated: from then on the file must hold Gatelist's
     * tables. Before, a file without them is a first start that was stopped before its migration finished (killed
     * during its first second), which carries on as a new database rather than bricking the home.
     */
    Path migratedMarker() {
        return base.resolveSibling(base.getFileName() + ".migrated");
    }

    /** Records that the file holds a migrated schema (see {@link #migratedMarker}); once. */
    void markMigrated() {
        Path marker = migratedMarker();
        if (Files.exists(marker)) {
            return;
        }
        try {
            Files.writeString(marker, "The database " + dataFile().getFileName() + " beside this file holds "
                    + "Gatelist's schema since " + java.time.Instant.now() + ". Should that file ever open without "
                    + "it (lost, cut short), Gatelist refuses it instead of starting afresh over the lists.\n");
        } catch (IOException e) {
            throw new StorageException("cannot write " + marker + ": " + e.getMessage());
        }
    }

    /**
     * Checks, once H2 has opened it and before any migration, that a file that existed holds Gatelist's schema
     * history: a file whose every chunk is lost opens as an empty database. A file that never held it (its first
     * start was stopped before the migration finished: no {@link #migratedMarker}) goes on as a new one.
     */
    void checkAfterOpen(DataSource dataSource, boolean existed, String historyTable) {
        if (!existed || !Files.exists(migratedMarker())) {
            return;
        }
        boolean found;
        try (Connection c = dataSource.getConnection()) {
            found = Jdbc.queryLong(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = ?",
                    historyTable.toLowerCase(java.util.Locale.ROOT)) > 0;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        if (!found) {
            throw unusable("holds no Gatelist tables (damaged, or not a Gatelist database)");
        }
    }

    /** Words for H2's refusal to open the file, naming it; other failures keep their own message. */
    StorageException cannotOpen(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.FILE_CORRUPTED_1 -> unusable("is damaged (H2 reports: file corrupted)");
            case ErrorCode.FILE_VERSION_ERROR_1 ->
                unusable("is not a database file this version of H2 can read (damaged, or written by another version)");
            default -> new StorageException("cannot open the database " + dataFile() + ": " + h2Message(e));
        };
    }

    private StorageException unusable(String what) {
        Path file = dataFile();
        return new StorageException("the database file " + file + " " + what + ": restore it from a backup, or "
                + "move it aside (keeping it for recovery) to start again with a new, empty database");
    }

    /** True when this process holds the database (its connections are embedded, not connected to another). */
    static boolean servesDatabase(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            // a connected process's own session is one that came in through the serving process's TCP server
            return Jdbc.queryLong(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS "
                    + "WHERE SESSION_ID = SESSION_ID() AND SERVER IS NOT NULL") == 0;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Sessions of other processes connected to the database this process serves. */
    static long otherProcessSessions(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return Jdbc.queryLong(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SERVER IS NOT NULL");
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /**
     * Closes the database this process serves; with DB_CLOSE_DELAY=-1 it would stay open until the JVM ends. The
     * statement runs on a connection of its own, not one of the pool's: the pool tidies a connection handed back to
     * it, which on one that the shutdown closed fails, and H2 writes every such failure into its trace file
     * ({@code db/gatelist.trace.db}) as an error, one per run, among which a real one would go unseen.
     */
    static void shutdown(HikariDataSource pool, boolean immediately) {
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
                Statement s = c.createStatement()) {
            s.execute(immediately ? "SHUTDOWN IMMEDIATELY" : "SHUTDOWN");
        } catch (SQLException e) {
            // already closed: nothing to shut down
        }
    }

    /** H2's message without the error code and version it appends ("... [90030-232]"). */
    private static String h2Message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int code = m.lastIndexOf(" [");
        return code > 0 && m.endsWith("]") ? m.substring(0, code) : m;
    }
}
