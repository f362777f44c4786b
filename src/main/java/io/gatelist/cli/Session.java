package io.gatelist.cli;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.FatalErrors;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import java.io.IOException;
import java.nio.file.Path;

/** An open appliance for one command: the home, its database, and a batch runtime started on first use. */
final class Session implements AutoCloseable {

    final ApplianceHome home;
    final Database database;
    private BatchRuntime batch;

    private Session(ApplianceHome home, Database database) {
        this.home = home;
        this.database = database;
    }

    static Session open(GatelistCommand options) throws IOException {
        FatalErrors.install(); // an Error on any thread ends the JVM with one line (see FatalErrors)
        ApplianceHome h = ApplianceHome.open(options.home(), options.db);
        return new Session(h, Database.open(h));
    }

    BatchRuntime batch() {
        if (batch == null) {
            batch = BatchRuntime.start(home, database);
        }
        return batch;
    }

    ImportService imports() {
        return new ImportService(home, database, batch());
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
        }
        database.close();
    }
}
