package io.gatelist.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestPostgres;
import io.gatelist.home.ApplianceHome;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home upgraded from schema 12 keeps its stored policy entries: V13 creates policy_block, V13.1 packs every
 * policy_entry row into it (blocks of 5,000 per import, record order) and drops policy_entry.
 */
class PolicyBlockMigrationTest {

    @TempDir
    Path dir;

    @Test
    void entriesStoredBeforeTheUpgradeAreReadFromBlocksAfterItOnH2() throws Exception {
        upgradeKeepsEveryEntry(ApplianceHome.open(dir));
    }

    @Test
    void entriesStoredBeforeTheUpgradeAreReadFromBlocksAfterItOnPostgres() throws Exception {
        Files.writeString(dir.resolve("gatelist.properties"), TestPostgres.config(TestPostgres.freshDatabase()));
        upgradeKeepsEveryEntry(ApplianceHome.open(dir));
    }

    private static void upgradeKeepsEveryEntry(ApplianceHome home) throws Exception {
        // the schema as a home at version 12 has it, with Database's own settings
        Flyway.configure().dataSource(home.jdbcUrl(), home.dbUser(), home.dbPassword())
                .locations("classpath:db/migration").table("gatelist_schema_history").baselineOnMigrate(true)
                .baselineVersion("0").target("12").load().migrate();
        List<PolicyBlock.Entry> import3 = new ArrayList<>();
        List<PolicyBlock.Entry> import9 = new ArrayList<>();
        for (int r = 1; r <= 12_001; r++) { // three blocks of 5,000 records
            int record = r * 2; // gaps: rejected rows
            import3.add(r % 4 == 0
                    ? new PolicyBlock.Entry(record, record + 1, ListName.BLOCKED, EntryKind.COUNTRY, null, "GB",
                            r % 8 == 0 ? null : "ü " + r)
                    : new PolicyBlock.Entry(record, record + 1, ListName.APPROVED, EntryKind.IP,
                            IpPrefix.ipv6(0xFFFF_0000_0000_0000L | r, 0x8000_0000_0000_0000L, 128), null, null));
        }
        import9.add(new PolicyBlock.Entry(0, 2, ListName.APPROVED, EntryKind.IP,
                IpPrefix.ipv4(0xC6336400, 24), null, "c".repeat(1000)));
        try (Connection c = DriverManager.getConnection(home.jdbcUrl(), home.dbUser(), home.dbPassword())) {
            insertV12(c, 9, import9);
            insertV12(c, 3, import3);
        }

        Database database = Database.open(home); // migrates to the current version
        try {
            assertEquals(import3, read(database, 3));
            assertEquals(import9, read(database, 9));
            assertEquals(12_001, (int) database.withConnection(c -> EntryStore.count(c, 3)));
            assertEquals(4, (long) database.withConnection(c -> Jdbc.queryLong(c,
                    "SELECT COUNT(*) FROM policy_block")), "three blocks of import 3, one of import 9");
            boolean entryTableLeft = database.withConnection(c -> {
                try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
                    while (rs.next()) {
                        if (rs.getString("TABLE_NAME").equalsIgnoreCase("policy_entry")) {
                            return true;
                        }
                    }
                    return false;
                }
            });
            assertFalse(entryTableLeft, "policy_entry is dropped");
            // and the rows behave as an import's blocks: a cut at a record inside the second block
            database.inTransaction(c -> {
                EntryStore.truncateAfter(c, 3, 12_000);
                return null;
            });
            List<PolicyBlock.Entry> kept = read(database, 3);
            assertEquals(import3.subList(0, 6_000), kept);
            assertTrue(kept.get(kept.size() - 1).recordNo() == 12_000);
        } finally {
            database.close();
        }
    }

    private static List<PolicyBlock.Entry> read(Database database, long importId) {
        return database.withConnection(c -> {
            List<PolicyBlock.Entry> entries = new ArrayList<>();
            EntryStore.forEachEntry(c, importId, entries::add);
            return entries;
        });
    }

    /** Inserts entries as V11/V12's policy_entry rows. */
    private static void insertV12(Connection c, long importId, List<PolicyBlock.Entry> entries) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_entry (entry_key, import_id, record_no, "
                + "line_no, list_name, kind, entry_value, family, addr_high, addr_low, prefix_len, comment) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PolicyBlock.Entry e : entries) {
                ps.setLong(1, EntryKeys.of(importId, e.recordNo()));
                ps.setLong(2, importId);
                ps.setInt(3, e.recordNo());
                ps.setInt(4, e.lineNo());
                ps.setString(5, e.list().id());
                ps.setString(6, e.kind().id());
                ps.setString(7, e.value());
                if (e.prefix() != null) {
                    ps.setShort(8, (short) e.prefix().family());
                    ps.setLong(9, e.prefix().high());
                    ps.setLong(10, e.prefix().low());
                    ps.setShort(11, (short) e.prefix().length());
                } else {
                    ps.setNull(8, java.sql.Types.SMALLINT);
                    ps.setNull(9, java.sql.Types.BIGINT);
                    ps.setNull(10, java.sql.Types.BIGINT);
                    ps.setNull(11, java.sql.Types.SMALLINT);
                }
                ps.setString(12, e.comment());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
