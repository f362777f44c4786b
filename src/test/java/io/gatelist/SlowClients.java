package io.gatelist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that hold a server's TCP connections the way an attacker would: each connects, sends the start of a
 * request, then one more byte every interval and never finishes; when the server closes its connection, it
 * connects again a few intervals later. They run on a few threads of the test JVM.
 */
public final class SlowClients implements AutoCloseable {

    /** Intervals a client waits before it connects again. */
    private static final int RECONNECT_INTERVALS = 3;

    private final InetSocketAddress server;
    private final byte[] opening;
    private final long intervalNanos;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "slow-client");
        t.setDaemon(true);
        return t;
    });
    private final List<Client> clients = new ArrayList<>();
    private final AtomicInteger everConnected = new AtomicInteger();
    private final AtomicLong closedByServer = new AtomicLong();

    private SlowClients(InetSocketAddress server, byte[] opening, Duration interval) {
        this.server = server;
        this.opening = opening;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Starts {@code count} clients, spread over the first interval.
     *
     * @param opening what each sends as soon as it is connected
     */
    public static SlowClients start(InetSocketAddress server, int count, byte[] opening, Duration interval) {
        SlowClients s = new SlowClients(server, opening, interval);
        long millis = interval.toMillis();
        for (int i = 0; i < count; i++) {
            Client c = s.new Client();
            s.clients.add(c);
            s.timer.scheduleWithFixedDelay(c::tick, i * millis / count, millis, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    /** How many clients have had a connection so far. */
    public int everConnected() {
        return everConnected.get();
    }

    /** How many times a client found its connection closed by the server (and connected again). */
    public long closedByServer() {
        return closedByServer.get();
    }

    private final class Client {
        private Socket socket;
        private boolean counted;
        private long reconnectAt;

        void tick() {
            if (socket == null && System.nanoTime() - reconnectAt < 0) {
                return;
            }
            try {
                if (socket == null) {
                    Socket s = new Socket();
                    socket = s;
                    s.connect(server, 2000);
                    s.getOutputStream().write(opening);
                    if (!counted) {
                        counted = true;
                        everConnected.incrementAndGet();
                    }
                } else {
                    socket.getOutputStream().write('a');
                }
            } catch (IOException e) {
                if (socket != null && socket.isConnected()) {
                    closedByServer.incrementAndGet();
                }
                closeQuietly();
                reconnectAt = System.nanoTime() + RECONNECT_INTERVALS * intervalNanos;
            }
        }

        void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // gone already
                }
                socket = null;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        for (Client c : clients) {
            c.closeQuietly();
        }
    }
}
