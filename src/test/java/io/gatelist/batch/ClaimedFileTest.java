package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.gal.NominationStore;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatelist import} gives the guarantee the inbox gives: the job reads the import's own copy, and a copy that
 * does not hold the bytes hashed at the claim (changed before or while it was read) is refused, for every kind of
 * import, with the live version left as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimedFileTest {

    @TempDir
    static Path dir;

    private TestAppliance appliance;
    private ImportStore imports;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"));
        imports = new ImportStore(appliance.database);
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    /** Claims {@code content} as {@code kind}, appends a line to the import's copy, then runs the job. */
    private ImportRun claimChangeAndRun(ImportKind kind, String source, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(source), content);
        ImportService service = appliance.imports();
        long id = service.claim(file, source, kind);
        if (kind == ImportKind.FEED) {
            new FeedStore(appliance.database).assign(id, source, FeedDatabase.STANDARD, true,
                    io.gatelist.feed.RbldnsdDataset.DEFAULT);
        }
        Path copy = imports.get(id).storedPath();
        assertTrue(copy.startsWith(appliance.home.importsDir()), "the job reads the import's own copy: " + copy);
        Files.writeString(copy, "203.0.113.99\n", StandardOpenOption.APPEND);
        ImportService.Outcome outcome = service.run(id, new ImportService.Options(null, 3, -1));
        assertTrue(outcome.completed(), outcome.run().message());
        return outcome.run();
    }

    private static void assertRefused(ImportRun run) {
        assertEquals(ImportState.REJECTED, run.state(), run.message());
        assertTrue(run.message().startsWith("refused: the file changed after it was claimed"), run.message());
    }

    @Test
    void aPolicyFileWhoseCopyChangedIsRefusedAndTheLiveVersionStays() throws Exception {
        String v1 = "list,kind,value,comment\nblocked,ip,192.0.2.1,\n";
        assertEquals(ImportState.ACCEPTED, appliance.importFile(Files.writeString(dir.resolve("policy.csv"), v1))
                .run().state());
        assertRefused(claimChangeAndRun(ImportKind.POLICY, "policy.csv", v1 + "blocked,ip,192.0.2.2,\n"));
        List<String> live = new ArrayList<>();
        new EntryStore(appliance.database).forEachLiveEntry(e -> live.add(e.source() + " " + e.value()));
        assertEquals(List.of("policy.csv 192.0.2.1"), live);
    }

    @Test
    void aFeedWhoseCopyChangedIsRefusedAndTheLiveVersionStays() throws Exception {
        ImportService.Outcome first = appliance.imports().importFeed(Files.writeString(dir.resolve("drop-1.txt"),
                "198.51.100.0/24 ; SBL1\n"), "drop", FeedDatabase.STANDARD, new ImportService.Options(null, 3, -1));
        assertEquals(ImportState.ACCEPTED, first.run().state(), first.run().message());
        assertRefused(claimChangeAndRun(ImportKind.FEED, "drop", "198.51.100.0/24 ; SBL1\n198.51.101.0/24 ; SBL2\n"));
        assertEquals(first.run().id(), new FeedStore(appliance.database).feed("drop").currentImportId());
    }

    @Test
    void aNominationFileWhoseCopyChangedIsRefusedAndNominatesNothing() throws Exception {
        ImportRun run = claimChangeAndRun(ImportKind.MTA, "mtas.csv", "ip,fqdn,email_domain,company_name,country,"
                + "company_type,contact_email,contact_first_name,contact_last_name\n123.123.123.10,"
                + "mx1.example-sender.net,example-sender.net,Example,NZ,esp,ops@example-sender.net,Ana,Reyes\n");
        assertRefused(run);
        assertEquals(List.of(), new NominationStore(appliance.database).ids(null));
    }
}
