package io.gatelist.gal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.home.ApplianceHome;
import io.gatelist.policy.IpPrefix;
import io.gatelist.storage.Database;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review lifecycle of nominations, recorded in a real H2 file database. */
class NominationReviewTest {

    @TempDir
    Path dir;

    private static Nomination.Mta mta(int address) {
        return new Nomination.Mta(IpPrefix.ipv4(address, 32), "mail.example-sender.net", "example-sender.net",
                "Example Sender Ltd", "NZ", CompanyType.ESP, 2);
    }

    @Test
    void aNominationIsReviewedThenDecidedAndEveryStepIsKept() throws Exception {
        try (Database db = Database.open(ApplianceHome.open(dir))) {
            NominationStore store = new NominationStore(db);
            long id = store.create(new Nomination.Contact("postmaster@example-sender.net", "Ana", "Reyes"),
                    List.of(mta(0x7B7B7B01)), List.of(new Nomination.Helo("mail.example-sender.net", 2)), 0);

            assertEquals(NominationState.NOMINATED, store.transition(id, NominationState.UNDER_REVIEW, "rev-a", null));
            store.transition(id, NominationState.APPROVED, "rev-a", "FCrDNS matches, sender known");

            Nomination n = store.get(id);
            assertEquals(NominationState.APPROVED, n.state());
            assertEquals(List.of(NominationState.NOMINATED, NominationState.UNDER_REVIEW, NominationState.APPROVED),
                    n.events().stream().map(Nomination.Event::to).toList());
            assertEquals("rev-a", n.events().get(2).actor());
            assertEquals("FCrDNS matches, sender known", n.events().get(2).reason());
            assertEquals(1, store.approvedAddresses().size());
        }
    }

    @Test
    void decisionsAreFinalAndAnIllegalMoveIsRefusedWithAClearMessage() throws Exception {
        try (Database db = Database.open(ApplianceHome.open(dir))) {
            NominationStore store = new NominationStore(db);
            long id = store.create(new Nomination.Contact("a@example-sender.net", "A", "B"), List.of(mta(0x7B7B7B02)),
                    List.of(), 0);
            store.transition(id, NominationState.REJECTED, "rev-b", "generic PTR, no SPF");

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.transition(id, NominationState.APPROVED, "rev-c", null));
            assertTrue(e.getMessage().contains("REJECTED") && e.getMessage().contains("APPROVED"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> store.transition(id, NominationState.UNDER_REVIEW,
                    "rev-c", null));
            assertEquals(NominationState.REJECTED, store.get(id).state(), "the refused move changed nothing");
            assertEquals(2, store.get(id).events().size());
            assertTrue(store.approvedAddresses().isEmpty());
        }
    }
}
