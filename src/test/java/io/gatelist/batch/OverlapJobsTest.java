package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.lookup.PolicySnapshot;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlap analysis where it runs for real: as the import job's step over the whole list state, as the
 * analyse-overlaps job, behind the compile refusal, and through the command line. JBeret under Weld SE, the
 * JDBC job repository and the lists in an H2 file, in a temporary home.
 */
class OverlapJobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** approved.csv: the seed's /30 (line 3) and a /16 (line 4). */
    private Path approvedFile() throws Exception {
        return TestAppliance.csv(dir, "approved.csv", "list,kind,value,comment",
                "# the seed's example, approved side", "approved,ip,172.31.15.164/30,seed",
                "approved,ip,23.0.0.0/16,a wide approved range");
    }

    /** blocked.csv: the seed's /31 (line 2), then 1,000 addresses inside 23.0.0.0/16 (lines 3..1002). */
    private Path blockedFile() throws Exception {
        List<String> lines = new ArrayList<>(List.of("list,kind,value,comment", "blocked,ip,172.31.15.164/31,seed"));
        for (int i = 0; i < 1_000; i++) {
            lines.add("blocked,ip,23.0." + (i / 200) + "." + (i % 200 + 1) + ",inside the approved /16");
        }
        return TestAppliance.csv(dir, "blocked.csv", lines.toArray(String[]::new));
    }

    private static String stepExitStatus(TestAppliance appliance, long execution, String step) {
        for (StepExecution s : appliance.batch.operator().getStepExecutions(execution)) {
            if (s.getStepName().equals(step)) {
                return s.getExitStatus();
            }
        }
        throw new AssertionError("no step " + step);
    }

    @Test
    void importAnalysesTheWholeListStateAndReportsAWideRangeOnceWithItsCount() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            ImportService.Outcome first = appliance.importFile(approvedFile());
            assertTrue(first.completed());
            assertEquals("COMPLETED", stepExitStatus(appliance, first.executionId(), "analyse-overlaps"));
            JsonNode none = JSON.readTree(first.report().resolveSibling("report.json").toFile()).get("overlaps");
            assertEquals(0, none.get("totals").size(), none.toString());

            // The new file conflicts with entries imported before it: the analysis covers the whole list state.
            ImportService.Outcome second = appliance.importFile(blockedFile());
            assertTrue(second.completed(), "overlaps never fail an import");
            assertEquals("OVERLAP_ERRORS", stepExitStatus(appliance, second.executionId(), "analyse-overlaps"));
            JsonNode overlaps = JSON.readTree(second.report().resolveSibling("report.json").toFile()).get("overlaps");
            assertEquals(1_001, overlaps.get("totals").get("blocked-inside-approved").asLong());
            assertEquals(2, overlaps.get("widerEntries").get("blocked-inside-approved").asLong());
            assertFalse(overlaps.get("complete").asBoolean(), "examples are capped");

            JsonNode seed = group(overlaps, "172.31.15.164/30");
            assertEquals("approved.csv", seed.get("a").get("source").asText());
            assertEquals(3, seed.get("a").get("line").asInt());
            assertEquals(1, seed.get("count").asInt());
            JsonNode b = seed.get("examples").get(0).get("b");
            assertEquals("blocked 172.31.15.164/31 blocked.csv:2", b.get("list").asText() + " " + b.get("value")
                    .asText() + " " + b.get("source").asText() + ":" + b.get("line").asInt());
            assertTrue(seed.get("fix").asText().contains("narrow the approved range 172.31.15.164/30"));

            JsonNode wide = group(overlaps, "23.0.0.0/16");
            assertEquals(1_000, wide.get("count").asInt());
            assertEquals(AnalyseOverlapsBatchlet.EXAMPLES_PER_GROUP, wide.get("examples").size());

            String html = Files.readString(second.report());
            String section = html.substring(html.indexOf("Overlaps in the lists after this import"));
            assertEquals(1, count(section, "contains 1,000 blocked entries"), "one block for the wide range");
            assertTrue(section.contains("990 more"), "says how many are not shown");
            assertTrue(count(section, "<li>") < 20, "bounded: " + count(section, "<li>") + " items");
        }
    }

    @Test
    void analyseOverlapsJobWritesEveryFindingExactlyAsTheCommandPrintsThem() throws Exception {
        Path home = dir.resolve("home");
        Path out = dir.resolve("analysis");
        List<String> jobLines;
        try (TestAppliance appliance = TestAppliance.open(home)) {
            appliance.importFile(approvedFile());
            appliance.importFile(blockedFile());
            Properties parameters = new Properties();
            parameters.setProperty("out", out.toString());
            long execution = appliance.batch.start("analyse-overlaps", parameters);
            JobExecution ended = appliance.batch.await(execution);
            assertEquals(BatchStatus.COMPLETED, ended.getBatchStatus());
            assertEquals("OVERLAP_ERRORS", ended.getExitStatus());
            OverlapAnalysisOutcome outcome = (OverlapAnalysisOutcome) appliance.batch.stepData(execution, "analyse");
            assertEquals(1_003, outcome.entries());
            assertEquals(1_001, outcome.errors());
            jobLines = Files.readAllLines(out.resolve(AnalyseLiveOverlapsBatchlet.JSON_LINES));
            assertTrue(Files.readString(out.resolve(AnalyseLiveOverlapsBatchlet.HTML))
                    .contains("contains 1,000 blocked entries"));
        }
        assertEquals(1_001, jobLines.size(), "every finding, uncapped");
        for (String line : jobLines) {
            JsonNode o = JSON.readTree(line);
            assertEquals("blocked-inside-approved", o.get("code").asText());
            assertEquals("error", o.get("severity").asText());
            for (String side : new String[] {"a", "b"}) {
                for (String field : new String[] {"list", "value", "source", "line"}) {
                    assertNotNull(o.get(side).get(field), field + " of " + side + " in " + line);
                }
            }
        }

        CliProcess.Result json = CliProcess.run(dir, null, "--home", home.toString(), "overlaps", "--json");
        assertEquals(1, json.exit(), "error-level overlaps exist: " + json.err());
        assertEquals(jobLines, json.out().lines().toList());

        CliProcess.Result text = CliProcess.run(dir, null, "--home", home.toString(), "overlaps", "--limit", "1",
                "--examples", "2");
        assertEquals(1, text.exit(), text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.contains("  approved 23.0.0.0/16 (approved.csv:4) contains 1,000 blocked entries:"),
                text.out());
        assertTrue(lines.contains("      and 998 more"), text.out());
        assertTrue(lines.size() < 15, text.out());
    }

    @Test
    void compileRefusesWhileErrorsExistAndTheHeaderRecordsAForcedPublish() throws Exception {
        try (TestAppliance appliance = TestAppliance.open(dir.resolve("home"))) {
            appliance.importFile(approvedFile());
            appliance.importFile(blockedFile());
            Path snapshot = dir.resolve("out").resolve("lists.bin");

            CompileOutcome refused = compile(appliance, snapshot, false);
            assertFalse(refused.published());
            assertEquals(1_001, refused.errorOverlaps());
            assertFalse(Files.exists(snapshot), "nothing is published");
            assertTrue(refused.examples().contains("  approved 23.0.0.0/16 (approved.csv:4) contains 1,000 blocked "
                    + "entries:"), String.join("\n", refused.examples()));
            assertTrue(refused.examples().size() < 40, "bounded: " + refused.examples().size() + " lines");

            CompileOutcome forced = compile(appliance, snapshot, true);
            assertTrue(forced.published() && forced.forced());
            assertTrue(PolicySnapshot.open(snapshot).info().overlapsForced());

            // A new version of blocked.csv without the conflicts leaves a carve-out (information) and a redundant
            // entry (a warning): neither stops a compile, and the header says it was not forced.
            TestAppliance.csv(dir, "blocked.csv", "list,kind,value,comment", "blocked,ip,23.0.0.0/8,wide block",
                    "blocked,ip,24.1.0.0/16,redundant", "blocked,ip,24.0.0.0/8,covers it");
            TestAppliance.csv(dir, "approved.csv", "list,kind,value,comment", "approved,ip,23.0.0.0/16,carve-out");
            appliance.importFile(dir.resolve("blocked.csv"));
            appliance.importFile(dir.resolve("approved.csv"));
            CompileOutcome clean = compile(appliance, snapshot, false);
            assertTrue(clean.published(), String.join("\n", clean.examples()));
            assertEquals(0, clean.errorOverlaps());
            assertFalse(PolicySnapshot.open(snapshot).info().overlapsForced());
        }
    }

    private static CompileOutcome compile(TestAppliance appliance, Path out, boolean accept) throws Exception {
        Properties parameters = new Properties();
        parameters.setProperty(JobParameters.OUT, out.toString());
        parameters.setProperty(JobParameters.ACCEPT_OVERLAPS, Boolean.toString(accept));
        // the lists go from a thousand conflicts to a handful of entries on purpose (ShrinkingPublishTest and
        // LostDatabaseTest are about refusing that)
        parameters.setProperty(JobParameters.ALLOW_SHRINK, "true");
        long execution = appliance.batch.start("compile-snapshot", parameters);
        assertEquals(BatchStatus.COMPLETED, appliance.batch.await(execution).getBatchStatus());
        assertEquals(accept ? "PUBLISHED" : null, accept ? stepExitStatus(appliance, execution, "compile") : null);
        return (CompileOutcome) appliance.batch.stepData(execution, "compile");
    }

    private static JsonNode group(JsonNode overlaps, String wider) {
        for (JsonNode g : overlaps.get("groups")) {
            if (g.get("a").get("value").asText().equals(wider)) {
                return g;
            }
        }
        throw new AssertionError("no group for " + wider + " in " + overlaps);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
