package io.gatelist.cli;

import io.gatelist.distribution.SnapshotServer;
import io.gatelist.home.ApplianceHome;
import io.gatelist.report.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist serve-snapshot}: serves the published snapshot to lookup hosts over HTTP. */
@Command(name = "serve-snapshot", mixinStandardHelpOptions = true,
        description = "Serve the published snapshot over HTTP until stopped: GET /snapshot (ETag, If-None-Match, "
                + "X-Gatelist-Checksum) and GET /health. Only validated snapshots are served; a corrupt new file is "
                + "refused and the previous one keeps being served. Lookup hosts pull it with sync-snapshot. A "
                + "request must arrive whole within 10 seconds; of at most 64 connections, the one waiting longest "
                + "for its request is closed to make room for a new one.")
final class ServeSnapshotCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", paramLabel = "ADDRESS:PORT",
            converter = ListenAddressConverter.class,
            description = "IP address and port to listen on (default 127.0.0.1:8080; 0.0.0.0:8080 for every IPv4 "
                    + "interface, [::1]:8080 for IPv6). Names are not resolved.")
    InetSocketAddress listen;

    @Option(names = "--file", paramLabel = "FILE",
            description = "The snapshot to serve (default: snapshots/current.bin in the home).")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path served = file != null ? file : ApplianceHome.openExisting(parent.home(), null).currentSnapshot();
        CountDownLatch stop = new CountDownLatch(1);
        SnapshotServer server;
        try {
            server = SnapshotServer.start(served, listen, 500, e -> {
                err.println("gatelist: refused " + FileProblems.describe(served, e));
                err.flush();
            });
        } catch (FileSystemException e) {
            err.println("gatelist: " + FileProblems.describe(served, e));
            return 1;
        } catch (IOException e) {
            err.println("gatelist: cannot listen on " + listen.getAddress().getHostAddress() + " port "
                    + listen.getPort() + ": "
                    + TerminalText.escape(e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
        try (server) {
            System.out.println("serving " + TerminalText.escape(served.toString()) + " on http://"
                    + server.address().getHostString() + ":" + server.address().getPort() + "/snapshot");
            System.out.flush();
            Signals.handle(stop::countDown, "TERM", "INT");
            stop.await();
        }
        return 0;
    }
}
