package io.gatelist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.Fifo;
import io.gatelist.dns.DnsblFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that read, serve and fetch snapshot files, given a wrong path, address or URL, as real processes:
 * each says what is wrong in one line on standard error, without a stack trace, and exits 2 for a bad command
 * line, 1 for a file or network that cannot be used. A FIFO where a snapshot should be is refused, not waited on.
 */
class SnapshotCommandErrorsTest {

    @TempDir
    Path dir;

    /** Runs {@code gatelist args...}, waiting at most a minute: a command blocked on a FIFO fails here. */
    private CliProcess.Result run(String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = CliProcess.builder(dir, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("gatelist " + String.join(" ", args) + " did not finish within a minute");
        }
        return new CliProcess.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * {@code r} exited with {@code exit} and said {@code expected} in one line. A command-line error (exit 2) is
     * said as {@code gatelist: MESSAGE; see 'gatelist COMMAND --help'}.
     */
    private static void assertOneLine(CliProcess.Result r, int exit, String expected) {
        assertEquals(exit, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        if (exit == 2) {
            assertTrue(lines.get(0).matches("gatelist: \\Q" + expected + "\\E; see 'gatelist [a-z-]+ --help'"),
                    lines.get(0));
        } else {
            assertEquals(expected, lines.get(0));
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("null"), r.err());
    }

    @Test
    void badListenAddressesAndUrlsAreCommandLineErrors() throws Exception {
        String listen = "Invalid value for option '--listen': \"1.2.3.4.5:80\" is not an IP address and port 0-65535 "
                + "(such as 127.0.0.1:8080 or [::1]:8080; names are not resolved)";
        assertOneLine(run("serve-snapshot", "--listen", "1.2.3.4.5:80"), 2, listen);
        assertOneLine(run("serve-dns", "--zone", "bl.example.org", "--listen", "1.2.3.4.5:80"), 2, listen);
        assertOneLine(run("serve-snapshot", "--listen", "127.0.0.1:65536"), 2, listen.replace("1.2.3.4.5:80",
                "127.0.0.1:65536"));
        assertOneLine(run("sync-snapshot", "--from", "notaurl", "--to", dir.resolve("x.bin").toString()), 2,
                "Invalid value for option '--from': \"notaurl\" is not an http:// or https:// URL (such as "
                        + "http://appliance.example.net:8080/snapshot)");
        assertOneLine(run("sync-snapshot", "--from", "http://127.0.0.1/snapshot", "--to",
                dir.resolve("x.bin").toString(), "--timeout", "0"), 2, "--timeout must be at least 1 second, not 0");
        assertFalse(Files.exists(dir.resolve("x.bin")));
    }

    @Test
    void aRefusedConnectionOrATakenPortIsSaidInWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/snapshot";
        assertOneLine(run("sync-snapshot", "--from", url, "--to", dir.resolve("x.bin").toString()), 1,
                "gatelist: sync from " + url + " failed: connection refused by 127.0.0.1:" + closed);

        Path snapshot = DnsblFixture.publish(dir.resolve("current.bin"), 1);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertOneLine(run("serve-snapshot", "--file", snapshot.toString(), "--listen", "127.0.0.1:" + port), 1,
                    "gatelist: cannot listen on 127.0.0.1 port " + port + ": Address already in use");
        }
    }

    @Test
    void aMissingSnapshotSaysNoSuchFileOnce() throws Exception {
        String missing = dir.resolve("no-such.bin").toString();
        String expected = "gatelist: " + missing + ": no such file";
        assertOneLine(run("lookup", "--snapshot", missing, "192.0.2.1"), 1, expected);
        assertOneLine(run("snapshot", "info", missing), 1, expected);
        assertOneLine(run("export", "--format", "rbldnsd", "--out", dir.resolve("out.txt").toString(), "--snapshot",
                missing), 1, expected);
        assertOneLine(run("serve-dns", "--zone", "bl.example.org", "--listen", "127.0.0.1:0", "--snapshot", missing),
                1, expected);
        assertFalse(Files.exists(dir.resolve("out.txt")));
    }

    @Test
    void aDirectoryGivenAsASnapshotFileIsSaidToBeOne() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("snapshots"));
        String expected = "gatelist: " + directory + ": is a directory, not a snapshot file";
        assertOneLine(run("lookup", "--snapshot", directory.toString(), "192.0.2.1"), 1, expected);
        assertOneLine(run("snapshot", "info", directory.toString()), 1, expected);
        assertOneLine(run("export", "--format", "nft", "--out", dir.resolve("out.nft").toString(), "--snapshot",
                directory.toString()), 1, expected);
        assertOneLine(run("serve-dns", "--zone", "bl.example.org", "--listen", "127.0.0.1:0", "--snapshot",
                directory.toString()), 1, expected);
        assertOneLine(run("serve-snapshot", "--listen", "127.0.0.1:0", "--file", directory.toString()), 1, expected);
        assertOneLine(run("sync-snapshot", "--from", "http://127.0.0.1:9/snapshot", "--to", directory.toString()), 1,
                "gatelist: cannot sync to " + directory + ": is a directory, not a snapshot file");
    }

    @Test
    void aFifoGivenAsASnapshotIsRefusedAtOnce() throws Exception {
        Path fifo = Fifo.make(dir.resolve("current.bin"));
        String expected = "gatelist: " + fifo + ": is not a regular file (a FIFO, socket or device), so it is not read";
        assertOneLine(run("lookup", "--snapshot", fifo.toString(), "192.0.2.1"), 1, expected);
        assertOneLine(run("snapshot", "info", fifo.toString()), 1, expected);
    }

    @Test
    void aLinkToASnapshotNamedOnTheCommandLineIsFollowed() throws Exception {
        Path snapshot = DnsblFixture.publish(dir.resolve("lists").resolve("revision-7.bin"), 7);
        Path link = Files.createSymbolicLink(dir.resolve("current.bin"), snapshot);
        CliProcess.Result info = run("snapshot", "info", link.toString());
        assertEquals(0, info.exit(), info.err());
        assertTrue(info.out().contains("list revision   7"), info.out());
    }
}
