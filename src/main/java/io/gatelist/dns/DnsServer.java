package io.gatelist.dns;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotWatcher;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The DNSBL responder as a running server: UDP and TCP on one address and port, answering from the snapshot
 * that a {@link SnapshotWatcher} follows. A snapshot renamed over the file is served from the next poll on;
 * each query reads the current snapshot once, so a swap never drops or splits a query.
 */
public final class DnsServer implements AutoCloseable {

    /** How the server runs. */
    public record Options(InetSocketAddress listen, int udpThreads, Duration reloadInterval) {
        public Options {
            if (udpThreads < 1) {
                throw new IllegalArgumentException("at least one UDP thread is needed");
            }
            if (reloadInterval.isNegative() || reloadInterval.isZero()) {
                throw new IllegalArgumentException("the reload interval must be positive");
            }
        }
    }

    private final SnapshotWatcher watcher;
    private final UdpListener udp;
    private final TcpListener tcp;
    private final ServerCounters counters;

    private DnsServer(SnapshotWatcher watcher, UdpListener udp, TcpListener tcp, ServerCounters counters) {
        this.watcher = watcher;
        this.udp = udp;
        this.tcp = tcp;
        this.counters = counters;
    }

    /**
     * Opens the snapshot and starts serving.
     *
     * @param listener hears about snapshot swaps and refused files
     * @throws IOException when the snapshot cannot be opened or the address cannot be bound
     */
    public static DnsServer start(Path snapshot, ZoneSettings zone, Options options,
            SnapshotWatcher.Listener listener) throws IOException {
        SnapshotWatcher watcher = SnapshotWatcher.start(snapshot, options.reloadInterval(), listener);
        ServerCounters counters = new ServerCounters();
        try {
            DnsblResponder responder = new DnsblResponder(zone, watcher::current);
            return bind(watcher, responder, options, counters);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
    }

    /** UDP first; TCP then takes the same port, which matters when port 0 let the system choose. */
    private static DnsServer bind(SnapshotWatcher watcher, DnsblResponder responder, Options options,
            ServerCounters counters) throws IOException {
        int attempts = options.listen().getPort() == 0 ? 5 : 1;
        for (int attempt = 1; ; attempt++) {
            UdpListener udp = UdpListener.start(options.listen(), responder, options.udpThreads(), counters);
            InetSocketAddress bound = udp.address();
            try {
                TcpListener tcp = TcpListener.start(bound, responder, counters);
                return new DnsServer(watcher, udp, tcp, counters);
            } catch (BindException e) {
                udp.close();
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** The address served, UDP and TCP. */
    public InetSocketAddress address() throws IOException {
        return udp.address();
    }

    /** The snapshot answering now. */
    public PolicySnapshot snapshot() {
        return watcher.current();
    }

    /** A one-line summary of the queries served so far. */
    public String summary() {
        return counters.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            udp.close();
            tcp.close();
        } finally {
            watcher.close();
        }
    }
}
