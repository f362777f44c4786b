package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process that holds a home's H2 file serves it to the other commands through a TCP port. Those commands run on
 * the same host, so the port is reachable on the loopback interface only, not from the network.
 */
class H2ServingAddressTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseIsServedOnTheLoopbackInterfaceOnly() throws Exception {
        InetAddress outside = nonLoopbackAddress().orElse(null);
        Assumptions.assumeTrue(outside != null, "SKIPPED: this host has no non-loopback IPv4 address to try");
        Path home = dir.resolve("home");
        Process daemon = CliProcess.builder(dir, "--home", home.toString(), "watch")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            int port = servingPort(home.resolve("db").resolve("gatelist.lock.db"));
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                assertTrue(local.isConnected(), "the commands beside the daemon reach it");
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(outside, port), 5000);
                }
            }, "port " + port + " must not answer on " + outside.getHostAddress());
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
        }
        CliProcess.Result after = CliProcess.run(dir, null, "--home", home.toString(), "imports");
        assertEquals(0, after.exit(), after.err());
    }

    /** The port H2 writes into its lock file ({@code server=HOST:PORT}) once the holding process serves it. */
    private static int servingPort(Path lockFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(lockFile)) {
                Properties lock = new Properties();
                try (Reader r = Files.newBufferedReader(lockFile)) {
                    lock.load(r);
                }
                String server = lock.getProperty("server");
                if (server != null && server.contains(":")) {
                    return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no server= line in " + lockFile + " within a minute");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
