package io.gatelist.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limits of {@link TcpServer}: whom it closes to make room, whom it refuses, and when a phase is over. */
class TcpServerTest {

    /** Counts what the server did to connections. */
    static final class Counts implements TcpServer.Events {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger evicted = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();
        final BlockingQueue<Exception> failed = new LinkedBlockingQueue<>();

        @Override
        public void refused() {
            refused.incrementAndGet();
        }

        @Override
        public void evicted() {
            evicted.incrementAndGet();
        }

        @Override
        public void expired() {
            expired.incrementAndGet();
        }

        @Override
        public void failed(Exception e) {
            failed.add(e);
        }
    }

    /** Waits for a byte from the client, then answers by holding the connection for a minute (busy). */
    private static void oneByteThenBusy(TcpServer.Connection c) throws IOException {
        c.awaitClient(Duration.ofMinutes(1));
        if (c.input().read() < 0) {
            return;
        }
        c.answer(Duration.ofMinutes(1));
        c.output().write('!');
        c.output().flush();
        c.input().read(); // until the client or the server closes it
    }

    private static Socket connect(TcpServer server) throws IOException {
        Socket s = new Socket();
        s.connect(server.address(), 10_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** True when the server closed {@code s} (end of stream or reset). */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "in time");
    }

    @Test
    void whenFullTheConnectionWaitingLongestIsClosedAndBusyOnesAreKept() throws Exception {
        Counts counts = new Counts();
        try (TcpServer server = TcpServer.start(new InetSocketAddress("127.0.0.1", 0), "test", 3,
                TcpServerTest::oneByteThenBusy, counts);
                Socket busy = connect(server)) {
            busy.getOutputStream().write('x');
            assertEquals('!', busy.getInputStream().read(), "answered, and busy from now on");
            try (Socket older = connect(server)) {
                Thread.sleep(50); // so that the two idle connections' ages differ
                try (Socket newer = connect(server); Socket newest = connect(server)) {
                    assertTrue(closedByServer(older), "the connection waiting longest made room");
                    await(() -> counts.evicted.get() == 1); // the client may see the close before it is counted
                    newest.getOutputStream().write('x');
                    assertEquals('!', newest.getInputStream().read(), "the new connection is served");
                    newer.getOutputStream().write('x');
                    assertEquals('!', newer.getInputStream().read(), "so is the other idle one, left open");
                    // All three are busy now: a fourth is refused rather than any answer cut short.
                    try (Socket refused = connect(server)) {
                        assertTrue(closedByServer(refused));
                    }
                    await(() -> counts.refused.get() == 1);
                    busy.getOutputStream().write('x');
                }
            }
        }
        assertTrue(counts.failed.isEmpty(), counts.failed.toString());
    }

    @Test
    void aPhaseEndsAtItsDeadlineHoweverSteadilyTheClientSends() throws Exception {
        Counts counts = new Counts();
        AtomicInteger read = new AtomicInteger();
        TcpServer.Handler countBytes = c -> {
            c.awaitClient(Duration.ofMillis(500)); // one phase: the client never finishes it
            InputStream in = c.input();
            while (in.read() >= 0) {
                read.incrementAndGet();
            }
        };
        try (TcpServer server = TcpServer.start(new InetSocketAddress("127.0.0.1", 0), "test", 4, countBytes, counts);
                Socket client = connect(server)) {
            Thread dripper = new Thread(() -> {
                try {
                    for (int i = 0; i < 1000; i++) { // a byte every 20 ms: far more often than any idle timer
                        client.getOutputStream().write('x');
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the server
                }
            });
            dripper.start();
            assertTrue(closedByServer(client));
            dripper.interrupt();
            dripper.join();
            await(() -> counts.expired.get() == 1);
            assertTrue(read.get() > 0 && read.get() < 1000, "bytes read before the deadline: " + read.get());
        }
        assertEquals(0, counts.evicted.get());
        assertTrue(counts.failed.isEmpty(), counts.failed.toString());
    }
}
