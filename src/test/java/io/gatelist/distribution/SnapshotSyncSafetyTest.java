package io.gatelist.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.Fifo;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync-snapshot} against servers that send too slowly or serve an older snapshot, stopped in the middle,
 * and given a FIFO as its target: it gives up on time, never leaves a temporary file behind, and never replaces
 * the local snapshot with an older one unless told to.
 */
class SnapshotSyncSafetyTest {

    @TempDir
    Path dir;

    /** Revision {@code n} with {@code entries} entries, compiled at second {@code created}. */
    private static ByteBuffer snapshot(long n, int entries, long created) {
        SnapshotBuilder b = new SnapshotBuilder(n, Instant.ofEpochSecond(created));
        for (int i = 0; i < entries; i++) {
            b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0x0B000000 + (i << 8), 24), "feed", i + 1);
        }
        return b.build();
    }

    /** An HTTP server that answers 200 to every request and sends the body 20 bytes a second. */
    private static final class TricklingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final List<Socket> clients = new ArrayList<>();
        final Thread acceptor = new Thread(this::accept, "trickling-server");

        TricklingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/snapshot");
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    synchronized (clients) {
                        clients.add(client);
                    }
                    Thread t = new Thread(() -> trickle(client), "trickling-client");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void trickle(Socket client) {
            try (client) {
                InputStream in = client.getInputStream();
                int matched = 0;
                while (matched < 4) { // up to the blank line that ends the request head
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write(new byte[20]);
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up, or the test is over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (clients) {
                for (Socket c : clients) {
                    c.close();
                }
            }
        }
    }

    /** Runs {@code gatelist args...}, waiting at most 90 seconds. */
    private CliProcess.Result run(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = CliProcess.builder(dir, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gatelist " + String.join(" ", args) + " did not finish within 90 s");
        }
        return new CliProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertOneLine(CliProcess.Result r) {
        assertEquals(1, r.err().lines().count(), "one line on stderr: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void aServerSendingSlowlyCannotHoldASyncPastItsTimeout() throws Exception {
        Path host = Files.createDirectory(dir.resolve("host"));
        try (TricklingServer server = new TricklingServer()) {
            CliProcess.Result r = run("sync-snapshot", "--from", server.url().toString(), "--to",
                    host.resolve("gatelist.bin").toString(), "--timeout", "3");
            assertEquals(1, r.exit(), r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("timed out: no complete snapshot from " + server.url() + " within 3 seconds"),
                    r.err());
        }
        assertEquals(List.of(), names(host), "no temporary file is left beside the target");
    }

    @Test
    void aSyncStoppedBySigtermLeavesNoTemporaryFile() throws Exception {
        Path host = Files.createDirectory(dir.resolve("host"));
        try (TricklingServer server = new TricklingServer()) {
            Process p = CliProcess.builder(dir, "sync-snapshot", "--from", server.url().toString(), "--to",
                    host.resolve("gatelist.bin").toString(), "--timeout", "600")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (names(host).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                List<String> during = names(host);
                assertEquals(1, during.size(), "the transfer is under way: " + during);
                assertTrue(during.get(0).startsWith(".gatelist.bin.") && during.get(0).endsWith(".download"),
                        during.get(0));
                Thread.sleep(1500); // well into the body
                p.destroy(); // SIGTERM, as systemd stops a unit
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sync stopped");
                assertEquals(143, p.exitValue(), "ended by SIGTERM");
            } finally {
                p.destroyForcibly();
            }
        }
        assertEquals(List.of(), names(host), "no temporary file is left beside the target");
    }

    @Test
    void anOlderSnapshotIsRefusedAndTheLocalFileLeftAsItWas() throws Exception {
        Path published = dir.resolve("appliance").resolve("current.bin");
        SnapshotPublisher.publish(snapshot(3, 30, 1_000_003), published);
        Path host = Files.createDirectory(dir.resolve("host"));
        Path local = host.resolve("gatelist.bin");
        SnapshotPublisher.publish(snapshot(5, 50, 1_000_005), local);
        Files.setLastModifiedTime(local, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        byte[] before = Files.readAllBytes(local);
        try (SnapshotServer server = SnapshotServer.start(published, new InetSocketAddress("127.0.0.1", 0), 20,
                e -> { })) {
            String url = "http://127.0.0.1:" + server.address().getPort() + "/snapshot";
            CliProcess.Result refused = run("sync-snapshot", "--from", url, "--to", local.toString());
            assertEquals(4, refused.exit(), "a refused rollback has its own exit code: " + refused.err());
            assertOneLine(refused);
            assertTrue(refused.err().contains("refused the snapshot from " + url + ": it has revision 3, older than "
                    + "the installed revision 5; " + local + " is unchanged (--allow-rollback installs it)"),
                    refused.err());
            assertArrayEquals(before, Files.readAllBytes(local));
            assertEquals(Instant.parse("2026-01-01T00:00:00Z"), Files.getLastModifiedTime(local).toInstant());
            assertEquals(List.of("gatelist.bin"), names(host));

            CliProcess.Result allowed = run("sync-snapshot", "--from", url, "--to", local.toString(),
                    "--allow-rollback");
            assertEquals(0, allowed.exit(), allowed.err());
            assertTrue(allowed.out().startsWith("updated " + local + ": revision 3"), allowed.out());
            assertEquals(3, PolicySnapshot.open(local).info().revision());
        }
    }

    @Test
    void theSameRevisionWithOtherContentsIsInstalledOnlyWhenCompiledLater() throws Exception {
        Path published = dir.resolve("appliance").resolve("current.bin");
        Path local = dir.resolve("host").resolve("gatelist.bin");
        SnapshotPublisher.publish(snapshot(5, 50, 1_000_010), local);
        SnapshotPublisher.publish(snapshot(5, 40, 1_000_009), published); // compiled earlier: an old file again
        try (SnapshotServer server = SnapshotServer.start(published, new InetSocketAddress("127.0.0.1", 0), 5,
                e -> { })) {
            URI url = URI.create("http://127.0.0.1:" + server.address().getPort() + "/snapshot");
            SnapshotSync.Result r = new SnapshotSync(Duration.ofSeconds(30)).sync(url, local);
            assertEquals(SnapshotSync.Outcome.REFUSED, r.outcome());
            assertTrue(r.refusal().startsWith("it is revision 5 with other contents"), r.refusal());
            assertEquals(50, PolicySnapshot.open(local).info().entries(), "the local file is left as it was");

            // Compiled later (nominations approved, or the same lists compiled again): a normal update.
            SnapshotPublisher.publish(snapshot(5, 45, 1_000_011), published);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            do {
                r = new SnapshotSync(Duration.ofSeconds(30)).sync(url, local);
            } while (r.outcome() == SnapshotSync.Outcome.REFUSED && System.nanoTime() < deadline);
            assertEquals(SnapshotSync.Outcome.UPDATED, r.outcome(), String.valueOf(r.refusal()));
            assertEquals(45, PolicySnapshot.open(local).info().entries());
        }
    }

    @Test
    void aFifoAsTheTargetIsRefusedWithoutBlocking() throws Exception {
        Path published = dir.resolve("appliance").resolve("current.bin");
        SnapshotPublisher.publish(snapshot(1, 10, 1_000_001), published);
        Path host = Files.createDirectory(dir.resolve("host"));
        Path local = Fifo.make(host.resolve("gatelist.bin"));
        try (SnapshotServer server = SnapshotServer.start(published, new InetSocketAddress("127.0.0.1", 0), 20,
                e -> { })) {
            CliProcess.Result r = run("sync-snapshot", "--from", "http://127.0.0.1:" + server.address().getPort()
                    + "/snapshot", "--to", local.toString());
            assertEquals(1, r.exit(), r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("cannot sync to " + local + ": is not a regular file"), r.err());
        }
        assertEquals(List.of("gatelist.bin"), names(host), "nothing but the FIFO");
        assertTrue(Files.readAttributes(local, java.nio.file.attribute.BasicFileAttributes.class).isOther(),
                "the FIFO is left as it was");
    }
}
