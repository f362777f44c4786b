package io.gatelist.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationStore;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nomination files dropped into the inbox are told apart by their header and imported by their own jobs. */
class NominationInboxTest {

    @TempDir
    Path dir;

    private static void land(Path inbox, String name, String content) throws Exception {
        Path temp = inbox.resolve("." + name + ".part");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void mtaAndHeloFilesAreDetectedByTheirHeaderAndNominated() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(dir.resolve("home"))) {
            land(d.inbox(), "senders.txt", "Contact_Email,Contact_First_Name,Contact_Last_Name,IP,FQDN,Email_Domain,"
                    + "Company_Name,Country,Company_Type\n"
                    + "ops@example-sender.net,Ana,Reyes,123.123.123.10,mx1.example-sender.net,example-sender.net,"
                    + "Example Sender Ltd,NZ,esp\n");
            d.awaitFinished(1, Duration.ofSeconds(60));
            land(d.inbox(), "helos.txt", "HELO,contact_email,contact_first_name,contact_last_name\n"
                    + "mx1.example-sender.net,ops@example-sender.net,Ana,Reyes\n");
            d.awaitFinished(2, Duration.ofSeconds(60));

            List<ImportRun> runs = d.imports().stream().sorted(Comparator.comparingLong(ImportRun::id)).toList();
            assertEquals(List.of(ImportKind.MTA, ImportKind.HELO), runs.stream().map(ImportRun::kind).toList());
            assertEquals(List.of(ImportState.ACCEPTED, ImportState.ACCEPTED), runs.stream().map(ImportRun::state)
                    .toList(), runs.toString());
            NominationStore store = new NominationStore(d.appliance.database);
            Nomination n = store.get(store.ids(null).get(0));
            assertEquals(runs.get(0).id(), n.importId());
            assertEquals(List.of("123.123.123.10"), n.mtas().stream().map(m -> m.ip().canonical()).toList());
            assertEquals(List.of("mx1.example-sender.net"), n.helos().stream().map(Nomination.Helo::helo).toList());
        }
    }
}
