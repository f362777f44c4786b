package io.gatelist.dns;

import io.gatelist.CliProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gatelist serve-dns} as a real process on a free loopback port, as an operator would run it. Its
 * standard error goes to a file that tests read to find the port and what it reported.
 */
final class ServeDnsProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("udp\\+tcp (\\S+) port (\\d+)");

    private final Process process;
    private final InetSocketAddress address;
    private final Path stderr;

    private ServeDnsProcess(Process process, InetSocketAddress address, Path stderr) {
        this.process = process;
        this.address = address;
        this.stderr = stderr;
    }

    /** Starts {@code serve-dns} with the given extra arguments and waits until it says where it listens. */
    static ServeDnsProcess start(Path dir, Path snapshot, String zone, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve-dns", "--snapshot", snapshot.toString(), "--listen",
                "127.0.0.1:0", "--zone", zone));
        args.addAll(List.of(extra));
        Path err = Files.createTempFile(dir, "serve-dns", ".err");
        Process process = CliProcess.builder(dir, args.toArray(String[]::new))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher m = SERVING.matcher(Files.readString(err, StandardCharsets.UTF_8));
            if (m.find()) {
                return new ServeDnsProcess(process, new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))),
                        err);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("serve-dns did not start: " + Files.readString(err, StandardCharsets.UTF_8));
    }

    InetSocketAddress address() {
        return address;
    }

    int port() {
        return address.getPort();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the process printed on standard error so far. */
    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Asks the process to stop (SIGTERM) and waits for it; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
