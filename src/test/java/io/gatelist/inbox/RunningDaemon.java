package io.gatelist.inbox;

import io.gatelist.TestAppliance;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The inbox daemon running in a thread of the test JVM, on a real appliance (JBeret, H2 file database). */
final class RunningDaemon implements AutoCloseable {

    final TestAppliance appliance;
    final InboxDaemon daemon;
    private final Thread thread;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile Throwable failure;

    private RunningDaemon(Path home, String properties) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("gatelist.properties"), properties);
        appliance = TestAppliance.open(home);
        DaemonLog log = new DaemonLog(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC());
        daemon = new InboxDaemon(appliance.home, appliance.database, appliance.batch, log, Clock.systemUTC());
        thread = new Thread(() -> {
            try {
                daemon.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "test-daemon");
    }

    /** Starts a daemon on {@code home} with fast polling plus the given extra settings. */
    static RunningDaemon start(Path home, String... settings) throws IOException {
        String properties = "inbox.poll-millis=100\ninbox.min-age-millis=300\npublish.debounce-millis=200\n"
                + String.join("\n", settings) + "\n";
        RunningDaemon d = new RunningDaemon(home, properties);
        d.thread.start();
        return d;
    }

    Path inbox() {
        return appliance.home.inboxDir();
    }

    String log() {
        return output.toString(StandardCharsets.UTF_8);
    }

    List<ImportRun> imports() {
        return new ImportStore(appliance.database).recent(100_000);
    }

    Map<ImportState, Long> countsByState() {
        Map<ImportState, Long> counts = new EnumMap<>(ImportState.class);
        for (ImportRun r : imports()) {
            counts.merge(r.state(), 1L, Long::sum);
        }
        return counts;
    }

    /** Waits until {@code condition} holds, failing with the daemon's log after {@code timeout}. */
    void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (failure != null) {
                throw new AssertionError("the daemon failed:\n" + log(), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; daemon log:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code n} imports have reached a final state. */
    void awaitFinished(int n, Duration timeout) throws InterruptedException {
        await(timeout, () -> imports().stream().filter(r -> r.state() != ImportState.CLAIMED
                && r.state() != ImportState.VALIDATING).count() >= n);
    }

    @Override
    public void close() throws InterruptedException {
        daemon.stop();
        if (!daemon.awaitStopped(60_000)) {
            throw new AssertionError("the daemon did not stop");
        }
        thread.join();
        appliance.close();
        if (failure != null) {
            throw new AssertionError("the daemon failed:\n" + log(), failure);
        }
    }
}
