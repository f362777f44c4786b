package io.gatelist.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Fifo;
import io.gatelist.SlowClients;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve-snapshot}'s server attacked by clients that open connections and send their request slowly, and
 * given a FIFO where its snapshot should be: lookup hosts keep getting the snapshot.
 */
class SnapshotServerUnderAbuseTest {

    @TempDir
    Path dir;

    private static ByteBuffer revision(long n) {
        SnapshotBuilder b = new SnapshotBuilder(n, Instant.ofEpochSecond(2_000_000 + n));
        for (int i = 0; i < n * 50; i++) {
            b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0x0B000000 + (i << 8), 24), "feed", i + 1);
        }
        return b.build();
    }

    private static byte[] bytes(ByteBuffer image) {
        byte[] b = new byte[image.capacity()];
        image.duplicate().position(0).get(b);
        return b;
    }

    private SnapshotServer serve(Path file, List<IOException> refusals) throws IOException {
        return SnapshotServer.start(file, new InetSocketAddress("127.0.0.1", 0), 20, e -> {
            synchronized (refusals) {
                refusals.add(e);
            }
        });
    }

    private static HttpResponse<byte[]> get(SnapshotServer server) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                + "/snapshot")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersGetsWhileTwoHundredSlowClientsHoldConnections() throws Exception {
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(3), published);
        try (SnapshotServer server = serve(published, new ArrayList<>());
                SlowClients slow = SlowClients.start(server.address(), 200,
                        "GET /snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII),
                        Duration.ofSeconds(1))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (slow.everConnected() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(200, slow.everConnected(), "every slow client got a connection");
            for (int i = 0; i < 20; i++) {
                HttpResponse<byte[]> r = get(server);
                assertEquals(200, r.statusCode());
                assertArrayEquals(bytes(revision(3)), r.body());
                Thread.sleep(100);
            }
            assertTrue(slow.closedByServer() > 0, "slow clients lost their connections to make room");
        }
    }

    @Test
    void aClientSendingItsRequestByteByByteIsClosedAtTheDeadline() throws Exception {
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1), published);
        try (SnapshotServer server = serve(published, new ArrayList<>());
                Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout((int) TimeUnit.MINUTES.toMillis(2));
            OutputStream out = socket.getOutputStream();
            out.write("GET /snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            int[] sent = {0};
            Thread dripper = new Thread(() -> {
                try {
                    // A header line, one byte every 300 ms: the request is never whole, but never silent either.
                    for (; sent[0] < 1000; sent[0]++) {
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
            assertTrue(sent[0] < 1000, "while a byte kept coming: " + sent[0]);
            assertEquals(200, get(server).statusCode());
        }
    }

    @Test
    void aFifoPutOverThePublishedFileIsRefusedAndTheNextValidFileServed() throws Exception {
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1), published);
        List<IOException> refusals = new ArrayList<>();
        try (SnapshotServer server = serve(published, refusals)) {
            Fifo.renameOver(published);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                synchronized (refusals) {
                    if (!refusals.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(10);
            }
            synchronized (refusals) {
                assertEquals(1, refusals.size(), "the FIFO was refused, once: " + refusals);
                FileSystemException refused = assertInstanceOf(FileSystemException.class, refusals.get(0));
                assertTrue(refused.getReason().contains("not a regular file"), refused.getMessage());
            }
            assertArrayEquals(bytes(revision(1)), get(server).body(), "revision 1 is still served");

            SnapshotPublisher.publish(revision(2), published);
            byte[] served = null;
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline) {
                served = get(server).body();
                if (served.length == revision(2).capacity()) {
                    break;
                }
                Thread.sleep(20);
            }
            assertArrayEquals(bytes(revision(2)), served, "the next valid file is served");
        }
    }

    @Test
    void aDirectoryAtThePathIsRefusedAtStart() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("current.bin"));
        FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(FileSystemException.class,
                () -> serve(directory, new ArrayList<>()));
        assertEquals("is a directory, not a snapshot file", e.getReason());
    }
}
