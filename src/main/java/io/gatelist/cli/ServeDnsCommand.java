package io.gatelist.cli;

import io.gatelist.answer.PublicText;
import io.gatelist.dns.DnsServer;
import io.gatelist.dns.ZoneSettings;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotWatcher;
import io.gatelist.report.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist serve-dns}: answers RFC 5782 DNSBL queries from a snapshot, following its updates. */
@Command(name = "serve-dns", mixinStandardHelpOptions = true,
        description = {"Answer DNSBL queries (RFC 5782) over UDP and TCP from a snapshot, and follow the snapshot "
                + "file: a new one renamed over it is served within the reload interval.",
            "Zones under --zone: <reversed address>.r.ZONE evaluates in standard mode, .q.ZONE in dynamic mode, "
                + ".a.ZONE lists approved addresses. Listed: A 127.0.0.2 blocked-ip, 127.0.0.3 blocked-country, "
                + "127.0.0.4 reputation-standard, 127.0.0.5 reputation-dynamic, 127.0.10.2 approved-ip, "
                + "127.0.10.3 approved-country, 127.0.10.4 global-approved, with a TXT of the public text "
                + "(--public-text; it names no internal file or line). Not listed: NXDOMAIN. 127.0.0.2 is listed "
                + "in every zone (RFC 5782 test entry), 127.0.0.1 never.",
            "Runs until interrupted (Ctrl-C or SIGTERM), then prints a summary to standard error."})
final class ServeDnsCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "The snapshot to serve and follow (default: snapshots/current.bin in the home).")
    Path snapshot;

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:5353",
            converter = ListenAddressConverter.class,
            description = "IP address and port for UDP and TCP, e.g. 127.0.0.1:5353 or [::1]:5353; port 0 picks a "
                    + "free one (printed on standard error). Default: ${DEFAULT-VALUE}.")
    InetSocketAddress listen;

    @Option(names = "--zone", required = true, paramLabel = "ZONE",
            description = "The zone served, e.g. bl.example.org; the r, q and a zones are under it.")
    String zone;

    @Option(names = "--ttl", paramLabel = "SECONDS", defaultValue = "600",
            description = "TTL of r and a zone answers and of SOA/NS (default ${DEFAULT-VALUE}).")
    long ttl;

    @Option(names = "--dynamic-ttl", paramLabel = "SECONDS", defaultValue = "60",
            description = "TTL of q zone answers; the dynamic list moves fast (default ${DEFAULT-VALUE}).")
    long dynamicTtl;

    @Option(names = "--negative-ttl", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long resolvers may cache NXDOMAIN: the SOA minimum (default ${DEFAULT-VALUE}); "
                    + "q zone negative answers use the smaller of this and --dynamic-ttl.")
    long negativeTtl;

    @Option(names = "--ns", paramLabel = "NAME",
            description = "A name server of the zone, for the apex NS records and the SOA (repeatable; default "
                    + "ns.ZONE). Give the host names that the parent zone delegates to.")
    List<String> nameservers = new ArrayList<>();

    @Option(names = "--hostmaster", paramLabel = "NAME",
            description = "The SOA mailbox as a name, e.g. hostmaster.example.org (default hostmaster.ZONE).")
    String hostmaster;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "UDP worker threads, each with its own socket on the port (default ${DEFAULT-VALUE}: one "
                    + "thread answering back-to-back from a deep socket queue costs the least per query on a small "
                    + "machine; raise it where cores are to spare).")
    int threads;

    @Option(names = "--reload-interval", paramLabel = "MILLIS", defaultValue = "200",
            description = "How often to check the snapshot file for a new version (default ${DEFAULT-VALUE} ms).")
    long reloadMillis;

    @Mixin
    PublicTextOptions publicText;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PublicText text;
        try {
            text = publicText.resolve(parent.home());
        } catch (IllegalArgumentException e) {
            err.println("gatelist: " + e.getMessage()); // a setting of the home, not the command line
            return 1;
        }
        ZoneSettings settings;
        try {
            settings = settings(text);
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1");
            }
            if (reloadMillis < 1) {
                throw new IllegalArgumentException("--reload-interval must be at least 1 ms");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path file = snapshot != null ? snapshot : parent.home().resolve("snapshots").resolve("current.bin");
        DnsServer server;
        try {
            server = DnsServer.start(file, settings,
                    new DnsServer.Options(listen, threads, Duration.ofMillis(reloadMillis)), new Reporter(err));
        } catch (SocketException e) {
            err.println("gatelist: cannot listen on " + listen.getAddress().getHostAddress() + " port "
                    + listen.getPort() + " (UDP and TCP): " + TerminalText.escape(e.getMessage() != null
                            ? e.getMessage() : e.toString()));
            return 1;
        } catch (IOException e) {
            err.println("gatelist: " + FileProblems.describe(file, e));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                // exiting anyway
            }
            err.println("gatelist: serve-dns stopped: " + server.summary());
            err.flush();
            stopped.countDown();
        }, "gatelist-dns-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress bound = server.address();
        PolicySnapshot first = server.snapshot();
        err.printf("gatelist: serving %s (zones r, q, a) on udp+tcp %s port %d from %s, revision %d%n",
                settings.zone(), bound.getAddress().getHostAddress(), bound.getPort(),
                TerminalText.escape(file.toString()),
                first.info().revision());
        err.flush();
        stopped.await(); // until the JVM is asked to stop
        return 0;
    }

    private ZoneSettings settings(PublicText text) {
        Name origin = name(zone, "--zone");
        List<Name> ns = new ArrayList<>();
        for (String n : nameservers) {
            ns.add(name(n, "--ns"));
        }
        ZoneSettings defaults = ZoneSettings.defaults(origin);
        return new ZoneSettings(origin, ns.isEmpty() ? defaults.nameservers() : ns,
                hostmaster == null ? defaults.hostmaster() : name(hostmaster, "--hostmaster"), ttl, dynamicTtl,
                negativeTtl, text);
    }

    /** A domain name, made absolute; a mailbox written with @ is refused: the SOA wants it as a name. */
    private static Name name(String text, String option) {
        try {
            if (text.isBlank() || text.contains("@") || text.contains(" ")) {
                throw new TextParseException("not a domain name");
            }
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(option + " takes a domain name, not \"" + text + "\"");
        }
    }

    /** Reports snapshot swaps and refusals on standard error. */
    private record Reporter(PrintWriter err) implements SnapshotWatcher.Listener {
        @Override
        public void loaded(PolicySnapshot s) {
            err.printf("gatelist: now serving snapshot revision %d (checksum %s)%n", s.info().revision(),
                    s.info().checksumHex());
            err.flush();
        }

        @Override
        public void refused(Path file, IOException reason) {
            err.printf("gatelist: refused %s; still serving the previous snapshot%n",
                    FileProblems.describe(file, reason));
            err.flush();
        }
    }
}
