package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.TestAppliance;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.Verdict;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatelist lookup -} as a filter: a million addresses in one pass, and one answer per line when fed slowly. */
class LookupStreamTest {

    @TempDir
    Path dir;

    private Path snapshot() throws Exception {
        Random r = new Random(5);
        SnapshotBuilder b = new SnapshotBuilder(1, Instant.EPOCH);
        for (int i = 0; i < 20_000; i++) {
            int length = 16 + r.nextInt(17);
            b.addIpEntry(i % 7 == 0 ? Step.APPROVED_IP : Step.BLOCKED_IP,
                    IpPrefix.ipv4(r.nextInt() & (-1 << (32 - length)), length), "lists.csv", i + 2);
        }
        b.addCountryEntry(false, "KP", "lists.csv", 1);
        Path file = dir.resolve("s.bin");
        SnapshotPublisher.publish(b.build(), file);
        return file;
    }

    @Test
    void aMillionAddressesStreamThroughInOnePass() throws Exception {
        Path file = snapshot();
        int count = 1_000_000;
        Random r = new Random(9);
        StringBuilder in = new StringBuilder(count * 16);
        String[] ips = new String[count];
        for (int i = 0; i < count; i++) {
            int a = r.nextInt();
            ips[i] = (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
            in.append(ips[i]).append('\n');
        }
        in.append("999.1.1.1\n");

        CliProcess.Result result = CliProcess.run(dir, in.toString(), "lookup", "--snapshot", file.toString(),
                "--country", "KP", "-");

        assertEquals(1, result.exit(), "the one invalid address is noted in the exit code");
        List<String> lines = result.out().lines().toList();
        assertEquals(count + 1, lines.size());
        assertTrue(lines.get(count).startsWith("999.1.1.1\tERROR\t"), lines.get(count));
        // Every 997th answer against the library in this JVM: the same verdict, entry and place.
        PolicySnapshot s = PolicySnapshot.open(file);
        int blockedCountry = 0;
        for (int i = 0; i < count; i += 997) {
            Verdict v = s.lookup(ips[i], "KP", Mode.STANDARD);
            String[] cells = lines.get(i).split("\t");
            assertEquals(ips[i], cells[0]);
            assertEquals(v.decision().name(), cells[1], lines.get(i));
            assertEquals(v.step().id(), cells[2], lines.get(i));
            if (v.matched() != null && v.step() != Step.BLOCKED_COUNTRY) {
                assertEquals(v.matched().list() + " " + v.matched().value() + " (lists.csv:" + v.matched().line()
                        + ")", cells[3]);
            }
            blockedCountry += v.step() == Step.BLOCKED_COUNTRY ? 1 : 0;
        }
        assertTrue(blockedCountry > 0, "some addresses reach the country step");
    }

    @Test
    void eachAnswerComesAsSoonAsItsAddressIsGiven() throws Exception {
        // Output is buffered, but a caller feeding one address at a time must not wait for a full buffer.
        Path file = snapshot();
        Process p = CliProcess.builder(dir, "lookup", "--snapshot", file.toString(), "--json", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = p.getOutputStream();
                BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
            for (String ip : new String[] {"192.0.2.1", "2001:db8::1"}) {
                stdin.write((ip + "\n").getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
                // stdin stays open: the answer can only arrive if the command flushes while it waits for more.
                String answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return stdout.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(2, TimeUnit.MINUTES);
                assertTrue(answer.startsWith("{\"ip\":\"" + ip + "\""), answer);
            }
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void geoDataImportedFromTheCommandLineDecidesLookupsWithoutACountry() throws Exception {
        String home = dir.resolve("home").toString();
        Path samples = TestAppliance.samples();
        CliProcess.Result geo = CliProcess.run(dir, null, "--home", home, "import", "--kind", "geo",
                samples.resolve("delegated-sample.txt").toString());
        assertEquals(0, geo.exit(), geo.err());
        assertTrue(geo.out().contains("records read 8 (asn, available and reserved records are skipped), "
                + "accepted 8, rejected 0; 8 ranges added"), geo.out());
        CliProcess.Result policy = CliProcess.run(dir, null, "--home", home, "import",
                samples.resolve("approved.csv").toString(), samples.resolve("blocked.csv").toString());
        assertEquals(0, policy.exit(), policy.err());
        CliProcess.Result compiled = CliProcess.run(dir, null, "--home", home, "compile", "--accept-overlaps");
        assertEquals(0, compiled.exit(), compiled.err());

        String snapshot = dir.resolve("home").resolve("snapshots").resolve("current.bin").toString();
        CliProcess.Result lookup = CliProcess.run(dir, null, "lookup", "--snapshot", snapshot, "192.0.2.10",
                "175.45.176.1", "8.8.8.8");
        List<String> lines = lookup.out().lines().toList();
        assertEquals("192.0.2.10\tAPPROVED\tapproved-country\tapproved NZ (approved.csv:9)\tcountry NZ", lines.get(0));
        assertTrue(lines.get(1).startsWith("175.45.176.1\tBLOCKED\tblocked-country\tblocked KP"), lines.get(1));
        assertEquals("8.8.8.8\tNONE\tnone\t-\tcountry US", lines.get(2));

        CliProcess.Result badKind = CliProcess.run(dir, null, "--home", home, "import", "--kind", "maxmind",
                samples.resolve("delegated-sample.txt").toString());
        assertEquals(2, badKind.exit());
        assertTrue(badKind.err().contains("--kind"), badKind.err());

        CliProcess.Result info = CliProcess.run(dir, null, "snapshot", "info", snapshot);
        assertTrue(info.out().contains("geo-ipv4-ranges"), info.out());
    }
}
