package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.home.ApplianceHome;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file that exists but holds nothing usable is refused, naming the file and what to do, instead of
 * being opened as a new, empty database (which a compile then published over the real lists). The file is left
 * for recovery.
 */
class DamagedDatabaseTest {

    @TempDir
    Path dir;

    private Path dataFile;

    @BeforeEach
    void aHomeWithLists() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir)) {
            appliance.importFile(TestAppliance.samples().resolve("approved.csv"));
        }
        dataFile = dir.resolve("db").resolve("gatelist.mv.db");
        assertTrue(Files.size(dataFile) > 8192, "a database with lists in it");
    }

    @Test
    void anEmptyDatabaseFileIsRefusedAndLeftEmpty() throws Exception {
        Files.write(dataFile, new byte[0]);
        StorageException refused = refusal();
        assertTrue(refused.getMessage().contains("is empty (0 bytes)"), refused.getMessage());
        assertEquals(0, Files.size(dataFile), "nothing was written into it");
    }

    @Test
    void aFileCutShortBeforeItsFirstChunkIsRefused() throws Exception {
        // H2's two file headers and nothing after them: H2 itself opens this as a new, empty database
        try (RandomAccessFile file = new RandomAccessFile(dataFile.toFile(), "rw")) {
            file.setLength(8192);
        }
        StorageException refused = refusal();
        assertTrue(refused.getMessage().contains("holds no Gatelist tables"), refused.getMessage());
        StorageException again = refusal();
        assertEquals(refused.getMessage(), again.getMessage(), "and on every later attempt");
    }

    @Test
    void aFileOfGarbageIsRefusedAndLeftAsItIs() throws Exception {
        byte[] garbage = new byte[100_000];
        new Random(28).nextBytes(garbage);
        Files.write(dataFile, garbage);
        StorageException refused = refusal();
        assertTrue(refused.getMessage().contains("is damaged"), refused.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(dataFile));
    }

    @Test
    void aFirstStartStoppedBeforeItsMigrationGoesOnAsANewDatabase() throws Exception {
        for (boolean empty : new boolean[] {false, true}) {
            Path fresh = dir.resolve(empty ? "fresh-empty" : "fresh");
            ApplianceHome home = ApplianceHome.open(fresh);
            Path db = fresh.resolve("db").resolve("gatelist");
            if (empty) {
                Files.write(db.resolveSibling("gatelist.mv.db"), new byte[0]); // killed as H2 created the file
            } else {
                // killed after H2 created the file, before the migration wrote a table
                java.sql.DriverManager.getConnection("jdbc:h2:file:" + db, "sa", "").close();
            }
            assertTrue(Files.exists(db.resolveSibling("gatelist.mv.db")));
            try (Database database = Database.open(home)) {
                assertEquals(0L, (long) database.withConnection(c -> Jdbc.queryLong(c,
                        "SELECT COUNT(*) FROM import_run")), "migrated, as a new database");
            }
            assertTrue(Files.exists(db.resolveSibling("gatelist.migrated")));
        }
    }

    /** Opening the home's database fails with one line naming the file and saying what to do. */
    private StorageException refusal() throws Exception {
        ApplianceHome home = ApplianceHome.open(dir);
        StorageException e = assertThrows(StorageException.class, () -> Database.open(home).close());
        assertTrue(e.getMessage().startsWith("the database file " + dataFile + " "), e.getMessage());
        assertTrue(e.getMessage().contains("restore it from a backup, or move it aside"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        return e;
    }
}
