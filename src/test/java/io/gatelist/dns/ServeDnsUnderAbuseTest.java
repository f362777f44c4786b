package io.gatelist.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Fifo;
import io.gatelist.SlowClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code serve-dns} as a real process, attacked over TCP by clients that hold connections open and send slowly,
 * and given a FIFO where its snapshot should be: it keeps answering UDP and TCP, and keeps following the file.
 */
class ServeDnsUnderAbuseTest {

    static final String ZONE = "bl.example.org";

    @TempDir
    Path dir;

    private static Message query(ServeDnsProcess server, String ip, boolean tcp) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(10));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(QueryNames.of(ip, "r", ZONE) + "."),
                Type.A, DClass.IN)));
    }

    private static void assertListed(Message answer, String transport) {
        assertEquals(Rcode.NOERROR, answer.getRcode(), transport);
        assertEquals("127.0.0.2",
                ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress(), transport);
    }

    @Test
    void answersUdpAndTcpWhileTwoHundredSlowClientsHoldConnections() throws Exception {
        Path snapshot = DnsblFixture.publish(dir.resolve("current.bin"), 1);
        try (ServeDnsProcess server = ServeDnsProcess.start(dir, snapshot, ZONE)) {
            // Each announces a 255-byte query and then sends one byte of it a second: never a whole query.
            try (SlowClients slow = SlowClients.start(server.address(), 200, new byte[] {0, (byte) 255},
                    Duration.ofSeconds(1))) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (slow.everConnected() < 200 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(200, slow.everConnected(), "every slow client got a connection");
                for (int round = 0; round < 10; round++) {
                    assertListed(query(server, DnsblFixture.BLOCKED_IP, true), "TCP, round " + round);
                    for (int i = 0; i < 5; i++) {
                        assertListed(query(server, DnsblFixture.BLOCKED_IP, false), "UDP, round " + round);
                    }
                    Thread.sleep(200);
                }
                assertTrue(slow.closedByServer() > 0, "slow clients lost their connections to make room");
            }
            assertEquals(143, server.stop());
            Matcher summary = Pattern.compile("(\\d+) closed to make room").matcher(server.stderr());
            assertTrue(summary.find() && Long.parseLong(summary.group(1)) > 0, server.stderr());
        }
    }

    @Test
    void aTcpClientSendingAQueryByteByByteIsClosedAtItsDeadline() throws Exception {
        Path snapshot = DnsblFixture.publish(dir.resolve("current.bin"), 1);
        try (ServeDnsProcess server = ServeDnsProcess.start(dir, snapshot, ZONE);
                Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout((int) TimeUnit.MINUTES.toMillis(2));
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, (byte) 255}); // a 255-byte query, of which one byte comes every 300 ms
            out.flush();
            int[] sent = {0};
            Thread dripper = new Thread(() -> {
                try {
                    for (; sent[0] < 255; sent[0]++) {
                        Thread.sleep(300);
                        out.write('a');
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server, which is what is expected
                }
            });
            dripper.start();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException e) {
                read = -1; // reset rather than closed: closed all the same
            }
            dripper.interrupt();
            dripper.join();
            assertEquals(-1, read, "the server closed the connection without an answer");
            assertTrue(sent[0] < 255, "before the query was whole, although a byte kept coming: " + sent[0]);
            assertListed(query(server, DnsblFixture.BLOCKED_IP, true), "TCP after");
        }
    }

    @Test
    void aFifoPutOverTheSnapshotIsRefusedAndTheNextValidSnapshotIsServed() throws Exception {
        Path snapshot = DnsblFixture.publish(dir.resolve("current.bin"), 1);
        try (ServeDnsProcess server = ServeDnsProcess.start(dir, snapshot, ZONE, "--reload-interval", "50")) {
            Fifo.renameOver(snapshot);
            awaitStderr(server, "refused " + snapshot + ": is not a regular file");
            assertListed(query(server, DnsblFixture.BLOCKED_IP, false), "the previous snapshot still answers");

            DnsblFixture.publish(snapshot, 2);
            awaitStderr(server, "now serving snapshot revision 2");
            assertListed(query(server, DnsblFixture.BLOCKED_IP, false), "revision 2");
        }
    }

    private static void awaitStderr(ServeDnsProcess server, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!server.stderr().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(server.stderr().contains(text), "stderr says \"" + text + "\": " + server.stderr());
    }
}
