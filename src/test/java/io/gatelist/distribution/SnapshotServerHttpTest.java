package io.gatelist.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Interop;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve-snapshot's HTTP/1.1, as raw requests and as curl sends them: the answers a client can rely on. */
class SnapshotServerHttpTest {

    @TempDir
    Path dir;

    private byte[] image;
    private SnapshotServer server;

    @BeforeEach
    void start() throws IOException {
        SnapshotBuilder b = new SnapshotBuilder(7, Instant.ofEpochSecond(1_700_000_000));
        b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0xCB007100, 24), "blocked.csv", 3);
        ByteBuffer built = b.build();
        image = new byte[built.capacity()];
        built.duplicate().position(0).get(image);
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(built, published);
        server = SnapshotServer.start(published, new InetSocketAddress("127.0.0.1", 0), 50, e -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The whole answer to {@code request}, sent as is on a new connection. */
    private byte[] exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput(); // nothing more comes: the server sees the end of the request at once
            InputStream in = socket.getInputStream();
            return in.readAllBytes(); // the server closes after one answer
        }
    }

    private static String head(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end + 2);
    }

    private static byte[] body(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        return Arrays.copyOfRange(answer, text.indexOf("\r\n\r\n") + 4, answer.length);
    }

    @Test
    void getHeadAndConditionalGet() throws Exception {
        byte[] get = exchange("GET /snapshot HTTP/1.1\r\nHost: x\r\n\r\n");
        String h = head(get);
        assertTrue(h.startsWith("HTTP/1.1 200 OK\r\n"), h);
        assertTrue(h.contains("\r\nContent-Length: " + image.length + "\r\n"), h);
        assertTrue(h.contains("\r\nX-Gatelist-Revision: 7\r\n"), h);
        assertTrue(h.contains("\r\nConnection: close\r\n"), h);
        assertTrue(h.contains("\r\nLast-Modified: Tue, 14 Nov 2023 22:13:20 GMT\r\n"), h);
        assertTrue(h.matches("(?s).*\r\nDate: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), h);
        assertArrayEquals(image, body(get));

        String etag = h.lines().filter(l -> l.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        byte[] notModified = exchange("GET /snapshot HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n");
        assertTrue(head(notModified).startsWith("HTTP/1.1 304 Not Modified\r\n"), head(notModified));
        assertEquals(0, body(notModified).length);

        byte[] headOnly = exchange("HEAD /snapshot HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(head(headOnly).contains("\r\nContent-Length: " + image.length + "\r\n"), head(headOnly));
        assertEquals(0, body(headOnly).length, "HEAD has no body");

        // HTTP/1.0, bare line feeds, an absolute target with a query: still a GET of /snapshot.
        byte[] old = exchange("GET http://x/snapshot?x=1 HTTP/1.0\n\n");
        assertTrue(head(old).startsWith("HTTP/1.1 200 OK\r\n"), head(old));
        assertArrayEquals(image, body(old));

        byte[] health = exchange("GET /health HTTP/1.1\r\n\r\n");
        assertTrue(new String(body(health), StandardCharsets.UTF_8).startsWith("ok revision 7 checksum "));
    }

    @Test
    void requestsThatCannotBeServedGetTheirStatus() throws Exception {
        String post = head(exchange("POST /snapshot HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
        assertTrue(post.startsWith("HTTP/1.1 405 Method Not Allowed\r\n") && post.contains("\r\nAllow: GET, HEAD\r\n"),
                post);
        assertTrue(head(exchange("GET /other HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 Not Found\r\n"));
        assertTrue(head(exchange("hello\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(head(exchange("GET /snapshot HTTP/1.1\r\nBad Header: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n"));
        String big = "GET /snapshot HTTP/1.1\r\nX-Big: " + "a".repeat(RequestHead.MAX_BYTES) + "\r\n\r\n";
        assertTrue(head(exchange(big)).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assertEquals(0, exchange("").length, "a connection closed without a request gets no answer");
        assertTrue(head(exchange("GET /snapshot HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n"), "still serving");
    }

    @Test
    void curlFetchesTheSnapshot() throws Exception {
        Path curl = Interop.require("curl", "curl");
        Path out = dir.resolve("fetched.bin");
        Process p = new ProcessBuilder(curl.toString(), "--silent", "--show-error", "--fail", "--max-time", "30",
                "--output", out.toString(), "http://127.0.0.1:" + server.address().getPort() + "/snapshot")
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertArrayEquals(image, Files.readAllBytes(out));
    }
}
