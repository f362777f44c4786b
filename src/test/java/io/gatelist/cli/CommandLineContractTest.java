package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract that acceptance checks rely on, exercised through real processes. */
class CommandLineContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void importCompileAndLookupFromTheCommandLine() throws Exception {
        String home = dir.resolve("home").toString();
        Path samples = TestAppliance.samples();

        CliProcess.Result imported = CliProcess.run(dir, null, "--home", home, "import",
                samples.resolve("approved.csv").toString(), samples.resolve("blocked.csv").toString(),
                samples.resolve("with-errors.csv").toString());
        assertEquals(4, imported.exit(), "a file with rejected rows is held, the others applied: " + imported.err());
        assertTrue(imported.out().contains("rows read 9, accepted 2, rejected 7; nothing applied"), imported.out());
        assertTrue(imported.err().contains("line 5, column value (3): cidr-host-bits"), imported.err());
        assertTrue(imported.out().contains("report: "), imported.out());

        CliProcess.Result latest = CliProcess.run(dir, null, "--home", home, "report");
        assertEquals(0, latest.exit(), latest.err());
        assertTrue(latest.out().contains("with-errors.csv"), "the latest import: " + latest.out());
        assertTrue(latest.out().contains("ipv4-leading-zero ×1"), latest.out());
        assertTrue(latest.out().contains("report.html") && latest.out().contains("index.html"), latest.out());
        String firstId = imported.out().lines().filter(l -> l.startsWith("import ")).findFirst().orElseThrow()
                .split("\\s+")[1];
        CliProcess.Result byId = CliProcess.run(dir, null, "--home", home, "report", firstId);
        assertTrue(byId.out().contains("approved.csv") && byId.out().contains("report.html"), byId.out());

        CliProcess.Result missing = CliProcess.run(dir, null, "--home", home, "import", "no-such-file.csv");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("no-such-file.csv"), missing.err());

        Path snapshot = dir.resolve("out").resolve("lists.bin");
        CliProcess.Result refused = CliProcess.run(dir, null, "--home", home, "compile", "--out", snapshot.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("blocked-inside-approved"), refused.err());
        CliProcess.Result forced = CliProcess.run(dir, null, "--home", home, "compile", "--out", snapshot.toString(),
                "--accept-overlaps");
        assertEquals(0, forced.exit(), forced.err());

        CliProcess.Result lookup = CliProcess.run(Path.of("/"), "2001:db7:dead::1\n# a comment\n\n010.1.1.1\n",
                "lookup", "--snapshot", snapshot.toString(), "--json", "203.0.113.7", "not-an-ip", "-",
                "::ffff:123.123.123.123");
        assertEquals(1, lookup.exit(), "an invalid address is reported, and noted in the exit code");
        List<JsonNode> lines = lookup.out().lines().map(CommandLineContractTest::parse).toList();
        assertEquals(5, lines.size(), lookup.out());
        assertEquals("BLOCKED", lines.get(0).get("verdict").asText());
        assertEquals("blocked-ip", lines.get(0).get("step").asText());
        assertEquals("203.0.113.7", lines.get(0).get("matched").get("value").asText());
        assertEquals("blocked.csv", lines.get(0).get("matched").get("source").asText());
        assertTrue(lines.get(1).get("error").asText().contains("not-an-ip"));
        assertEquals("blocked-ip", lines.get(2).get("step").asText(), "standard input, IPv6");
        assertTrue(lines.get(3).has("error"), "leading zeros are refused");
        assertEquals("APPROVED", lines.get(4).get("verdict").asText(), "IPv4-mapped evaluates as IPv4");

        CliProcess.Result dynamic = CliProcess.run(dir, null, "lookup", "--snapshot", snapshot.toString(), "--mode",
                "dynamic", "--country", "nz", "--json", "203.0.113.7");
        JsonNode d = parse(dynamic.out().strip());
        assertEquals("approved-country", d.get("step").asText(), "dynamic mode skips blocked-ip");

        CliProcess.Result info = CliProcess.run(dir, null, "snapshot", "info", snapshot.toString());
        assertEquals(0, info.exit());
        assertTrue(info.out().contains("overlaps forced yes"), info.out());
        assertTrue(info.out().contains("verified"), info.out());

        CliProcess.Result overlaps = CliProcess.run(dir, null, "--home", home, "overlaps", "--json");
        assertEquals(1, overlaps.exit(), "error-level overlaps exist");
        JsonNode seed = parse(overlaps.out().lines().filter(l -> l.contains("blocked-inside-approved")).findFirst()
                .orElseThrow());
        assertEquals("172.31.15.164/30", seed.get("a").get("value").asText());
        assertEquals("172.31.15.164/31", seed.get("b").get("value").asText());
        assertEquals("approved.csv", seed.get("a").get("source").asText());
        assertEquals("error", seed.get("severity").asText());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
