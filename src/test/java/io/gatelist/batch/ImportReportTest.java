package io.gatelist.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.TestAppliance;
import io.gatelist.input.FileDigest;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of real imports (JBeret, H2 file database): report.json's fields, duplicates reported with the line
 * of the first, a file that fails as a whole, hostile names and values, and the index of imports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private List<FindingStore.StoredFinding> findings(long importId) {
        List<FindingStore.StoredFinding> found = new ArrayList<>();
        new FindingStore(appliance.database).forEachFinding(importId, found::add);
        return found;
    }

    @Test
    void duplicateRowsAreStoredOnceAndReportedWithTheLineOfTheFirst() throws Exception {
        Path file = TestAppliance.csv(dir, "dups.csv", "list,kind,value,comment",
                "approved,ip,8.8.8.8,first",
                "approved,ip,2001:db7::1,first",
                "blocked,ip,8.8.8.8,another list: not a duplicate",
                "approved,ip,8.8.8.8/32,the same address written otherwise",
                "approved,ip,2001:0DB7:0:0:0:0:0:1,the same address written otherwise",
                "approved,country,nz,",
                "approved,country,New Zealand,");
        ImportService.Outcome outcome = appliance.importFile(file); // chunks of 3: duplicates across chunks

        List<String> live = new ArrayList<>();
        new EntryStore(appliance.database).forEachLiveEntry(e -> {
            if (e.source().equals("dups.csv")) {
                live.add(e.list().id() + " " + e.value() + " line " + e.line());
            }
        });
        assertEquals(List.of("approved 8.8.8.8 line 2", "approved 2001:db7::1 line 3", "blocked 8.8.8.8 line 4",
                "approved NZ line 7"), live);
        List<String> duplicates = findings(outcome.run().id()).stream()
                .filter(f -> f.code().equals("duplicate-row"))
                .map(f -> f.line() + ":" + f.severity().toLowerCase() + ":" + f.message()).toList();
        assertEquals(3, duplicates.size(), duplicates.toString());
        assertTrue(duplicates.get(0).startsWith("5:warning:") && duplicates.get(0).contains("line 2"), duplicates.get(0));
        assertTrue(duplicates.get(1).startsWith("6:warning:") && duplicates.get(1).contains("line 3"), duplicates.get(1));
        assertTrue(duplicates.get(2).startsWith("8:warning:") && duplicates.get(2).contains("line 7"), duplicates.get(2));
        assertEquals(3, outcome.run().counts().read() - outcome.run().counts().accepted()
                - outcome.run().counts().rejected(), "duplicates are neither accepted twice nor rejected");
    }

    @Test
    void reportJsonHoldsTheFileFactsTheSummaryAndEveryFindingInPlace() throws Exception {
        byte[] bytes = ("\uFEFFlist,kind,value,comment\r\napproved,ip,8.8.8.8,\r\nblocked,ip,010.1.1.1,octal?\r\n"
                + "blocked,ip,10.1.2.3,private\r\nblocked,country,United Kingdom,\r\n").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("facts.csv"), bytes);
        ImportService.Outcome outcome = appliance.importFile(file);
        JsonNode report = JSON.readTree(outcome.report().resolveSibling("report.json").toFile());

        assertFalse(report.get("valid").asBoolean(), "an error-level finding makes the file invalid");
        assertEquals(outcome.executionId(), report.get("jobExecutionId").asLong());
        JsonNode facts = report.get("file");
        assertEquals(FileDigest.sum(file).sha256(), facts.get("sha256").asText());
        assertEquals(bytes.length, facts.get("bytes").asLong());
        assertEquals("UTF-8", facts.get("encoding").asText());
        assertTrue(facts.get("bom").asBoolean());
        assertEquals("CRLF", facts.get("lineEndings").asText());
        JsonNode summary = report.get("summary");
        assertEquals(4, summary.get("rowsRead").asInt());
        assertEquals(1, summary.get("rejected").asInt());
        assertEquals(1, summary.get("errors").asInt());
        assertEquals(1, summary.get("warnings").asInt());
        assertEquals(2, summary.get("infos").asInt(), "the BOM and the mapped country name");
        assertEquals("error", summary.get("byCode").get("ipv4-leading-zero").get("severity").asText());
        assertEquals(1, summary.get("byCode").get("ipv4-leading-zero").get("count").asInt());
        assertEquals("warning", summary.get("byCode").get("special-purpose-address").get("severity").asText());
        assertEquals("info", summary.get("byCode").get("file-bom").get("severity").asText());
        assertEquals("info", summary.get("byCode").get("country-name-mapped").get("severity").asText());

        String html = Files.readString(outcome.report());
        int error = html.indexOf("<code>ipv4-leading-zero</code>");
        int warning = html.indexOf("<code>special-purpose-address</code>");
        int info = html.indexOf("<code>file-bom</code>");
        assertTrue(html.indexOf("Rows read") < error && error < warning && warning < info,
                "summary first, then findings grouped by code: errors, warnings, infos");

        assertFalse(report.has("findings"), "every finding is in findings.jsonl; report.json holds examples");
        assertEquals("findings.jsonl", report.get("findingsFile").asText());
        List<JsonNode> every = jsonLines(outcome.report().resolveSibling("findings.jsonl"));
        assertEquals(summary.get("errors").asInt() + summary.get("warnings").asInt() + summary.get("infos").asInt(),
                every.size(), "one line a finding");
        JsonNode leadingZero = null;
        for (JsonNode f : every) {
            if (f.get("code").asText().equals("ipv4-leading-zero")) {
                leadingZero = f;
            }
        }
        assertNotNull(leadingZero);
        assertEquals(leadingZero, summary.get("byCode").get("ipv4-leading-zero").get("examples").get(0),
                "the example in report.json is the finding of findings.jsonl");
        assertEquals(3, leadingZero.get("line").asInt());
        assertEquals(3, leadingZero.get("column").asInt());
        assertEquals("value", leadingZero.get("columnName").asText());
        assertEquals("010.1.1.1", leadingZero.get("value").asText());
        assertEquals("error", leadingZero.get("severity").asText());
        assertTrue(leadingZero.get("message").asText().contains("write 10.1.1.1"));
    }

    /**
     * Reports quote the rows of imported files (contacts' addresses among them): each is readable by the appliance's
     * user only, whatever the umask, and replaced whole, leaving no temporary file beside it.
     */
    @Test
    void everyReportFileIsTheAppliancesOwnAndNoTemporaryFileIsLeft() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "not a POSIX file system");
        Path file = TestAppliance.csv(dir, "private.csv", "list,kind,value,comment", "approved,ip,8.8.8.8,",
                "blocked,ip,not-an-address,");
        Path folder = appliance.importFile(file).report().getParent();
        List<String> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            for (Path f : listing.sorted().toList()) {
                files.add(f.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }
        assertEquals(List.of("findings.jsonl rw-------", "rejected-rows.csv rw-------", "report.html rw-------",
                "report.json rw-------"), files);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                appliance.home.reportsDir().resolve("index.html"))));
    }

    @Test
    void aBinaryFileFailsAsAWholeAndStillGetsEveryReport() throws Exception {
        Path file = Files.write(dir.resolve("binary.csv"), new byte[] {'l', 'i', 's', 't', ',', 0, 0, 1, 2, '\n'});
        ImportService.Outcome outcome = appliance.importFile(file);

        assertEquals(ImportState.REJECTED, outcome.run().state());
        assertTrue(outcome.run().message().contains("held for review"), outcome.run().message());
        Path folder = outcome.report().getParent();
        assertTrue(Files.readString(outcome.report()).contains("file-binary"));
        JsonNode report = JSON.readTree(folder.resolve("report.json").toFile());
        assertFalse(report.get("valid").asBoolean());
        JsonNode first = jsonLines(folder.resolve("findings.jsonl")).get(0);
        assertEquals("file", first.get("scope").asText());
        assertEquals("file-binary", first.get("code").asText());
        assertTrue(first.get("message").asText().contains("NUL byte"));
        assertEquals(first, report.get("summary").get("byCode").get("file-binary").get("examples").get(0));
        assertTrue(Files.exists(folder.resolve("rejected-rows.csv")));
    }

    @Test
    void hostileNamesAndValuesStayTextAndSpreadsheetFormulasAreNeutralised() throws Exception {
        Path file = TestAppliance.csv(dir, "<img src=x onerror=alert(1)>.csv", "list,kind,value,comment",
                "approved,ip,8.8.8.8,<script>alert(2)</script>",
                "blocked,ip,<script>alert(3)</script>,<script>alert(4)</script>",
                "blocked,ip,+1.2.3.4,-2+3",
                "blocked,ip,\"=cmd|' /C calc'!A0\",@SUM(1+1)");
        ImportService.Outcome outcome = appliance.imports().importFile(file,
                new ImportService.Options("<script>alert(5)</script>", 3, -1));
        Path folder = outcome.report().getParent();

        String html = Files.readString(outcome.report());
        String index = Files.readString(appliance.home.reportsDir().resolve("index.html"));
        for (String page : List.of(html, index)) {
            assertFalse(page.contains("<script"), "no markup from a file, its name or its source reaches a page");
            assertFalse(page.contains("<img"), "no markup from a file, its name or its source reaches a page");
        }
        assertTrue(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"), "the value is shown as text");
        assertTrue(index.contains("&lt;script&gt;alert(5)&lt;/script&gt;"), "the source is shown as text");
        assertTrue(index.contains("&lt;img src=x onerror=alert(1)&gt;.csv"), "the file name is shown as text");

        String csv = Files.readString(folder.resolve("rejected-rows.csv"));
        assertTrue(csv.startsWith("list,kind,value,comment,_line,_reason"), csv);
        assertTrue(csv.contains("'+1.2.3.4,'-2+3,4,"), csv);
        assertTrue(csv.contains("'=cmd|' /C calc'!A0,'@SUM(1+1),5,"), csv);
        for (String line : csv.lines().toList()) {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertFalse(!bare.isEmpty() && "=+-@".indexOf(bare.charAt(0)) >= 0, "unneutralised cell " + cell);
            }
        }
    }

    @Test
    void theIndexListsEveryImportNewestFirst() throws Exception {
        long first = appliance.importFile(TestAppliance.csv(dir, "older.csv", "list,kind,value",
                "approved,ip,9.9.9.9")).run().id();
        long second = appliance.importFile(TestAppliance.csv(dir, "newer.csv", "list,kind,value",
                "approved,ip,9.9.9.10")).run().id();

        String index = Files.readString(appliance.home.reportsDir().resolve("index.html"));
        int newer = index.indexOf("href=\"" + second + "/report.html\"");
        int older = index.indexOf("href=\"" + first + "/report.html\"");
        assertTrue(newer >= 0 && older >= 0, index);
        assertTrue(newer < older, "newest first");
        assertTrue(Files.exists(appliance.home.reportsDir().resolve(first + "/report.html")));
    }
}
