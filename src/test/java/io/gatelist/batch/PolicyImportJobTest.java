package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.TestAppliance;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The import-policy job run for real: JBeret under Weld SE, its JDBC repository and the lists in an H2 file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyImportJobTest {

    /** The database the appliance uses: null for the embedded H2 default. */
    String jdbcUrl() {
        return null;
    }


    @TempDir
    static Path dir;

    TestAppliance appliance;

    @BeforeAll
    void start() throws Exception {
        appliance = TestAppliance.open(dir.resolve("home"), jdbcUrl());
    }

    @AfterAll
    void stop() {
        appliance.close();
    }

    private List<PolicyEntry> live() {
        List<PolicyEntry> entries = new ArrayList<>();
        new EntryStore(appliance.database).forEachLiveEntry(entries::add);
        return entries;
    }

    private List<String> liveValues(String source) {
        return live().stream().filter(e -> e.source().equals(source)).map(e -> e.list().id() + " " + e.value())
                .sorted().toList();
    }

    @Test
    void badRowsAreRejectedWithTheirPlaceAndReasonAndNeverStopTheGoodOnes() throws Exception {
        ImportService.Outcome outcome = appliance.importFile(TestAppliance.samples().resolve("with-errors.csv"));

        assertTrue(outcome.completed());
        assertEquals(ImportState.ACCEPTED, outcome.run().state());
        assertEquals(9, outcome.run().counts().read());
        assertEquals(2, outcome.run().counts().accepted());
        assertEquals(7, outcome.run().counts().rejected());
        assertEquals(List.of("approved 123.123.125.10", "blocked GB"), liveValues("with-errors.csv"));

        List<FindingStore.StoredFinding> findings = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(outcome.run().id(), findings::add);
        FindingStore.StoredFinding leadingZero = findings.stream().filter(f -> f.code().equals("ipv4-leading-zero"))
                .findFirst().orElseThrow();
        assertEquals(6, leadingZero.line()); // physical line: header and two comment lines come first
        assertEquals(3, leadingZero.column());
        assertEquals("value", leadingZero.columnName());
        assertEquals("010.1.1.1", leadingZero.value());
        assertTrue(leadingZero.message().contains("10.1.1.1"));
        FindingStore.StoredFinding hostBits = findings.stream().filter(f -> f.code().equals("cidr-host-bits"))
                .findFirst().orElseThrow();
        assertTrue(hostBits.message().contains("did you mean 123.123.123.0/24"), hostBits.message());
        List<FindingStore.RejectedRow> rejected = new ArrayList<>();
        new FindingStore(appliance.database).forEachRejectedRow(outcome.run().id(), rejected::add);
        assertEquals(List.of(5, 6, 7, 8, 9, 10, 11), rejected.stream().map(FindingStore.RejectedRow::line).toList());
        assertNotNull(outcome.report());
    }

    @Test
    void everyFormatOfTheSeedIsStoredCanonically() throws Exception {
        appliance.importFile(TestAppliance.samples().resolve("approved.csv"));
        assertEquals(List.of("approved 123.123.123.123", "approved 123.123.124.0/24", "approved 172.31.15.164/30",
                "approved 2001:db7:85a3::8a2e:370:7334", "approved 2001:db7:85a3::8a2e:370:7335",
                "approved 2001:db7:85a3::8a2e:370:7336", "approved NZ"), liveValues("approved.csv"));
    }

    @Test
    void aNewVersionOfASourceReplacesItAndRemovesWhatItDropped() throws Exception {
        Path v1 = TestAppliance.csv(dir, "partner-v1.csv", "list,kind,value,comment", "blocked,ip,192.0.2.10,",
                "blocked,ip,192.0.2.11,", "blocked,country,KP,");
        Path v2 = TestAppliance.csv(dir, "partner-v2.csv", "list,kind,value,comment", "blocked,ip,192.0.2.11,",
                "blocked,ip,192.0.2.12,");
        ImportService service = appliance.imports();
        service.importFile(v1, new ImportService.Options("partner", 2, -1));
        ImportService.Outcome second = service.importFile(v2, new ImportService.Options("partner", 2, -1));

        assertEquals(List.of("blocked 192.0.2.11", "blocked 192.0.2.12"), liveValues("partner"));
        assertEquals(1, second.run().counts().added());
        assertEquals(2, second.run().counts().removed());
        assertEquals(1, second.run().counts().unchanged());
    }

    @Test
    void aFileOverTheRejectionLimitIsHeldAndNothingIsApplied() throws Exception {
        Path good = TestAppliance.csv(dir, "held-v1.csv", "list,kind,value,comment", "approved,ip,192.0.2.20,");
        Path bad = TestAppliance.csv(dir, "held-v2.csv", "list,kind,value,comment", "approved,ip,192.0.2.21,",
                "approved,ip,999.1.1.1,");
        ImportService service = appliance.imports();
        service.importFile(good, new ImportService.Options("held", 10, 0));
        ImportService.Outcome held = service.importFile(bad, new ImportService.Options("held", 10, 0));

        assertEquals(ImportState.REJECTED, held.run().state());
        assertTrue(held.run().message().contains("held for review"), held.run().message());
        assertEquals(List.of("approved 192.0.2.20"), liveValues("held"));
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRejectedAsAWholeAndStillGetsAReport() throws Exception {
        Path file = TestAppliance.csv(dir, "no-header.csv", "list,kind,vlaue", "approved,ip,192.0.2.30");
        ImportService.Outcome outcome = appliance.importFile(file);

        assertEquals(ImportState.REJECTED, outcome.run().state());
        assertTrue(liveValues("no-header.csv").isEmpty());
        String html = Files.readString(outcome.report());
        assertTrue(html.contains("header-missing-column"));
        assertTrue(html.contains("did you mean &quot;value&quot;?"), "suggests the near miss");
    }

    @Test
    void reportsEscapeHtmlAndNeutraliseSpreadsheetFormulas() throws Exception {
        Path file = TestAppliance.csv(dir, "hostile.csv", "list,kind,value,comment",
                "approved,ip,<script>alert(1)</script>,<img src=x onerror=alert(2)>",
                "blocked,ip,=HYPERLINK(\"http://evil.example\"),@SUM(A1)");
        ImportService.Outcome outcome = appliance.importFile(file);
        Path folder = outcome.report().getParent();

        String html = Files.readString(outcome.report());
        assertFalse(html.contains("<script>alert"), "no markup from the file reaches the page");
        assertFalse(html.contains("<img"), "no markup from the file reaches the page");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        String csv = Files.readString(folder.resolve("rejected-rows.csv"));
        assertTrue(csv.contains("'=HYPERLINK"), csv);
        assertTrue(csv.contains("'@SUM(A1)"), csv);
        assertFalse(csv.contains(",=HYPERLINK"), csv);
        assertTrue(Files.readString(folder.resolve("report.json")).contains("\"valid\" : false"));
        assertTrue(Files.exists(appliance.home.reportsDir().resolve("index.html")));
    }

    @Test
    void theCompiledSnapshotEvaluatesEveryStepOfBothModes() throws Exception {
        Path lists = TestAppliance.csv(dir, "steps.csv", "list,kind,value,comment",
                "approved,ip,192.0.2.0/28,", "blocked,ip,198.51.100.0/24,", "approved,ip,2001:db8:a::/48,",
                "blocked,ip,2001:db8:b::1,", "approved,country,NZ,", "blocked,country,KP,");
        appliance.importFile(lists);
        Path out = dir.resolve("steps.bin");
        java.util.Properties p = new java.util.Properties();
        p.setProperty("out", out.toString());
        p.setProperty("acceptOverlaps", "true"); // other tests of this class leave the seed's overlap behind
        long execution = appliance.batch.start("compile-snapshot", p);
        appliance.batch.await(execution);
        CompileOutcome compiled = (CompileOutcome) appliance.batch.stepData(execution, "compile");
        assertTrue(compiled.published());

        PolicySnapshot s = PolicySnapshot.open(out);
        Map<String, Step> expected = Map.ofEntries(
                Map.entry("192.0.2.9 - standard", Step.APPROVED_IP),
                Map.entry("198.51.100.7 - standard", Step.BLOCKED_IP),
                Map.entry("198.51.100.7 - dynamic", Step.NONE),
                Map.entry("203.0.113.1 NZ standard", Step.APPROVED_COUNTRY),
                Map.entry("203.0.113.1 NZ dynamic", Step.APPROVED_COUNTRY),
                Map.entry("203.0.113.1 KP standard", Step.BLOCKED_COUNTRY),
                Map.entry("203.0.113.1 KP dynamic", Step.NONE),
                Map.entry("203.0.113.1 US standard", Step.NONE),
                Map.entry("2001:db8:a::99 - standard", Step.APPROVED_IP),
                Map.entry("2001:db8:a:0:0:0:0:99 - dynamic", Step.APPROVED_IP),
                Map.entry("2001:db8:b::1 - standard", Step.BLOCKED_IP),
                Map.entry("2001:db8:b::1 - dynamic", Step.NONE),
                Map.entry("2001:db8:b::1 NZ dynamic", Step.APPROVED_COUNTRY),
                Map.entry("::ffff:198.51.100.7 - standard", Step.BLOCKED_IP));
        Map<String, Step> actual = expected.keySet().stream().collect(Collectors.toMap(k -> k, k -> {
            String[] q = k.split(" ");
            Verdict v = s.lookup(q[0], q[1].equals("-") ? null : q[1], q[2].equals("standard") ? Mode.STANDARD
                    : Mode.DYNAMIC);
            return v.step();
        }));
        assertEquals(expected, actual);
        assertEquals("steps.csv", s.lookup("198.51.100.7", null, Mode.STANDARD).matched().source());
        assertEquals(3, s.lookup("198.51.100.7", null, Mode.STANDARD).matched().line());
    }
}
