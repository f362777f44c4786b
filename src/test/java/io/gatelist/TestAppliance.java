package io.gatelist;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real appliance in a temporary home: H2 file database, JBeret with its JDBC repository, Weld SE. */
public final class TestAppliance implements AutoCloseable {

    public final ApplianceHome home;
    public final Database database;
    public final BatchRuntime batch;

    private TestAppliance(ApplianceHome home, Database database, BatchRuntime batch) {
        this.home = home;
        this.database = database;
        this.batch = batch;
    }

    public static TestAppliance open(Path dir) throws IOException {
        return open(dir, null);
    }

    /** Opens an appliance whose store and job repository are the database at {@code jdbcUrl} (null: H2). */
    public static TestAppliance open(Path dir, String jdbcUrl) throws IOException {
        if (jdbcUrl != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(ApplianceHome.CONFIG_FILE), TestPostgres.config(jdbcUrl));
        }
        ApplianceHome home = ApplianceHome.open(dir);
        Database database = Database.open(home);
        return new TestAppliance(home, database, BatchRuntime.start(home, database));
    }

    public ImportService imports() {
        return new ImportService(home, database, batch);
    }

    /** Imports a file with no rejection limit and small chunks (so that checkpoints are exercised). */
    public ImportService.Outcome importFile(Path file) throws IOException, InterruptedException {
        return imports().importFile(file, new ImportService.Options(null, 3, -1));
    }

    /** Writes a CSV file into {@code dir}. */
    public static Path csv(Path dir, String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** The project's samples folder. */
    public static Path samples() {
        return Path.of("samples").toAbsolutePath();
    }

    @Override
    public void close() {
        batch.close();
        database.close();
    }
}
