package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatelist.CliProcess;
import io.gatelist.report.TerminalText;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the commands print for people holds no character a terminal would act on, whatever the files held: a
 * feed's reasons in {@code lookup} (text escaped; JSON still valid JSON, meaning the same), a file's name in
 * {@code import} and {@code imports}; and rejected-rows.csv neutralises formula cells of its header too.
 */
class OutputEscapingTest {

    /** A reason with an escape sequence, a NUL, a right-to-left override and a DEL, as a JSON feed can carry. */
    private static final String REASON = "SBL1\u001b[2J\u0000\u202eX\u007f";

    @TempDir
    Path dir;

    private CliProcess.Result gatelist(String... args) throws Exception {
        return CliProcess.run(dir, null, args);
    }

    /**
     * True when {@code text} holds a character a terminal would act on, other than the line ends between lines and
     * the tabs between lookup's columns (a value's own tab is escaped).
     */
    private static boolean raw(String text) {
        return text.lines().anyMatch(l -> l.chars().anyMatch(c -> c != '\t' && TerminalText.unsafe((char) c)));
    }

    @Test
    void lookupPrintsAFeedsReasonEscapedInTextAndAsValidJson() throws Exception {
        String home = dir.resolve("home").toString();
        Path feed = Files.writeString(dir.resolve("drop.json"), "{\"cidr\":\"198.51.100.0/24\",\"sblid\":\"SBL1"
                + "\\u001b[2J\\u0000\\u202eX\\u007f\"}\n");
        CliProcess.Result imported = gatelist("--home", home, "import", "--kind", "feed", "--feed", "drop",
                "--database", "standard", feed.toString());
        assertEquals(0, imported.exit(), imported.err() + imported.out());
        Path snapshot = dir.resolve("lists.bin");
        CliProcess.Result compiled = gatelist("--home", home, "compile", "--out", snapshot.toString());
        assertEquals(0, compiled.exit(), compiled.err());

        CliProcess.Result text = gatelist("lookup", "--snapshot", snapshot.toString(), "198.51.100.7",
                "203.0.113.9\u001b[2J");
        assertEquals(1, text.exit(), "the second address is invalid");
        assertFalse(raw(text.out()), text.out());
        String[] lines = text.out().split("\n");
        assertEquals(2, lines.length, text.out());
        assertTrue(lines[0].contains(TerminalText.escape(REASON)), lines[0]);
        assertTrue(lines[1].startsWith("203.0.113.9\\x1b[2J\tERROR\t"), lines[1]);

        CliProcess.Result json = gatelist("lookup", "--json", "--snapshot", snapshot.toString(), "198.51.100.7",
                "203.0.113.9\u001b[2J");
        assertFalse(raw(json.out()), json.out());
        ObjectMapper mapper = new ObjectMapper();
        List<String> objects = json.out().lines().toList();
        assertEquals(2, objects.size(), json.out());
        JsonNode listed = mapper.readTree(objects.get(0));
        assertTrue(listed.get("matched").get("source").asText().endsWith(REASON), "the same text, escaped: "
                + objects.get(0));
        assertTrue(objects.get(0).contains("\\u202e"), objects.get(0));
        assertEquals("203.0.113.9\u001b[2J", mapper.readTree(objects.get(1)).get("ip").asText());
    }

    @Test
    void importAndImportsPrintAFilesNameEscapedAndRejectedRowsNeutraliseTheHeader() throws Exception {
        String home = dir.resolve("home").toString();
        Path file = Files.writeString(dir.resolve("partner\u001b[2J\u202e.csv"), "list,kind,value,=HYPERLINK(\"http"
                + "://x.example\"),@SUM(1)\nblocked,ip,192.0.2.1,a,b\nblocked,ip,999.0.2.1,c,d\n");
        CliProcess.Result imported = gatelist("--home", home, "import", file.toString());
        assertFalse(raw(imported.out()), imported.out());
        assertTrue(imported.out().contains("partner\\x1b[2J\\u202e.csv"), imported.out());

        CliProcess.Result imports = gatelist("--home", home, "imports");
        assertEquals(0, imports.exit(), imports.err());
        assertFalse(raw(imports.out()), imports.out());
        assertTrue(imports.out().contains("partner\\x1b[2J\\u202e.csv"), imports.out());

        Path rejected = dir.resolve("home").resolve("reports").resolve("1").resolve("rejected-rows.csv");
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(Files.readString(rejected))).getRecords();
        List<String> header = records.get(0).toList();
        assertEquals("'=hyperlink(\"http://x.example\")", header.get(3), header.toString());
        assertEquals("'@sum(1)", header.get(4), header.toString());
        assertEquals(List.of("blocked", "ip", "999.0.2.1", "c", "d", "3"), records.get(1).toList().subList(0, 6));
    }
}
