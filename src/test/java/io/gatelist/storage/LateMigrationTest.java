package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.home.ApplianceHome;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V8 (feeds) was numbered before V9 (Global Approved List) but merged after it, so homes exist whose history holds
 * V9 and no V8. Such a home still migrates, applying V8 late, and says so; a home whose history is in order opens
 * without Flyway's warning that an out-of-order migration "may not be reproducible", which would mean nothing there.
 */
class LateMigrationTest {

    /** The migrations a home had when V9 was merged and V8 was not yet. */
    private static final List<String> BEFORE_V8 = List.of("V1__lists_and_imports.sql", "V2__inbox_and_schedules.sql",
            "V3__policy_entry_write_path.sql", "V4__overlap_groups.sql", "V6__geo.sql", "V7__cluster.sql",
            "V9__global_approved_list.sql");

    @TempDir
    Path dir;

    /** Flyway logs through SLF4J into java.util.logging; the warnings its migrations log land here. */
    private final List<String> flywayWarnings = new ArrayList<>();
    private final Logger flyway = Logger.getLogger("org.flywaydb");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                flywayWarnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        flyway.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        flyway.removeHandler(capture);
    }

    @Test
    void aHomeAtV9WithoutV8AppliesV8LateAndSaysSo() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        Path old = Files.createDirectories(dir.resolve("migrations-before-v8"));
        for (String name : BEFORE_V8) {
            try (InputStream in = Database.class.getResourceAsStream("/db/migration/" + name)) {
                Files.copy(in, old.resolve(name));
            }
        }
        Flyway.configure().dataSource(home.jdbcUrl(), home.dbUser(), home.dbPassword())
                .locations("filesystem:" + old).table("gatelist_schema_history").baselineOnMigrate(true)
                .baselineVersion("0").load().migrate();
        flywayWarnings.clear();

        try (Database database = Database.open(home)) {
            assertEquals(1L, (long) database.withConnection(c -> Jdbc.queryLong(c,
                    "SELECT COUNT(*) FROM \"gatelist_schema_history\" WHERE \"version\" = '8' AND \"success\"")),
                    "V8 applied");
            assertEquals(0L, (long) database.withConnection(c -> Jdbc.queryLong(c, "SELECT COUNT(*) FROM feed")),
                    "V8's tables are there");
        }
        assertTrue(flywayWarnings.stream().anyMatch(w -> w.contains("outOfOrder")),
                "applying V8 after V9 is worth a warning: " + flywayWarnings);

        flywayWarnings.clear();
        Database.open(home).close();
        assertEquals(List.of(), flywayWarnings, "once V8 is applied, the history is in order");
    }

    @Test
    void aHomeWhoseHistoryIsInOrderOpensWithoutAWarning() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        Database.open(home).close(); // a new home: every migration, in order
        Database.open(home).close(); // a home at the current version
        assertEquals(List.of(), flywayWarnings);
    }
}
