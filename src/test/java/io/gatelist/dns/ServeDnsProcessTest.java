package io.gatelist.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.Interop;
import io.gatelist.answer.PublicText;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@code gatelist serve-dns} as a real process, asked by dnsjava's resolver over UDP and TCP and by {@code dig}.
 * The zone name is long on purpose: with a TXT of about 250 bytes (a {@code --public-text} of the largest size
 * allowed), an IPv6 answer no longer fits 512 bytes, so the truncation and TCP path is exercised as a client meets
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeDnsProcessTest {

    static final String ZONE = "a".repeat(55) + "." + "b".repeat(55) + "." + "c".repeat(55) + ".example.org";
    static final String LONG_SOURCE = "x".repeat(300) + ".csv";
    static final String LONG_TXT_IP = "2001:db8:aaaa:1234:5678:9abc:def0:1234";
    /** Expanded with the longest step and address, exactly {@link PublicText#MAX_BYTES}. */
    static final String TEMPLATE = "${decision} by policy (${step}); see https://bl.example.org/lookup/"
            + "p".repeat(132) + "?ip=$";
    static final PublicText TEXT = PublicText.of(TEMPLATE, null);

    Path dir;
    ServeDnsProcess server;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        SnapshotBuilder lists = DnsblFixture.lists(1);
        lists.addIpEntry(Step.REPUTATION_STANDARD, IpPrefix.ipv6(0x20010db8aaaa0000L, 0, 48), LONG_SOURCE, 1);
        Path snapshot = dir.resolve("current.bin");
        SnapshotPublisher.publish(lists.build(), snapshot);
        server = ServeDnsProcess.start(dir, snapshot, ZONE, "--ttl", "900", "--dynamic-ttl", "30",
                "--negative-ttl", "120", "--public-text", TEMPLATE);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    Message ask(String name, int type, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    @Test
    @Order(1)
    void answersOverUdpAndTcp() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            String transport = tcp ? "TCP" : "UDP";
            Message a = ask(QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE), Type.A, tcp);
            assertEquals(Rcode.NOERROR, a.getRcode(), transport);
            assertTrue(a.getHeader().getFlag(Flags.AA), transport);
            ARecord record = (ARecord) a.getSection(Section.ANSWER).get(0);
            assertEquals("127.0.0.2", record.getAddress().getHostAddress(), transport);
            assertEquals(900, record.getTTL());

            Message q = ask(QueryNames.of(DnsblFixture.REPUTATION_DYNAMIC, "q", ZONE), Type.A, tcp);
            assertEquals(30, q.getSection(Section.ANSWER).get(0).getTTL(), "the dynamic zone's shorter TTL");

            Message txt = ask(QueryNames.of(DnsblFixture.BLOCKED_COUNTRY_IPV6, "r", ZONE), Type.TXT, tcp);
            assertEquals(TEXT.render(Step.BLOCKED_COUNTRY, DnsblFixture.BLOCKED_COUNTRY_IPV6),
                    String.join("", ((TXTRecord) txt.getSection(Section.ANSWER).get(0)).getStrings()), transport);

            Message nx = ask(QueryNames.of(DnsblFixture.NOT_LISTED, "r", ZONE), Type.A, tcp);
            assertEquals(Rcode.NXDOMAIN, nx.getRcode(), transport);
            assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());

            Message refused = ask("2.0.0.127.r.example.net", Type.A, tcp);
            assertEquals(Rcode.REFUSED, refused.getRcode(), transport);
        }
    }

    @Test
    @Order(2)
    void digGetsTheExpectedRecords() throws Exception {
        Path dig = Interop.require("dig", "bind9-dnsutils");
        assertEquals(List.of("127.0.0.2"), dig(dig, "+short", QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE), "A"));
        assertEquals(List.of("\"" + TEXT.render(Step.BLOCKED_IP, DnsblFixture.BLOCKED_IP) + "\""),
                dig(dig, "+short", QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE), "TXT"));
        assertEquals(List.of("127.0.0.2"), dig(dig, "+short", QueryNames.of(DnsblFixture.BLOCKED_IPV6, "r", ZONE), "A"));
        assertEquals(List.of("127.0.10.3"),
                dig(dig, "+short", QueryNames.of(DnsblFixture.APPROVED_COUNTRY, "a", ZONE), "A"));
        for (String sub : new String[] {"r", "q"}) {
            assertEquals(List.of("127.0.0.2"), dig(dig, "+short", QueryNames.of("127.0.0.2", sub, ZONE), "A"), sub);
            assertEquals(List.of("127.0.0.2"), dig(dig, "+short", QueryNames.of("::ffff:7f00:2", sub, ZONE), "A"));
            assertEquals(List.of("\"RFC 5782 test entry\""),
                    dig(dig, "+short", QueryNames.of("127.0.0.2", sub, ZONE), "TXT"));
            assertTrue(status(dig, QueryNames.of("127.0.0.1", sub, ZONE)).contains("status: NXDOMAIN"));
            assertTrue(status(dig, QueryNames.of("::ffff:7f00:1", sub, ZONE)).contains("status: NXDOMAIN"));
        }
        String negative = String.join("\n", dig(dig, "+noall", "+comments", "+authority",
                QueryNames.of(DnsblFixture.NOT_LISTED, "r", ZONE), "A"));
        assertTrue(negative.contains("status: NXDOMAIN"), negative);
        assertTrue(negative.matches("(?s).*\\s120\\s+IN\\s+SOA\\s+ns\\." + ZONE.replace(".", "\\.")
                + "\\. hostmaster\\..*"), negative);
        assertTrue(status(dig, "2.0.0.127.r.example.net").contains("status: REFUSED"));
        assertTrue(String.join("\n", dig(dig, "+noall", "+answer", ZONE, "SOA")).matches("(?s).*\\sIN\\s+SOA\\s.*"));
        assertEquals(List.of("ns." + ZONE + "."), dig(dig, "+short", ZONE, "NS"));

        // Without EDNS the long TXT does not fit 512 bytes: the UDP answer is truncated, dig retries over TCP.
        String longName = QueryNames.of(LONG_TXT_IP, "r", ZONE);
        String udpOnly = String.join("\n", dig(dig, "+noedns", "+ignore", "+noall", "+comments", longName, "TXT"));
        assertTrue(udpOnly.matches("(?s).*flags: qr aa tc.*"), udpOnly);
        String retried = String.join("\n", dig(dig, "+noedns", longName, "TXT"));
        assertTrue(retried.contains("Truncated, retrying in TCP mode"), retried);
        String longText = TEXT.render(Step.REPUTATION_STANDARD, LONG_TXT_IP);
        assertTrue(longText.length() > 240, longText);
        assertTrue(retried.contains("\"" + longText + "\""), retried);
        assertFalse(retried.contains(LONG_SOURCE), "the entry's source stays inside");
        assertEquals(List.of("127.0.0.4"), dig(dig, "+tcp", "+short", longName, "A"));
    }

    private String status(Path dig, String name) throws Exception {
        return String.join("\n", dig(dig, "+noall", "+comments", name, "A"));
    }

    private List<String> dig(Path dig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(dig.toString(), "@127.0.0.1", "-p",
                Integer.toString(server.port()), "+time=5", "+tries=1"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "dig finished");
        assertEquals(0, p.exitValue(), "dig " + command + ":\n" + out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    @Order(3)
    void malformedPacketsGetFormerrOrSilenceAndTheServerGoesOn() throws Exception {
        Random random = new Random(5782);
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString(QueryNames.of(DnsblFixture.BLOCKED_IP, "r",
                ZONE) + "."), Type.A, DClass.IN)).toWire();
        int answered = 0;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(300);
            for (int i = 0; i < 60; i++) {
                byte[] packet = switch (i % 4) {
                    case 0 -> randomBytes(random, random.nextInt(40)); // mostly too short or nonsense
                    case 1 -> Arrays.copyOf(valid, 12 + random.nextInt(valid.length - 12)); // cut short
                    case 2 -> flip(valid.clone(), random); // a few bits flipped
                    default -> randomBytes(random, 512 + random.nextInt(3000));
                };
                packet[2] &= 0x7F; // a query, not a response: those are never answered
                socket.send(new DatagramPacket(packet, packet.length, server.address()));
                DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    continue; // silence is a valid answer to garbage
                }
                answered++;
                Message m = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                assertTrue(m.getHeader().getFlag(Flags.QR));
                if (m.getRcode() == Rcode.FORMERR) {
                    assertTrue(reply.getLength() <= Math.max(packet.length, 12), "FORMERR is never larger");
                }
            }
        }
        assertTrue(answered > 0, "some packets had a header to answer FORMERR to");
        assertTrue(server.isAlive());
        Message after = ask(QueryNames.of(DnsblFixture.BLOCKED_IP, "r", ZONE), Type.A, false);
        assertEquals("127.0.0.2", ((ARecord) after.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[Math.max(length, 3)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] b, Random random) {
        for (int k = 0; k < 3; k++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    @Test
    @Order(4)
    void badCommandLinesGetAClearErrorNotAStackTrace() throws Exception {
        Path snapshot = dir.resolve("current.bin");
        CliProcess.Result listen = CliProcess.run(dir, null, "serve-dns", "--snapshot", snapshot.toString(), "--zone",
                "bl.example", "--listen", "localhost:53");
        assertEquals(2, listen.exit());
        assertTrue(listen.err().contains("\"localhost:53\" is not an IP address and port"), listen.err());
        CliProcess.Result zone = CliProcess.run(dir, null, "serve-dns", "--snapshot", snapshot.toString(), "--zone",
                "bad zone");
        assertEquals(2, zone.exit());
        assertTrue(zone.err().contains("--zone takes a domain name"), zone.err());
        CliProcess.Result ttl = CliProcess.run(dir, null, "serve-dns", "--snapshot", snapshot.toString(), "--zone",
                "bl.example", "--ttl", "-5");
        assertEquals(2, ttl.exit());
        assertTrue(ttl.err().contains("TTL"), ttl.err());
        CliProcess.Result missing = CliProcess.run(dir, null, "serve-dns", "--snapshot",
                dir.resolve("nope.bin").toString(), "--zone", "bl.example", "--listen", "127.0.0.1:0");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.bin"), missing.err());
        CliProcess.Result placeholder = CliProcess.run(dir, null, "serve-dns", "--snapshot", snapshot.toString(),
                "--zone", "bl.example", "--public-text", "listed by ${source}");
        assertEquals(2, placeholder.exit());
        assertTrue(placeholder.err().contains("--public-text: the template holds ${source}"), placeholder.err());
        CliProcess.Result twoLines = CliProcess.run(dir, null, "serve-dns", "--snapshot", snapshot.toString(),
                "--zone", "bl.example", "--public-text", "listed\r\n250 OK");
        assertEquals(2, twoLines.exit());
        assertTrue(twoLines.err().contains("not a printable character"), twoLines.err());
        for (CliProcess.Result r : List.of(listen, zone, ttl, missing, placeholder, twoLines)) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        assertTrue(Files.exists(snapshot));
    }

    @Test
    @Order(5)
    void stopsOnSigtermWithASummary() throws Exception {
        int exit = server.stop();
        String err = server.stderr();
        assertEquals(143, exit, "ended by SIGTERM (128 + 15): " + err);
        assertTrue(err.contains("serve-dns stopped:"), err);
        assertTrue(err.matches("(?s).*stopped: \\d+ UDP and \\d+ TCP queries.*"), err);
    }
}
