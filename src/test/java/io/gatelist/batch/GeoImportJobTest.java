package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.geo.GeoRange;
import io.gatelist.input.ImportKind;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.GeoStore;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.Jdbc;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import-geo job run for real (JBeret under Weld SE, H2 file database), and its ranges compiled into the
 * snapshot's IP-to-country tables, which decide the country steps when a lookup gives no country.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeoImportJobTest {

    @TempDir
    static Path dir;

    TestAppliance appliance;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"));
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private ImportService.Outcome importGeo(Path file, String source, int maxRejected) throws Exception {
        return appliance.imports().importFile(file, new ImportService.Options(source, 3, maxRejected), ImportKind.GEO);
    }

    private List<GeoRange> live() {
        List<GeoRange> ranges = new ArrayList<>();
        new GeoStore(appliance.database).forEachLiveRange(ranges::add);
        ranges.sort(GeoRange::compareStart);
        return ranges;
    }

    private List<FindingStore.StoredFinding> findings(long importId) {
        List<FindingStore.StoredFinding> found = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(importId, found::add);
        return found;
    }

    @Test
    @Order(1) // first, so that the snapshot's country tables hold the sample alone
    void theSampleDecidesTheCountryStepsOfACompiledSnapshot() throws Exception {
        ImportService.Outcome geo = importGeo(TestAppliance.samples().resolve("delegated-sample.txt"), null, -1);
        assertTrue(geo.completed());
        assertEquals(ImportState.ACCEPTED, geo.run().state(), geo.run().message());
        assertEquals(ImportKind.GEO, geo.run().kind());
        // 8 address records are allocated or assigned (one of them EU: kept, country unknown); the asn,
        // available and reserved records place no address.
        assertEquals(8, geo.run().counts().accepted());
        assertEquals(0, geo.run().counts().rejected());
        assertEquals(8, geo.run().counts().added());
        FindingStore.StoredFinding eu = findings(geo.run().id()).get(0);
        assertEquals("geo-country-unknown", eu.code());
        assertEquals(16, eu.line());
        assertEquals(2, eu.column());
        assertEquals("cc", eu.columnName());
        assertNotNull(geo.report());
        assertTrue(Files.readString(geo.report()).contains("geo-country-unknown"));

        appliance.importFile(TestAppliance.samples().resolve("approved.csv"));
        appliance.importFile(TestAppliance.samples().resolve("blocked.csv"));
        Path out = dir.resolve("sample.bin");
        SnapshotCompiler.Result compiled = new SnapshotCompiler(new EntryStore(appliance.database),
                Clock.systemUTC()).compile(out, true);
        assertTrue(compiled.published());
        PolicySnapshot s = PolicySnapshot.open(out);
        assertEquals(5, s.info().counts().get("geo-ipv4-ranges")); // NZ, KP (768), US, DE, KP; not EU
        assertEquals(2, s.info().counts().get("geo-ipv6-ranges"));

        Verdict nz = s.lookup("192.0.2.10", null, Mode.STANDARD);
        assertEquals(Step.APPROVED_COUNTRY, nz.step());
        assertEquals("NZ", nz.country());
        assertEquals("approved.csv", nz.matched().source());
        // 198.51.100.0 + 768 addresses: past the blocked /24 the country decides, and it ends at .102.255.
        assertEquals(Step.BLOCKED_IP, s.lookup("198.51.100.9", null, Mode.STANDARD).step());
        assertEquals(Step.BLOCKED_COUNTRY, s.lookup("198.51.102.255", null, Mode.STANDARD).step());
        assertEquals(Step.NONE, s.lookup("198.51.103.0", null, Mode.STANDARD).step());
        assertNull(s.lookup("198.51.103.0", null, Mode.STANDARD).country());
        assertEquals(Step.NONE, s.lookup("198.51.102.255", null, Mode.DYNAMIC).step());
        assertEquals(Step.BLOCKED_COUNTRY, s.lookup("175.45.179.255", null, Mode.STANDARD).step());
        assertEquals("US", s.lookup("8.8.8.8", null, Mode.STANDARD).country());
        assertEquals(Step.NONE, s.lookup("8.8.8.8", null, Mode.STANDARD).step());
        assertNull(s.lookup("203.0.113.200", null, Mode.STANDARD).country(), "EU: no country");
        assertEquals(Step.APPROVED_COUNTRY, s.lookup("2001:db8:1::25", null, Mode.STANDARD).step());
        assertEquals("DE", s.lookup("2001:db7:1::1", null, Mode.STANDARD).country());
        // The caller's country wins over the table's.
        assertEquals(Step.NONE, s.lookup("192.0.2.10", "US", Mode.STANDARD).step());
    }

    @Test
    void badRecordsAreRejectedWithTheirLineAndFieldAndTheGoodOnesApply() throws Exception {
        Path file = Files.writeString(dir.resolve("errors.txt"), String.join("\n",
                "2|arin|20260101|5|19830705|20260101|-0500",
                "arin|US|ipv4|8.8.8.0|256|19921201|allocated",
                "arin|US|ipv4|8.8.08.0|256|19921201|allocated",
                "arin|us|ipv4|8.8.9.0|256|19921201|allocated",
                "arin|US|ipv4|255.255.255.0|512|19921201|allocated",
                "arin|US|ipv6|2001:db8::1|32|19921201|allocated") + "\n");
        ImportService.Outcome outcome = importGeo(file, "errors", -1);

        assertEquals(ImportState.ACCEPTED, outcome.run().state(), outcome.run().message());
        assertEquals(1, outcome.run().counts().accepted());
        assertEquals(4, outcome.run().counts().rejected());
        List<String> located = findings(outcome.run().id()).stream()
                .map(f -> f.line() + ":" + f.column() + " " + f.code() + " " + f.value()).toList();
        assertEquals(List.of("3:4 geo-start-invalid 8.8.08.0", "4:2 geo-country-invalid us",
                "5:5 geo-value-invalid 512", "6:4 cidr-host-bits 2001:db8::1"), located);
        List<FindingStore.RejectedRow> rejected = new ArrayList<>();
        new FindingStore(appliance.database).forEachRejectedRow(outcome.run().id(), rejected::add);
        assertEquals("arin|us|ipv4|8.8.9.0|256|19921201|allocated", rejected.get(1).raw());
        assertTrue(Files.readString(outcome.report().resolveSibling("rejected-rows.csv")).contains("8.8.08.0"));
    }

    @Test
    void aTruncatedFileIsHeldAndTheLiveVersionStays() throws Exception {
        Path v1 = Files.writeString(dir.resolve("rir-v1.txt"), "2|arin|20260101|2|19830705|20260101|-0500\n"
                + "arin|*|ipv4|*|2|summary\n"
                + "arin|US|ipv4|20.0.0.0|256|19921201|allocated\n"
                + "arin|CA|ipv4|20.0.1.0|256|19921201|allocated\n");
        Path truncated = Files.writeString(dir.resolve("rir-v2.txt"), "2|arin|20260102|3|19830705|20260102|-0500\n"
                + "arin|*|ipv4|*|3|summary\n"
                + "arin|US|ipv4|20.0.0.0|256|19921201|allocated\n");
        Path v3 = Files.writeString(dir.resolve("rir-v3.txt"), "2|arin|20260103|2|19830705|20260103|-0500\n"
                + "arin|US|ipv4|20.0.0.0|256|19921201|allocated\n"
                + "arin|MX|ipv4|20.0.2.0|512|19921201|allocated\n");
        assertEquals(2, importGeo(v1, "arin", -1).run().counts().added());

        ImportService.Outcome held = importGeo(truncated, "arin", -1);
        assertEquals(ImportState.REJECTED, held.run().state());
        assertTrue(held.run().message().contains("held for review"), held.run().message());
        assertEquals("geo-count-mismatch", findings(held.run().id()).get(0).code());
        assertEquals(List.of("20.0.0.0-20.0.0.255 US", "20.0.1.0-20.0.1.255 CA"), arin());

        ImportService.Outcome third = importGeo(v3, "arin", -1);
        assertEquals(ImportState.ACCEPTED, third.run().state());
        assertEquals(1, third.run().counts().added());
        assertEquals(1, third.run().counts().removed());
        assertEquals(1, third.run().counts().unchanged());
        assertEquals(List.of("20.0.0.0-20.0.0.255 US", "20.0.2.0-20.0.3.255 MX"), arin());
    }

    private List<String> arin() {
        return live().stream().filter(r -> r.family() == 4 && (r.startLow() >>> 24) == 20).map(GeoRange::toString)
                .toList();
    }

    @Test
    void aStoppedImportResumesFromItsCheckpointWithEveryRecordOnce() throws Exception {
        int records = 30_000;
        Path file = dir.resolve("big-delegated.txt");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("2|ripencc|20260101|" + records + "|19830705|20260101|+0100\n");
            for (int i = 0; i < records; i++) {
                // a distinct /24 per record: 30.0.0.0, 30.0.1.0, ...
                w.write("ripencc|DE|ipv4|" + (30 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF)
                        + ".0|256|20100101|allocated|x\n");
            }
        }
        ImportService service = appliance.imports();
        long id = service.claim(file, "big", ImportKind.GEO);
        Properties parameters = new Properties();
        parameters.setProperty(JobParameters.IMPORT_ID, Long.toString(id));
        parameters.setProperty(JobParameters.CHUNK_SIZE, "200");
        long first = appliance.batch.start(ImportKind.GEO.jobId(), parameters);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (written(id) < 2_000) {
            assertTrue(System.nanoTime() < deadline, "the job stored nothing in time");
            Thread.sleep(5);
        }
        appliance.batch.operator().stop(first);
        assertEquals(BatchStatus.STOPPED, appliance.batch.await(first).getBatchStatus());
        long before = written(id);
        assertTrue(before < records, "stopped before the end: " + before);

        ImportService.Outcome resumed = service.resume(id, new ImportService.Options(null, 200, -1));

        assertEquals(ImportState.ACCEPTED, resumed.run().state(), resumed.run().message());
        assertEquals(records, written(id));
        assertEquals(records, resumed.run().counts().accepted());
        long distinct = appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(DISTINCT start_low) FROM geo_range WHERE import_id = ?", id));
        assertEquals(records, distinct);
        long readAfterRestart = 0;
        for (StepExecution step : appliance.batch.operator().getStepExecutions(resumed.executionId())) {
            if (step.getStepName().equals("validate-records")) {
                for (Metric m : step.getMetrics()) {
                    if (m.getType() == Metric.MetricType.READ_COUNT) {
                        readAfterRestart = m.getValue();
                    }
                }
            }
        }
        assertTrue(readAfterRestart > 0 && readAfterRestart < records,
                "the restart read only what the first run had not checkpointed: " + readAfterRestart);
    }

    private long written(long importId) {
        return appliance.database.withConnection(c -> Jdbc.queryLong(c,
                "SELECT COUNT(*) FROM geo_range WHERE import_id = ?", importId));
    }
}
