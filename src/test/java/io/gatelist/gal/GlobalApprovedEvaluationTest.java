package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.batch.ImportService;
import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approved nominations reach lookups through a real compile: after the customer's four steps, as step
 * global-approved, in both modes; HELO strings approve only from their nomination's IPs.
 */
class GlobalApprovedEvaluationTest {

    @TempDir
    Path dir;

    private static Nomination.Mta mta(String ip, int line) {
        String[] o = ip.split("\\.");
        int address = Integer.parseInt(o[0]) << 24 | Integer.parseInt(o[1]) << 16 | Integer.parseInt(o[2]) << 8
                | Integer.parseInt(o[3]);
        return new Nomination.Mta(IpPrefix.ipv4(address, 32), "mx.example-sender.net", "example-sender.net",
                "Example Sender Ltd", "NZ", CompanyType.ESP, line);
    }

    private PolicySnapshot compile(TestAppliance appliance, String name) throws Exception {
        Path out = dir.resolve(name);
        SnapshotCompiler.Result result = new SnapshotCompiler(new EntryStore(appliance.database), Clock.systemUTC())
                .compile(out, true);
        assertTrue(result.published());
        return PolicySnapshot.open(out);
    }

    @Test
    void anApprovedEntryChangesTheVerdictAfterRecompileAndComesAfterTheCustomersSteps() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            appliance.imports().importFile(TestAppliance.csv(dir, "customer.csv", "list,kind,value,comment",
                    "blocked,ip,123.123.200.9,spam seen", "approved,ip,123.123.201.0/24,our partner",
                    "blocked,country,KP,"), new ImportService.Options(null, 100, -1));
            NominationStore store = new NominationStore(appliance.database);
            Nomination.Contact contact = new Nomination.Contact("ops@example-sender.net", "Ana", "Reyes");
            long approved = store.create(contact, List.of(mta("123.123.123.10", 3), mta("123.123.200.9", 4),
                    mta("123.123.201.7", 5), mta("175.45.176.3", 6)), List.of(new Nomination.Helo(
                            "mx.example-sender.net", 7)), 0);
            long rejected = store.create(contact, List.of(mta("123.123.123.20", 2)), List.of(), 0);

            PolicySnapshot before = compile(appliance, "before.bin");
            assertEquals(Step.NONE, before.lookup("123.123.123.10", null, Mode.STANDARD).step(),
                    "a nomination changes nothing before it is approved");

            store.transition(approved, NominationState.UNDER_REVIEW, "rev-a", null);
            store.transition(approved, NominationState.APPROVED, "rev-a", "FCrDNS ok, known ESP");
            store.transition(rejected, NominationState.REJECTED, "rev-a", "generic PTR");
            PolicySnapshot after = compile(appliance, "after.bin");

            for (Mode mode : Mode.values()) {
                Verdict v = after.lookup("123.123.123.10", null, mode);
                assertEquals(Decision.APPROVED, v.decision(), mode.toString());
                assertEquals(Step.GLOBAL_APPROVED, v.step());
                assertEquals("global-approved", v.matched().list());
                assertEquals("nomination " + approved, v.matched().source());
                assertEquals(3, v.matched().line());
            }
            assertEquals(Step.NONE, after.lookup("123.123.123.20", null, Mode.STANDARD).step(),
                    "a rejected nomination is not compiled");
            // The customer's own lists decide first: their Blocked entry wins in standard mode only ...
            assertEquals(Step.BLOCKED_IP, after.lookup("123.123.200.9", null, Mode.STANDARD).step());
            assertEquals(Step.GLOBAL_APPROVED, after.lookup("123.123.200.9", null, Mode.DYNAMIC).step());
            // ... their Approved entry is the answer in both modes ...
            assertEquals(Step.APPROVED_IP, after.lookup("123.123.201.7", null, Mode.DYNAMIC).step());
            // ... and a blocked country comes before the global list in standard mode.
            assertEquals(Step.BLOCKED_COUNTRY, after.lookup("175.45.176.3", "KP", Mode.STANDARD).step());
            assertEquals(Step.GLOBAL_APPROVED, after.lookup("175.45.176.3", "KP", Mode.DYNAMIC).step());
        }
    }

    @Test
    void anApprovedHeloApprovesOnlyFromItsNominationsIps() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            NominationStore store = new NominationStore(appliance.database);
            long id = store.create(new Nomination.Contact("ops@example-sender.net", "Ana", "Reyes"),
                    List.of(mta("123.123.123.10", 2), mta("123.123.123.11", 3)), List.of(new Nomination.Helo(
                            "mx.example-sender.net", 2), new Nomination.Helo("[123.123.123.11]", 3)), 0);
            store.transition(id, NominationState.APPROVED, "rev-a", null);
            PolicySnapshot snapshot = compile(appliance, "helo.bin");

            PolicySnapshot.HeloMatch own = snapshot.matchHelo("MX.Example-Sender.NET.", "123.123.123.11");
            assertEquals(id, own.nomination());
            assertTrue(own.approves(), "case and a trailing dot do not matter");
            PolicySnapshot.HeloMatch forged = snapshot.matchHelo("mx.example-sender.net", "123.123.99.99");
            assertEquals(id, forged.nomination());
            assertFalse(forged.approves(), "the approved name from a stranger's address");
            assertFalse(snapshot.matchHelo("mx.other-sender.net", "123.123.123.10").approves());
            assertTrue(snapshot.matchHelo("[123.123.123.11]", "123.123.123.10").approves(),
                    "a string is tied to all of its nomination's IPs");
            assertFalse(snapshot.matchHelo("[123.123.123.11]", "123.123.99.99").approves());

            Verdict stranger = snapshot.lookup("123.123.99.99", null, Mode.STANDARD, "mx.example-sender.net");
            assertEquals(Step.NONE, stranger.step(), "a HELO alone is trivially forged");
            Verdict member = snapshot.lookup("123.123.123.10", null, Mode.DYNAMIC, "mx.example-sender.net");
            assertEquals(Step.GLOBAL_APPROVED, member.step());
            assertEquals(2, snapshot.info().entries());
        }
    }
}
