package io.gatelist.dns;

import io.gatelist.net.TcpServer;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Serves DNS over TCP (RFC 7766), which clients use after a truncated UDP answer: each message is preceded by
 * its two-byte length, and several may come on one connection. At most {@link #MAX_CONNECTIONS} are open; when
 * all are taken, the one that has waited longest for its next query is closed to make room (RFC 7766, 6.2.3), so a
 * flood of idle or slow connections cannot lock clients out. A query must arrive whole within
 * {@link #MESSAGE_TIME} of the connection falling idle: a client dripping bytes is closed on time, not kept alive
 * by each byte.
 */
final class TcpListener implements AutoCloseable {

    /** Connections served at once. */
    static final int MAX_CONNECTIONS = 64;
    /** How long a connection may take to send its next whole query (RFC 7766 suggests seconds, not minutes). */
    static final Duration MESSAGE_TIME = Duration.ofSeconds(10);
    /** How long writing one answer may take: a client that does not read its answers is closed. */
    static final Duration ANSWER_TIME = Duration.ofSeconds(10);

    private final TcpServer server;

    private TcpListener(TcpServer server) {
        this.server = server;
    }

    /** Binds {@code address} and starts accepting. */
    static TcpListener start(InetSocketAddress address, DnsblResponder responder, ServerCounters counters)
            throws IOException {
        TcpServer.Events events = new TcpServer.Events() {
            @Override
            public void refused() {
                counters.tcpRefused.increment();
            }

            @Override
            public void evicted() {
                counters.tcpEvicted.increment();
            }

            @Override
            public void expired() {
                counters.tcpExpired.increment();
            }

            @Override
            public void failed(Exception e) {
                counters.errors.increment();
            }
        };
        return new TcpListener(TcpServer.start(address, "gatelist-dns-tcp", MAX_CONNECTIONS,
                c -> serve(c, responder, counters), events));
    }

    private static void serve(TcpServer.Connection connection, DnsblResponder responder, ServerCounters counters)
            throws IOException {
        connection.socket().setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(connection.input());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connection.output()));
        while (true) {
            connection.awaitClient(MESSAGE_TIME);
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return; // the client is done
            }
            byte[] message = new byte[length];
            in.readFully(message);
            connection.answer(ANSWER_TIME);
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
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
