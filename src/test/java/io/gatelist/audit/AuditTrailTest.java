package io.gatelist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestPostgres;
import io.gatelist.home.ApplianceHome;
import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Database;
import io.gatelist.storage.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail on a real database (H2 file and PostgreSQL): records chain, and whatever is altered or deleted
 * in the database directly is found by {@link AuditTrail#verify}.
 */
class AuditTrailTest {

    @TempDir
    Path dir;

    private Database open(String kind) throws Exception {
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        if (kind.equals("postgres")) {
            Files.writeString(home.root().resolve(ApplianceHome.CONFIG_FILE),
                    TestPostgres.config(TestPostgres.freshDatabase()));
            home = ApplianceHome.open(home.root());
        }
        return Database.open(home);
    }

    private static AuditEvent event(String actor, AuditValue... values) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("file", "blocked.csv");
        detail.put("sha256", "ab".repeat(32));
        return new AuditEvent(actor, AuditAction.IMPORT_APPLIED, "import 1", "weekly update", detail,
                List.of(values));
    }

    private static AuditValue blocked(String cidr, int address, int length) {
        return new AuditValue(true, "blocked", cidr, IpPrefix.ipv4(address, length));
    }

    /** Five records: two with values, one with a country, made at known times. */
    private static AuditTrail filled(Database db) {
        AuditTrail trail = new AuditTrail(db, Clock.fixed(Instant.parse("2026-12-08T10:00:00Z"), ZoneOffset.UTC));
        trail.append(event("alice", blocked("203.0.113.0/24", 0xCB007100, 24)));
        trail.append(event("bob"));
        trail.append(new AuditEvent("carol", AuditAction.ENTRY_REMOVED, "entry 3", null, Map.of("before",
                Map.of("value", "KP")), List.of(new AuditValue(false, "blocked", "KP", null))));
        trail.append(event("alice", blocked("198.51.100.7", 0xC6336407, 32)));
        trail.append(event("bob"));
        return trail;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUntouchedTrailVerifies(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = filled(db);
            AuditTrail.Verification v = trail.verify();
            assertTrue(v.intact(), v.problems().toString());
            assertEquals(5, v.records());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAlteredFieldIsFound(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = filled(db);
            db.withConnection(c -> Jdbc.update(c, "UPDATE audit_record SET actor = 'mallory' WHERE seq = 2"));
            AuditTrail.Verification v = trail.verify();
            assertFalse(v.intact());
            assertEquals("record 2: altered (its fields no longer hash to its hash)", v.problems().get(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anAlteredValueIsFound(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = filled(db);
            db.withConnection(c -> Jdbc.update(c, "UPDATE audit_value SET entry_value = '203.0.114.0/24' "
                    + "WHERE seq = 1"));
            assertEquals(List.of("record 1: its values were changed (they no longer hash to what it recorded)"),
                    trail.verify().problems());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeletedRecordIsFoundInTheMiddleAndAtTheEnd(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = filled(db);
            db.withConnection(c -> Jdbc.update(c, "DELETE FROM audit_record WHERE seq = 3"));
            List<String> middle = trail.verify().problems();
            assertEquals("record 3 missing (deleted?): the next record is 4", middle.get(0));
            assertTrue(middle.contains("record 4: does not follow the record before it (that one was changed or "
                    + "deleted)"), middle.toString());

            db.withConnection(c -> Jdbc.update(c, "DELETE FROM audit_record WHERE seq = 5"));
            List<String> end = trail.verify().problems();
            assertTrue(end.contains("record 5 missing (deleted from the end)"), end.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void recordsAreFoundByAddressActorAndTime(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = filled(db);
            trail.append(event("dave", blocked("203.0.113.128/25", 0xCB007180, 25)));
            assertEquals(List.of(1L, 6L), seqs(trail, new AuditQuery(null, null,
                    IpPrefix.ipv4(0xCB0071C8, 32), null)), "203.0.113.200 is inside both blocks");
            assertEquals(List.of(1L, 6L), seqs(trail, new AuditQuery(null, null,
                    IpPrefix.ipv4(0xCB000000, 16), null)), "both blocks are inside 203.0.0.0/16");
            assertEquals(List.of(), seqs(trail, new AuditQuery(null, null, IpPrefix.ipv4(0xCB007200, 24), null)));
            assertEquals(List.of(3L), seqs(trail, new AuditQuery(null, null, null, "KP")));
            assertEquals(List.of(1L, 4L), seqs(trail, new AuditQuery(null, "alice", null, null)));
            assertEquals(List.of(), seqs(trail, new AuditQuery(Instant.parse("2026-12-08T10:00:01Z"), null, null,
                    null)));
            assertEquals(List.of(new AuditValue(true, "blocked", "203.0.113.0/24", null)), trail.values(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void appendsFromManyThreadsChainOneAtATime(String kind) throws Exception {
        try (Database db = open(kind)) {
            AuditTrail trail = new AuditTrail(db);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> appends = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    String actor = "worker-" + (i % 4);
                    appends.add(pool.submit(() -> trail.append(event(actor, blocked("192.0.2.1", 0xC0000201, 32)))));
                }
                List<Long> seqs = new ArrayList<>();
                for (Future<Long> f : appends) {
                    seqs.add(f.get());
                }
                seqs.sort(null);
                assertEquals(80, seqs.stream().distinct().count());
                assertEquals(80L, seqs.get(79));
            } finally {
                pool.shutdownNow();
            }
            AuditTrail.Verification v = trail.verify();
            assertTrue(v.intact(), v.problems().toString());
            assertEquals(80, v.records());
        }
    }

    private static List<Long> seqs(AuditTrail trail, AuditQuery query) {
        List<Long> seqs = new ArrayList<>();
        trail.forEach(query, r -> seqs.add(r.seq()));
        return seqs;
    }
}
