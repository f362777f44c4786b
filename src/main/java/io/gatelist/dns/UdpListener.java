package io.gatelist.dns;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves DNS over UDP with one socket and one thread per worker, all bound to the same address with
 * {@code SO_REUSEPORT}: the kernel spreads clients over the sockets, and no two workers ever contend for a
 * socket lock or hand it over (which costs a wake-up per datagram). Where the option is missing, the workers
 * share one socket instead. A query that cannot be answered is counted and dropped; nothing a client sends
 * stops a worker.
 */
final class UdpListener implements AutoCloseable {

    /** The largest datagram we read; longer ones are cut by the kernel and then fail to parse (FORMERR). */
    private static final int MAX_DATAGRAM = 65535;
    /** Socket buffers that absorb bursts while a worker is busy. */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final List<DatagramChannel> channels;
    private final DnsblResponder responder;
    private final List<Thread> workers = new ArrayList<>();
    private final ServerCounters counters;

    private UdpListener(List<DatagramChannel> channels, DnsblResponder responder, ServerCounters counters) {
        this.channels = channels;
        this.responder = responder;
        this.counters = counters;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts {@code threads} workers.
     *
     * @throws java.net.BindException when the address is in use, even by another {@code SO_REUSEPORT} group:
     *                                a second server must never silently share a port with the first
     */
    static UdpListener start(InetSocketAddress address, DnsblResponder responder, int threads,
            ServerCounters counters) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            DatagramChannel first = open(address, false);
            channels.add(first);
            InetSocketAddress bound = (InetSocketAddress) first.getLocalAddress();
            boolean reusePort = threads > 1 && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (reusePort) {
                // The exclusive bind above proved the port free; rebind it as a group of sockets.
                first.close();
                channels.clear();
                for (int i = 0; i < threads; i++) {
                    channels.add(open(bound, true));
                }
            }
        } catch (IOException e) {
            for (DatagramChannel c : channels) {
                c.close();
            }
            throw e;
        }
        UdpListener listener = new UdpListener(channels, responder, counters);
        for (int i = 0; i < threads; i++) {
            DatagramChannel channel = channels.get(i % channels.size());
            Thread t = new Thread(() -> listener.serve(channel), "gatelist-dns-udp-" + i);
            t.setDaemon(true);
            listener.workers.add(t);
            t.start();
        }
        return listener;
    }

    private static DatagramChannel open(InetSocketAddress address, boolean reusePort) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(address);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The bound address (with the port chosen when 0 was asked for). */
    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channels.get(0).getLocalAddress();
    }

    private void serve(DatagramChannel channel) {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
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
                out.clear();
                out.put(answer).flip();
                channel.send(out, client);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                counters.errors.increment();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel c : channels) {
            c.close();
        }
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
