package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.DatabaseLocks;
import io.gatelist.TestAppliance;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.gal.NominationStore;
import io.gatelist.input.ImportKind;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.VersionOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing twice" whatever order the imports of one source finish in. Several daemon nodes, or a daemon and
 * {@code gatelist import}, claim versions in one order and decide them in another; every decision is one transaction
 * under the source's lock, so the possible interleavings are exactly the orders of the decisions. Each test claims
 * its files first (ids in claim order) and then runs their jobs one by one in a chosen order: every interleaving,
 * deterministically, with the real jobs. A last test shows that a decision does wait for the source's lock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionOrderTest {

    /** The database the appliance uses: null for the embedded H2 default. */
    String jdbcUrl() {
        return null;
    }

    @TempDir
    static Path dir;

    TestAppliance appliance;
    private ImportStore imports;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"), jdbcUrl());
        imports = new ImportStore(appliance.database);
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private static final String A = "list,kind,value,comment\nblocked,ip,192.0.2.1,\nblocked,ip,192.0.2.2,\n";
    private static final String B = "list,kind,value,comment\nblocked,ip,192.0.2.2,\nblocked,ip,192.0.2.3,\n";
    /** B's entries and a row in error: held with a rejection limit of 0. */
    private static final String HELD = B + "blocked,ip,999.0.2.4,\n";

    private long claim(String source, String name, String content) throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("files")).resolve(name), content);
        return appliance.imports().claim(file, source, ImportKind.POLICY);
    }

    private ImportRun run(long id) throws Exception {
        ImportService.Outcome outcome = appliance.imports().run(id, new ImportService.Options(null, 2, 0));
        assertTrue(outcome.completed(), outcome.run().message());
        return outcome.run();
    }

    private List<String> live(String source) {
        List<String> values = new ArrayList<>();
        new EntryStore(appliance.database).forEachLiveEntry(e -> {
            if (e.source().equals(source)) {
                values.add(e.value());
            }
        });
        Collections.sort(values);
        return values;
    }

    @Test
    void fiftyIdenticalFilesClaimedTogetherAreAppliedOnceWhicheverFinishesFirst() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(claim("fifty", "fifty-" + i + ".csv", A));
        }
        Collections.shuffle(ids, new Random(28));
        List<ImportRun> runs = new ArrayList<>();
        for (long id : ids) {
            runs.add(run(id));
        }
        Map<ImportState, Long> states = runs.stream().collect(Collectors.groupingBy(ImportRun::state,
                Collectors.counting()));
        assertEquals(Map.of(ImportState.ACCEPTED, 1L, ImportState.DUPLICATE, 49L), states);
        long applied = runs.get(0).id(); // the first to finish applied; each later one repeats it
        for (ImportRun r : runs.subList(1, runs.size())) {
            assertEquals(applied, imports.get(r.id()).duplicateOf(), r.message());
            assertEquals(0, (int) appliance.database.withConnection(c -> EntryStore.count(c, r.id())),
                    "a duplicate keeps no staged entries");
        }
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), live("fifty"));
    }

    /**
     * Live A; then B, A and B again are claimed (f1, f2, f3). Whatever order they are decided in, the source ends
     * with B, the content of the newest file; no import is applied that would change nothing. A file with the live
     * version's content is a duplicate; any other older version decided after a newer one is superseded.
     */
    @Test
    void everyOrderOfDecidingThreeVersionsEndsWithTheNewestAndAppliesNothingTwice() throws Exception {
        Map<String, String> expected = Map.of(
                "123", "ACCEPTED ACCEPTED ACCEPTED",
                "132", "ACCEPTED superseded DUPLICATE",
                "213", "superseded DUPLICATE ACCEPTED",
                "231", "DUPLICATE DUPLICATE ACCEPTED",
                "312", "DUPLICATE superseded ACCEPTED",
                "321", "DUPLICATE superseded ACCEPTED");
        for (Map.Entry<String, String> order : expected.entrySet()) {
            String source = "order-" + order.getKey();
            run(claim(source, source + "-0.csv", A));
            long[] f = {claim(source, source + "-1.csv", B), claim(source, source + "-2.csv", A),
                    claim(source, source + "-3.csv", B)};
            for (char c : order.getKey().toCharArray()) {
                ImportRun r = run(f[c - '1']);
                if (r.state() == ImportState.ACCEPTED) {
                    assertTrue(r.counts().added() + r.counts().removed() > 0, "an applied version changes the "
                            + "source: " + r.message());
                }
            }
            List<String> outcomes = new ArrayList<>();
            for (long id : f) {
                ImportRun r = imports.get(id);
                outcomes.add(r.state() == ImportState.REJECTED && r.message().startsWith("superseded") ? "superseded"
                        : r.state().name());
            }
            assertEquals(order.getValue(), String.join(" ", outcomes), "decided in the order " + order.getKey());
            assertEquals(List.of("192.0.2.2", "192.0.2.3"), live(source), "decided in the order " + order.getKey());
        }
    }

    /** Live A; a held version and a file equal to A claimed together: A's copy is a duplicate in either order. */
    @Test
    void aFileEqualToTheLiveVersionIsADuplicateWhateverAHeldVersionBesideItDoes() throws Exception {
        for (String order : List.of("12", "21")) {
            String source = "held-" + order;
            long first = run(claim(source, source + "-0.csv", A)).id();
            long[] f = {claim(source, source + "-1.csv", HELD), claim(source, source + "-2.csv", A)};
            for (char c : order.toCharArray()) {
                run(f[c - '1']);
            }
            ImportRun held = imports.get(f[0]);
            assertEquals(ImportState.REJECTED, held.state(), held.message());
            assertTrue(held.message().startsWith("held for review"), held.message());
            ImportRun copy = imports.get(f[1]);
            assertEquals(ImportState.DUPLICATE, copy.state(), copy.message());
            assertEquals(first, copy.duplicateOf());
            assertEquals(List.of("192.0.2.1", "192.0.2.2"), live(source));
        }
    }

    /** Feeds are versions too: two copies of one feed claimed together are applied once, in either order. */
    @Test
    void twoCopiesOfAFeedClaimedTogetherAreAppliedOnceInEitherOrder() throws Exception {
        for (String order : List.of("12", "21")) {
            String feed = "feed-" + order;
            long[] f = new long[2];
            for (int i = 0; i < 2; i++) {
                Path file = Files.writeString(Files.createDirectories(dir.resolve("files")).resolve(feed + "-" + i
                        + ".txt"), "198.51.100.0/24 ; SBL1\n");
                f[i] = appliance.imports().claim(file, feed, ImportKind.FEED);
                new FeedStore(appliance.database).assign(f[i], feed, FeedDatabase.STANDARD, true,
                        io.gatelist.feed.RbldnsdDataset.DEFAULT);
            }
            for (char c : order.toCharArray()) {
                run(f[c - '1']);
            }
            long applied = f[order.charAt(0) - '1'];
            long repeated = f[order.charAt(1) - '1'];
            assertEquals(ImportState.ACCEPTED, imports.get(applied).state(), imports.get(applied).message());
            assertEquals(ImportState.DUPLICATE, imports.get(repeated).state(), imports.get(repeated).message());
            assertEquals(applied, imports.get(repeated).duplicateOf());
            assertEquals(applied, new FeedStore(appliance.database).feed(feed).currentImportId());
        }
    }

    /** The same nomination file claimed twice before either ran makes its nominations once. */
    @Test
    void theSameNominationFileClaimedTwiceNominatesOnce() throws Exception {
        String mtas = "ip,fqdn,email_domain,company_name,country,company_type,contact_email,contact_first_name,"
                + "contact_last_name\n123.123.123.10,mx1.example-sender.net,example-sender.net,Example,NZ,esp,"
                + "ops@example-sender.net,Ana,Reyes\n";
        Path file = Files.writeString(Files.createDirectories(dir.resolve("files")).resolve("mtas.csv"), mtas);
        long first = appliance.imports().claim(file, "mtas.csv", ImportKind.MTA);
        long second = appliance.imports().claim(file, "mtas.csv", ImportKind.MTA);
        ImportRun later = run(second);
        ImportRun earlier = run(first);
        assertEquals(ImportState.ACCEPTED, later.state(), later.message());
        assertEquals(ImportState.DUPLICATE, earlier.state(), earlier.message());
        assertEquals(second, earlier.duplicateOf());
        assertEquals(1, new NominationStore(appliance.database).ids(null).size());
    }

    /**
     * The decision waits for the source's lock: while another transaction holds it, the import's apply step is
     * blocked by that transaction (seen in the database's own session table, not guessed from time), and decides
     * once the lock is released.
     */
    @Test
    void aDecisionWaitsForTheSourceLock() throws Exception {
        long first = run(claim("locked", "locked-0.csv", A)).id();
        long copy = claim("locked", "locked-1.csv", A);
        ImportRun claimed = imports.get(copy);
        try (Connection c = appliance.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertEquals(Long.valueOf(first), VersionOrder.lock(c, claimed));
            CompletableFuture<ImportRun> decided = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(copy);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DatabaseLocks.awaitBlockedBy(c, decided);
            assertEquals(ImportState.VALIDATING, imports.get(copy).state(), "not decided while the lock is held");
            c.rollback();
            ImportRun r = decided.get(2, TimeUnit.MINUTES);
            assertEquals(ImportState.DUPLICATE, r.state(), r.message());
            assertEquals(first, r.duplicateOf());
        }
    }
}
