package io.gatelist.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server whose connections slow or hostile clients cannot use up. Each connection runs on its own thread, and:
 * <ul>
 * <li>at most {@code capacity} connections are open at once. When a new one arrives and every place is taken,
 * the connection that has been waiting on its client the longest is closed to make room: a client that holds a
 * connection open without finishing a request loses its place to the next one. A new connection is refused only
 * when every open one is busy answering;</li>
 * <li>each phase of a connection (waiting for a request, writing an answer) has a deadline for the whole phase, not
 * an idle timer that each byte resets: a client that sends one byte at a time is closed when the phase's time is
 * up however steadily it sends.</li>
 * </ul>
 * Both are enforced by closing the socket, which ends a read or write blocked on it at once.
 */
public final class TcpServer implements AutoCloseable {

    /** Serves one connection; the server closes it when this returns. */
    public interface Handler {
        /**
         * Starts each phase with {@link Connection#awaitClient} or {@link Connection#answer}. A
         * {@link SocketException} or {@link EOFException} (the client went away, or the server closed the
         * connection) ends the connection quietly; other exceptions are reported to {@link Events#failed}.
         */
        void serve(Connection connection) throws IOException;
    }

    /** What happened to connections, for a server's counters; called on the server's threads. */
    public interface Events {
        /** A connection was closed at once because every open one was busy. */
        default void refused() {
        }

        /** A connection waiting on its client was closed to make room for a new one. */
        default void evicted() {
        }

        /** A connection was closed because its phase ran past the deadline. */
        default void expired() {
        }

        /** Accepting or serving failed for another reason than the client going away. */
        default void failed(Exception e) {
        }
    }

    /** How often deadlines are checked: they are enforced within this much of their time. */
    private static final long SWEEP_MILLIS = 100;

    private final ServerSocket server;
    private final int capacity;
    private final Handler handler;
    private final Events events;
    private final ExecutorService threads;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    /** The open connections, guarded by {@code this}. */
    private final Set<Connection> open = new LinkedHashSet<>();

    private TcpServer(ServerSocket server, String name, int capacity, Handler handler, Events events) {
        this.server = server;
        this.capacity = capacity;
        this.handler = handler;
        this.events = events;
        this.threads = Executors.newCachedThreadPool(r -> daemon(r, name));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-deadlines"));
        this.acceptor = daemon(this::accept, name + "-accept");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts accepting.
     *
     * @param name     the threads' name
     * @param capacity connections open at once
     */
    public static TcpServer start(InetSocketAddress address, String name, int capacity, Handler handler,
            Events events) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        TcpServer s = new TcpServer(server, name, capacity, Objects.requireNonNull(handler),
                Objects.requireNonNull(events));
        s.deadlines.scheduleWithFixedDelay(s::closeExpired, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        s.acceptor.start();
        return s;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                events.failed(e);
                pause(); // e.g. out of file descriptors: do not spin
                continue;
            }
            Connection c = admit(socket);
            if (c == null) {
                events.refused();
                closeQuietly(socket);
                continue;
            }
            try {
                threads.execute(() -> run(c));
            } catch (RuntimeException e) { // the server is closing
                c.close();
            }
        }
    }

    /** Takes {@code socket} in, closing the connection waiting longest when full; {@code null} when all are busy. */
    private synchronized Connection admit(Socket socket) {
        if (open.size() >= capacity) {
            Connection oldest = null;
            for (Connection c : open) {
                if (c.waiting && (oldest == null || c.since - oldest.since < 0)) {
                    oldest = c;
                }
            }
            if (oldest == null) {
                return null;
            }
            open.remove(oldest);
            oldest.closedByServer = true;
            oldest.close();
            events.evicted();
        }
        Connection c = new Connection(socket);
        open.add(c);
        return c;
    }

    private void run(Connection c) {
        try {
            handler.serve(c);
        } catch (SocketException | EOFException e) {
            // the client went away, or the server closed the connection: nothing to answer
        } catch (IOException | RuntimeException e) {
            if (!c.closedByServer) {
                events.failed(e);
            }
        } finally {
            synchronized (this) {
                open.remove(c);
            }
            c.close();
        }
    }

    private void closeExpired() {
        long now = System.nanoTime();
        List<Connection> expired = new ArrayList<>();
        synchronized (this) {
            for (Connection c : open) {
                if (now - c.deadline > 0) {
                    c.closedByServer = true;
                    expired.add(c);
                }
            }
            open.removeAll(expired);
        }
        for (Connection c : expired) {
            c.close();
            events.expired();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SWEEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() throws IOException {
        server.close();
        List<Connection> all;
        synchronized (this) {
            all = new ArrayList<>(open);
            open.clear();
        }
        for (Connection c : all) {
            c.closedByServer = true;
            c.close();
        }
        deadlines.shutdownNow();
        threads.shutdownNow();
    }

    /** One client's connection, as its handler sees it. */
    public final class Connection {
        private final Socket socket;
        /** Waiting on the client (evictable) rather than answering; guarded by the server. */
        private boolean waiting = true;
        /** When the current phase began ({@link System#nanoTime}); guarded by the server. */
        private long since = System.nanoTime();
        /** When the current phase must be over; none until the handler starts one. */
        private volatile long deadline = since + Long.MAX_VALUE / 2;
        private volatile boolean closedByServer;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        /** The socket, for its options and addresses. */
        public Socket socket() {
            return socket;
        }

        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        /**
         * Starts waiting for the client: until the next phase, this connection may be closed to make room for a
         * new one, and it is closed unless the next phase starts within {@code limit}.
         */
        public void awaitClient(Duration limit) {
            phase(true, limit);
        }

        /** Starts answering: this connection is not closed to make room, but it is closed after {@code limit}. */
        public void answer(Duration limit) {
            phase(false, limit);
        }

        private void phase(boolean waitingOnClient, Duration limit) {
            long now = System.nanoTime();
            synchronized (TcpServer.this) {
                waiting = waitingOnClient;
                since = now;
                deadline = now + limit.toNanos();
            }
        }

        private void close() {
            closeQuietly(socket);
        }
    }
}
