package io.gatelist.cli;

import io.gatelist.distribution.SnapshotServer;
import io.gatelist.home.ApplianceHome;
import java.net.InetSocketAddress;
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
                + "refused and the previous one keeps being served. Lookup hosts pull it with sync-snapshot.")
final class ServeSnapshotCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "Where to listen (default 127.0.0.1:8080; 0.0.0.0:8080 for every interface).")
    String listen;

    @Option(names = "--file", paramLabel = "FILE",
            description = "The snapshot to serve (default: snapshots/current.bin in the home).")
    Path file;

    @Override
    public Integer call() throws Exception {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            spec.commandLine().getErr().println("gatelist: --listen takes HOST:PORT, not \"" + listen + "\"");
            return 2;
        }
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)));
        Path served = file != null ? file : ApplianceHome.openExisting(parent.home(), null).currentSnapshot();
        CountDownLatch stop = new CountDownLatch(1);
        try (SnapshotServer server = SnapshotServer.start(served, address, 500,
                e -> System.err.println("gatelist: refused " + served + ": " + e.getMessage()))) {
            System.out.println("serving " + served + " on http://" + server.address().getHostString() + ":"
                    + server.address().getPort() + "/snapshot");
            System.out.flush();
            Signals.handle(stop::countDown, "TERM", "INT");
            stop.await();
        }
        return 0;
    }
}
