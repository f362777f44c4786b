package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.Interop;
import io.gatelist.answer.PublicText;
import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.IpPrefix;
import io.gatelist.validation.IpRules;
import io.gatelist.validation.ValidationProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postfix's own {@code postmap -q} over the exported cidr table gives Gatelist's standard verdict, with the public
 * text and never an internal source.
 */
class PostfixExportTest {

    @TempDir
    Path dir;

    /** What Postfix must answer for an address: OK, REJECT with the default text, or nothing. */
    static String expected(Verdict v) {
        return v.decision() == Decision.APPROVED ? "OK"
                : v.decision() == Decision.BLOCKED ? "REJECT " + PublicText.defaults().render(v.step(), null) : null;
    }

    @Test
    void postmapAgreesWithGatelistOnARandomSample() throws Exception {
        Path postmap = Interop.require("postmap", "postfix");
        RandomLists lists = new RandomLists(25, 400);
        Path table = ExportFiles.export(dir, lists, "postfix-cidr", dir.resolve("gatelist.cidr"));
        String written = Files.readString(table);
        for (String internal : new String[] {".csv", " line ", "$"}) {
            assertTrue(!written.contains(internal), "the table names no source: " + internal);
        }
        List<String> sample = lists.sample(2500);
        Map<String, String> found = postmap(postmap, table, sample);
        int approved = 0;
        int blocked = 0;
        for (String ip : sample) {
            Verdict v = lists.snapshot.lookup(ip, null, Mode.STANDARD);
            assertEquals(expected(v), found.get(ip), ip + " " + v);
            approved += v.decision() == Decision.APPROVED ? 1 : 0;
            blocked += v.decision() == Decision.BLOCKED ? 1 : 0;
        }
        assertTrue(approved > 100 && blocked > 100, "the sample reaches both: " + approved + " / " + blocked);
    }

    @Test
    void aTemplateOfItsOwnNamesTheTableLinesBlockForDollar() throws Exception {
        Path postmap = Interop.require("postmap", "postfix");
        RandomLists lists = new RandomLists(27, 200);
        Path table = ExportFiles.export(dir, lists, "postfix-cidr", dir.resolve("custom.cidr"), "--public-text",
                "${decision} (${step}): $ is listed, see ${url}", "--public-url", "https://bl.example.org/?q=$");
        List<String> sample = lists.sample(1500);
        Map<String, String> found = postmap(postmap, table, sample);
        int blocked = 0;
        for (String ip : sample) {
            Verdict v = lists.snapshot.lookup(ip, null, Mode.STANDARD);
            if (v.decision() != Decision.BLOCKED) {
                continue;
            }
            blocked++;
            Matcher m = Pattern.compile("REJECT Blocked \\(" + v.step().id()
                    + "\\): (\\S+) is listed, see https://bl\\.example\\.org/\\?q=(\\S+)").matcher(found.get(ip));
            assertTrue(m.matches(), ip + ": " + found.get(ip));
            assertEquals(m.group(1), m.group(2));
            IpPrefix block = IpRules.check("value", m.group(1), ValidationProfile.BLOCKED).prefix();
            IpPrefix address = IpRules.check("value", ip, ValidationProfile.BLOCKED).prefix();
            assertTrue(block.contains(address), ip + " lies in the block its line names: " + m.group(1));
        }
        assertTrue(blocked > 100, "blocked: " + blocked);
    }

    @Test
    void theHomesSettingsGiveTheTextAndABadOneIsOneClearLine() throws Exception {
        RandomLists lists = new RandomLists(28, 100);
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("gatelist.properties"), "public-text.template=Refused (${step}), see ${url}\n"
                + "public-text.url=https://bl.example.org/\n");
        Path table = ExportFiles.export(dir, lists, "postfix-cidr", dir.resolve("home.cidr"), "--home",
                home.toString());
        assertTrue(Files.readString(table).contains("\tREJECT Refused (blocked-ip), see https://bl.example.org/\n"));

        // A command given --snapshot needs no home, and never creates one.
        Path none = dir.resolve("no-home");
        ExportFiles.export(dir, lists, "postfix-cidr", dir.resolve("default.cidr"), "--home", none.toString());
        assertTrue(Files.readString(dir.resolve("default.cidr")).contains("\tREJECT Blocked by policy (blocked-ip)\n"));
        assertTrue(!Files.exists(none));

        Files.writeString(home.resolve("gatelist.properties"), "public-text.template=Refused by ${who}\n");
        CliProcess.Result bad = CliProcess.run(dir, null, "export", "--snapshot", dir.resolve("snapshot.bin")
                .toString(), "--home", home.toString(), "--format", "postfix-cidr", "--out", table.toString());
        assertEquals(1, bad.exit(), bad.err());
        assertTrue(bad.err().contains("(public-text.template): the template holds ${who}"), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
        CliProcess.Result option = CliProcess.run(dir, null, "export", "--snapshot", dir.resolve("snapshot.bin")
                .toString(), "--format", "postfix-cidr", "--out", table.toString(), "--public-url", "not a url");
        assertEquals(2, option.exit(), option.err());
        assertTrue(option.err().contains("--public-url: the URL \"not a url\""), option.err());
        // The help names the placeholders as they are written (picocli would read ${...} as its own variables).
        String help = CliProcess.run(dir, null, "export", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("$$ a dollar sign, ${step} the step, ${decision} Blocked or Approved, ${url} the "
                + "--public-url") && help.contains("\"${decision} by policy (${step})\""), help);
    }

    /** What {@code postmap -q} finds in the table for each address. */
    private Map<String, String> postmap(Path postmap, Path table, List<String> sample) throws Exception {
        // postmap reads main.cf before it opens a table, and Postfix installed with "No configuration" (as
        // .ci/run installs it) has none: an empty one of our own holds nothing a cidr lookup needs.
        Path config = Files.createDirectories(dir.resolve("postfix"));
        Files.writeString(config.resolve("main.cf"), "");
        Process p = new ProcessBuilder(postmap.toString(), "-c", config.toString(), "-q", "-", "cidr:" + table)
                .redirectErrorStream(true).start();
        p.getOutputStream().write((String.join("\n", sample) + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        Map<String, String> found = new HashMap<>();
        for (String line : out.lines().toList()) {
            int tab = line.indexOf('\t');
            assertTrue(tab > 0, "postmap said: " + line);
            found.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return found;
    }

    @Test
    void theTableReadsInTheSeedsOrderAndWasWrittenWhole() throws Exception {
        RandomLists lists = new RandomLists(26, 200);
        Path table = dir.resolve("gatelist.cidr");
        Files.writeString(table, "an older table\n");
        ExportFiles.export(dir, lists, "postfix-cidr", table);
        List<String> lines = Files.readAllLines(table);
        int approvedHeading = lines.indexOf("# approved-ip");
        int blockedHeading = lines.indexOf("# blocked-ip");
        assertTrue(approvedHeading > 0 && blockedHeading > approvedHeading, "approved entries first");
        int previous = 129;
        for (String line : lines.subList(approvedHeading + 1, blockedHeading)) {
            int length = Integer.parseInt(line.substring(line.indexOf('/') + 1, line.indexOf('\t')));
            assertTrue(length <= previous, "most specific first: " + line);
            previous = length;
            assertTrue(line.endsWith("\tOK"), line);
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temp file");
        }
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(table)), "readable by the daemons that load it");
    }
}
