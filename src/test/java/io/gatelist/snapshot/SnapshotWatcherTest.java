package io.gatelist.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.Fifo;
import io.gatelist.lookup.Mode;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotWatcher;
import io.gatelist.lookup.Step;
import io.gatelist.lookup.VerdictCodes;
import io.gatelist.policy.IpPrefix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New snapshots are published by rename under readers that never see a wrong verdict or a broken file. */
class SnapshotWatcherTest {

    private static final int ADDRESS = 0xC0000201; // 192.0.2.1

    @TempDir
    Path dir;

    /** Odd revisions block 192.0.2.1, even revisions approve it: every verdict says which snapshot gave it. */
    private static ByteBuffer revision(long n) {
        SnapshotBuilder b = new SnapshotBuilder(n, Instant.ofEpochSecond(n));
        b.addIpEntry(n % 2 == 1 ? Step.BLOCKED_IP : Step.APPROVED_IP, IpPrefix.ipv4(ADDRESS, 32), "rev-" + n, 1);
        for (int i = 0; i < 1000; i++) { // some bulk, so a swap is not instantaneous
            b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0x0B000000 + (i << 8), 24), "bulk", i + 2);
        }
        return b.build();
    }

    @Test
    void lookupsDuringHotSwapsAreNeverWrongAndACorruptFileIsRefused() throws Exception {
        Path current = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1), current);
        List<Path> refused = new ArrayList<>();
        AtomicInteger loaded = new AtomicInteger();
        try (SnapshotWatcher watcher = SnapshotWatcher.start(current, Duration.ofMillis(5),
                new SnapshotWatcher.Listener() {
                    @Override
                    public void loaded(PolicySnapshot snapshot) {
                        loaded.incrementAndGet();
                    }

                    @Override
                    public void refused(Path file, IOException reason) {
                        synchronized (refused) {
                            refused.add(file);
                        }
                    }
                })) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong wrong = new AtomicLong();
            AtomicLong lookups = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread reader = new Thread(() -> {
                    while (!stop.get()) {
                        PolicySnapshot s = watcher.current();
                        long code = s.evaluateIpv4(ADDRESS, -1, Mode.STANDARD);
                        Step expected = s.info().revision() % 2 == 1 ? Step.BLOCKED_IP : Step.APPROVED_IP;
                        if (VerdictCodes.step(code) != expected) {
                            wrong.incrementAndGet();
                        }
                        lookups.incrementAndGet();
                    }
                });
                reader.start();
                readers.add(reader);
            }
            long last = 1;
            for (long n = 2; n <= 40; n++) {
                SnapshotPublisher.publish(revision(n), current);
                last = n;
                Thread.sleep(15);
            }
            waitFor(() -> watcher.current().info().revision() == 40);
            // A damaged file renamed into place is refused; revision 40 keeps serving.
            Path bad = dir.resolve("bad.tmp");
            byte[] image = new byte[revision(41).capacity()];
            revision(41).get(0, image);
            Files.write(bad, java.util.Arrays.copyOf(image, image.length / 2));
            Files.move(bad, current, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            waitFor(() -> !refused.isEmpty());
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }

            assertEquals(0, wrong.get(), "wrong verdicts among " + lookups.get() + " lookups");
            assertTrue(lookups.get() > 1000, "the readers ran: " + lookups.get());
            assertTrue(loaded.get() >= 5, "swaps observed: " + loaded.get());
            assertEquals(last, watcher.current().info().revision(), "the corrupt file did not replace the good one");
            assertEquals(current, refused.get(0));
        }
    }

    @Test
    void aFifoOrDirectoryAtThePathIsRefusedWithoutBlockingAndTheNextSnapshotLoaded() throws Exception {
        Path current = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1), current);
        List<String> refusals = new ArrayList<>();
        try (SnapshotWatcher watcher = SnapshotWatcher.start(current, Duration.ofMillis(5),
                new SnapshotWatcher.Listener() {
                    @Override
                    public void refused(Path file, IOException reason) {
                        synchronized (refusals) {
                            refusals.add(reason.getMessage());
                        }
                    }
                })) {
            Fifo.renameOver(current);
            waitFor(() -> count(refusals) == 1);
            assertEquals(current + ": is not a regular file (a FIFO, socket or device), so it is not read",
                    refusals.get(0));
            SnapshotPublisher.publish(revision(2), current);
            waitFor(() -> watcher.current().info().revision() == 2);

            Files.delete(current);
            Files.createDirectory(current);
            waitFor(() -> count(refusals) == 2);
            assertEquals(current + ": is a directory, not a snapshot file", refusals.get(1));
            Files.delete(current);
            SnapshotPublisher.publish(revision(3), current);
            waitFor(() -> watcher.current().info().revision() == 3);
            assertEquals(2, count(refusals), "each refused once");
        }
    }

    private static int count(List<String> refusals) {
        synchronized (refusals) {
            return refusals.size();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
