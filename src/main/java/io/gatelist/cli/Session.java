package io.gatelist.cli;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.CommandLease;
import io.gatelist.batch.FatalErrors;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import io.gatelist.storage.NodeRegistry;
import io.gatelist.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ParameterException;

/**
 * An open appliance for one command: the home, its database, and a batch runtime started on first use.
 *
 * <p>Only the commands that put something into a home create it when it is missing ({@link #open}: import,
 * nominate, watch, demo); the others ({@link #openExisting}) say that there is no home there, so that a mistyped
 * {@code --home} does not answer "no imports yet" from a home it has just created.
 */
final class Session implements AutoCloseable {

    final ApplianceHome home;
    final Database database;
    private BatchRuntime batch;
    private CommandLease lease;

    private Session(ApplianceHome home, Database database) {
        this.home = home;
        this.database = database;
    }

    /** Opens the home, creating it when missing. */
    static Session open(GatelistCommand options) throws IOException {
        return open(options, true, false);
    }

    /** Opens an existing home; a missing one is an error, not created. */
    static Session openExisting(GatelistCommand options) throws IOException {
        return open(options, false, false);
    }

    /**
     * Opens the home for the daemon, creating it when missing. With the embedded database, the daemon holds the
     * database file itself (serving it to the commands run beside it), waiting while another command has it.
     */
    static Session openForDaemon(GatelistCommand options) throws IOException {
        return open(options, true, true);
    }

    private static Session open(GatelistCommand options, boolean create, boolean serve) throws IOException {
        FatalErrors.install(); // an Error on any thread ends the JVM with one line (see FatalErrors)
        Path root = options.home();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new ParameterException(options.spec.commandLine(), (options.home != null ? "--home " : "the home ")
                    + root + " is a file, not a directory");
        }
        if (options.db != null) {
            try {
                Database.checkDriver(options.db.strip());
            } catch (StorageException e) {
                throw new ParameterException(options.spec.commandLine(), "--db: " + e.getMessage());
            }
        }
        ApplianceHome h = create ? ApplianceHome.open(root, options.db) : ApplianceHome.openExisting(root, options.db);
        return new Session(h, Database.open(h, serve, options::notice));
    }

    BatchRuntime batch() {
        if (batch == null) {
            batch = BatchRuntime.start(home, database);
        }
        return batch;
    }

    /** The import service, its claims owned by this process (see {@link CommandLease}). */
    ImportService imports() {
        if (lease == null) {
            lease = CommandLease.take(new NodeRegistry(database),
                    Duration.ofMillis(Math.max(1000, home.longValue("cluster.lease-millis", 30_000))));
        }
        return new ImportService(home, database, batch(), lease.id());
    }

    @Override
    public void close() {
        try {
            if (batch != null) {
                batch.close();
            }
        } finally {
            try {
                if (lease != null) {
                    lease.close();
                }
            } finally {
                database.close();
            }
        }
    }
}
