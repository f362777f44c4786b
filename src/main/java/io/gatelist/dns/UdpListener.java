package io.gatelist.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves DNS over UDP: worker threads share one blocking socket, each receiving a datagram, answering it and
 * sending the answer, so that one thread's answer overlaps another's receive. A query that cannot be
 * answered is counted and dropped; nothing a client sends stops a worker.
 */
final class UdpListener implements AutoCloseable {

    /** The largest datagram we read; longer ones are cut by the kernel and then fail to parse (FORMERR). */
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramChannel channel;
    private final DnsblResponder responder;
    private final List<Thread> workers = new ArrayList<>();
    private final ServerCounters counters;

    private UdpListener(DatagramChannel channel, DnsblResponder responder, ServerCounters counters) {
        this.channel = channel;
        this.responder = responder;
        this.counters = counters;
    }

    /** Binds {@code address} (port 0 picks a free port) and starts {@code threads} workers. */
    static UdpListener start(InetSocketAddress address, DnsblResponder responder, int threads,
            ServerCounters counters) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20); // absorbs bursts while a worker sends
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        UdpListener listener = new UdpListener(channel, responder, counters);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(listener::serve, "gatelist-dns-udp-" + i);
            t.setDaemon(true);
            listener.workers.add(t);
            t.start();
        }
        return listener;
    }

    /** The bound address (with the port chosen when 0 was asked for). */
    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (channel.isOpen()) {
            SocketAddress client;
            try {
                in.clear();
                client = channel.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.errors.increment(); // e.g. an ICMP error reported on the socket: keep serving
                continue;
            }
            in.flip();
            counters.udpQueries.increment();
            byte[] answer;
            try {
                answer = responder.respond(in, DnsblResponder.Transport.UDP);
            } catch (RuntimeException e) {
                counters.errors.increment(); // a bug must cost one answer, never the server
                continue;
            }
            if (answer == null) {
                counters.dropped.increment();
                continue;
            }
            try {
                channel.send(ByteBuffer.wrap(answer), client);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.errors.increment();
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        for (Thread t : workers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
