package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Interop;
import io.gatelist.answer.PublicText;
import io.gatelist.dns.DnsServer;
import io.gatelist.dns.QueryNames;
import io.gatelist.dns.ZoneSettings;
import io.gatelist.lookup.IpLiterals;
import io.gatelist.lookup.SnapshotWatcher;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * rbldnsd loaded with {@code gatelist export --format rbldnsd} answers every query of a random sample exactly as
 * Gatelist's own {@code r} zone does: same status, same A value, same TXT text, overlaps, country steps, feeds,
 * test entries and IPv4-mapped names included.
 */
class RbldnsdExportTest {

    static final String ZONE = "bl.test";

    @TempDir
    Path dir;

    @Test
    void rbldnsdAnswersLikeTheRZone() throws Exception {
        compare(PublicText.defaults());
    }

    @Test
    void rbldnsdPutsTheAddressInForDollarAsServeDnsDoes() throws Exception {
        compare(PublicText.of("${decision} ($$${step}) for $; see ${url}", "https://bl.example.org/?ip=$"));
    }

    /** Exports random lists with {@code text} and compares rbldnsd's answers with serve-dns's. */
    private void compare(PublicText text) throws Exception {
        Path rbldnsd = Interop.require("rbldnsd", "rbldnsd");
        RandomLists lists = new RandomLists(41, 400);
        Path data = ExportFiles.export(dir, lists, "rbldnsd", dir.resolve("r.data"), "--public-text",
                text.template());
        String written = Files.readString(data);
        assertTrue(!written.contains(".csv") && !written.contains(" line "), "the export names no source");
        // rbldnsd drops root privileges before it reads the data: let its user in.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        int port = freeUdpPort();
        Process rbl = new ProcessBuilder(rbldnsd.toString(), "-n", "-b", "127.0.0.1/" + port, "-w", dir.toString(),
                "r." + ZONE + ":combined:" + data.getFileName()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rbldnsd.log").toFile()).start();
        try (DnsServer gatelist = DnsServer.start(dir.resolve("snapshot.bin"), ZoneSettings.defaults(
                Name.fromString(ZONE + ".")).withPublicText(text), new DnsServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        0), 2, Duration.ofMillis(500)), new SnapshotWatcher.Listener() { })) {
            SimpleResolver theirs = resolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            SimpleResolver ours = resolver(gatelist.address());
            awaitReady(theirs, rbl, dir.resolve("rbldnsd.log"));

            List<String> sample = new ArrayList<>(lists.sample(1500));
            for (String ip : lists.sample(1700).subList(1500, 1700)) {
                if (IpLiterals.parseIpv4(ip) != IpLiterals.INVALID) {
                    sample.add("::ffff:" + ip); // rbldnsd answers these from its IPv4 data, as Gatelist does
                }
            }
            sample.add("::ffff:7f00:2");
            sample.add("::ffff:7f00:1");
            int listed = 0;
            for (String ip : sample) {
                String name = QueryNames.of(ip, "r", ZONE);
                for (int type : new int[] {Type.A, Type.TXT}) {
                    String expected = answer(ours, name, type);
                    assertEquals(expected, answer(theirs, name, type), ip + " " + Type.string(type));
                    listed += expected.startsWith("NOERROR") && type == Type.A ? 1 : 0;
                }
            }
            assertTrue(listed > 200, "the sample reaches listed addresses: " + listed);
            assertEquals("NOERROR [127.0.0.2]", answer(theirs, QueryNames.of("127.0.0.2", "r", ZONE), Type.A));
            assertEquals("NXDOMAIN []", answer(theirs, QueryNames.of("127.0.0.1", "r", ZONE), Type.A));
        } finally {
            rbl.destroy();
            rbl.waitFor();
        }
    }

    private static SimpleResolver resolver(InetSocketAddress server) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    /** Status and the answer section's data, in order: what an MTA sees. */
    private static String answer(SimpleResolver resolver, String name, int type) throws IOException {
        Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
        return Rcode.string(m.getRcode()) + " " + m.getSection(Section.ANSWER).stream().map(Record::rdataToString)
                .collect(Collectors.toList());
    }

    private static void awaitReady(SimpleResolver resolver, Process process, Path log) throws Exception {
        String test = QueryNames.of("127.0.0.2", "r", ZONE);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (answer(resolver, test, Type.A).startsWith("NOERROR")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rbldnsd did not start: " + Files.readString(log));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
