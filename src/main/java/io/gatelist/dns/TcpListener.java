package io.gatelist.dns;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves DNS over TCP (RFC 7766), which clients use after a truncated UDP answer: each message is preceded by
 * its two-byte length, several may come on one connection, and an idle connection is closed. Connections
 * beyond {@link #MAX_CONNECTIONS} are closed at once rather than queued, so a flood of idle connections cannot
 * exhaust threads.
 */
final class TcpListener implements AutoCloseable {

    /** Connections served at once. */
    static final int MAX_CONNECTIONS = 64;
    /** How long a connection may stay silent between messages (RFC 7766 suggests seconds, not minutes). */
    static final int IDLE_MILLIS = 10_000;

    private final ServerSocket server;
    private final DnsblResponder responder;
    private final ServerCounters counters;
    private final ThreadPoolExecutor connections;
    private final Thread acceptor;

    private TcpListener(ServerSocket server, DnsblResponder responder, ServerCounters counters) {
        this.server = server;
        this.responder = responder;
        this.counters = counters;
        this.connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "gatelist-dns-tcp");
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::accept, "gatelist-dns-tcp-accept");
        this.acceptor.setDaemon(true);
    }

    /** Binds {@code address} and starts accepting. */
    static TcpListener start(InetSocketAddress address, DnsblResponder responder, ServerCounters counters)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        TcpListener listener = new TcpListener(server, responder, counters);
        listener.acceptor.start();
        return listener;
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
                counters.errors.increment();
                continue;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                counters.tcpRefused.increment();
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_MILLIS);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return; // the client is done, or idle too long
                }
                byte[] message = new byte[length];
                in.readFully(message);
                counters.tcpQueries.increment();
                byte[] answer;
                try {
                    answer = responder.respond(ByteBuffer.wrap(message), DnsblResponder.Transport.TCP);
                } catch (RuntimeException e) {
                    counters.errors.increment();
                    return;
                }
                if (answer == null) {
                    counters.dropped.increment();
                    continue;
                }
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (SocketException | EOFException | SocketTimeoutException e) {
            // the client went away mid-message or stalled: nothing to answer
        } catch (IOException e) {
            counters.errors.increment();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
