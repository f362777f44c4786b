package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Interop;
import io.gatelist.dns.ListingText;
import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postfix's own {@code postmap -q} over the exported cidr table gives Gatelist's standard verdict. */
class PostfixExportTest {

    @TempDir
    Path dir;

    /** What Postfix must answer for an address: OK, REJECT with the reason, or nothing. */
    static String expected(Verdict v) {
        return v.decision() == Decision.APPROVED ? "OK"
                : v.decision() == Decision.BLOCKED ? "REJECT " + ListingText.of(v) : null;
    }

    @Test
    void postmapAgreesWithGatelistOnARandomSample() throws Exception {
        Path postmap = Interop.require("postmap", "postfix");
        RandomLists lists = new RandomLists(25, 400);
        Path table = ExportFiles.export(dir, lists, "postfix-cidr", dir.resolve("gatelist.cidr"));
        List<String> sample = lists.sample(2500);

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
