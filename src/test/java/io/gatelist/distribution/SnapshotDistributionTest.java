package io.gatelist.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.CliProcess;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve-snapshot and sync-snapshot: lookup hosts pull the published snapshot and never hold a partial file. */
class SnapshotDistributionTest {

    @TempDir
    Path dir;

    /** Revision n has n * 200 entries, so that consecutive files differ in size and content. */
    private static ByteBuffer revision(long n) {
        SnapshotBuilder b = new SnapshotBuilder(n, Instant.ofEpochSecond(1_000_000 + n));
        for (int i = 0; i < n * 200; i++) {
            b.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0x0B000000 + (i << 8), 24), "feed", i + 1);
        }
        return b.build();
    }

    private SnapshotServer serve(Path file, List<IOException> refusals) throws IOException {
        return SnapshotServer.start(file, new InetSocketAddress("127.0.0.1", 0), 5, e -> {
            synchronized (refusals) {
                refusals.add(e);
            }
        });
    }

    private static URI url(SnapshotServer server) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/snapshot");
    }

    @Test
    void aLookupHostSyncingWhileSnapshotsArePublishedNeverHoldsAPartialFile() throws Exception {
        Path published = dir.resolve("appliance").resolve("current.bin");
        SnapshotPublisher.publish(revision(1), published);
        Path local = dir.resolve("mailserver").resolve("gatelist.bin");
        List<IOException> refusals = new ArrayList<>();
        try (SnapshotServer server = serve(published, refusals)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong badReads = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            // The publisher starts once the lookup host holds revision 1, so that at least one more transfer
            // follows however the threads are scheduled (a starved sync loop once saw only revision 60).
            java.util.concurrent.CountDownLatch firstSync = new java.util.concurrent.CountDownLatch(1);
            Thread publisher = new Thread(() -> {
                try {
                    firstSync.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (long n = 2; n <= 60 && !stop.get(); n++) {
                    try {
                        SnapshotPublisher.publish(revision(n), published);
                        Thread.sleep(10);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Thread reader = new Thread(() -> { // a mail server opening the file as it changes
                while (!stop.get()) {
                    try {
                        PolicySnapshot.open(local);
                        reads.incrementAndGet();
                    } catch (NoSuchFileException e) {
                        // before the first sync
                    } catch (IOException e) {
                        badReads.incrementAndGet();
                    }
                }
            });
            publisher.start();
            reader.start();
            SnapshotSync sync = new SnapshotSync(Duration.ofSeconds(10));
            long lastRevision = 0;
            int updates = 0;
            // Sync until the last revision has arrived, however slowly the machine runs: a fixed number of rounds
            // could end before the server had seen a second revision. The deadline only bounds a broken run.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while ((publisher.isAlive() || lastRevision < 60) && System.nanoTime() < deadline) {
                SnapshotSync.Result r = sync.sync(url(server), local);
                PolicySnapshot installed = PolicySnapshot.open(local);
                assertEquals(r.info().checksum(), installed.info().checksum());
                assertTrue(installed.info().revision() >= lastRevision, "revisions never go back");
                lastRevision = installed.info().revision();
                updates += r.updated() ? 1 : 0;
                firstSync.countDown();
            }
            publisher.join();
            stop.set(true);
            reader.join();

            assertEquals(0, badReads.get(), "the lookup host never saw a partial or corrupt file (" + reads.get()
                    + " opens)");
            assertEquals(60, lastRevision, "the last published revision reached the lookup host");
            assertTrue(updates >= 2, "snapshots were transferred: " + updates);
            assertTrue(refusals.isEmpty(), refusals.toString());
        }
    }

    @Test
    void anUnchangedSnapshotIsNotTransferredAndACorruptOneIsNotServed() throws Exception {
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(3), published);
        Path local = dir.resolve("local.bin");
        List<IOException> refusals = new ArrayList<>();
        try (SnapshotServer server = serve(published, refusals)) {
            SnapshotSync sync = new SnapshotSync(Duration.ofSeconds(10));
            assertTrue(sync.sync(url(server), local).updated());
            assertFalse(sync.sync(url(server), local).updated(), "304: nothing transferred");

            // A damaged file renamed over the published one: refused by the server, which keeps serving revision 3.
            Path bad = dir.resolve("bad.tmp");
            byte[] image = new byte[revision(4).capacity()];
            revision(4).get(0, image);
            image[image.length / 2] ^= 1;
            Files.write(bad, image);
            Files.move(bad, published, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (refusals.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertFalse(refusals.isEmpty(), "the corrupt file was noticed and refused");
            SnapshotSync.Result r = sync.sync(url(server), local);
            assertFalse(r.updated());
            assertEquals(3, PolicySnapshot.open(local).info().revision());

            // The command a lookup host runs from cron, as a real process.
            SnapshotPublisher.publish(revision(5), published);
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            CliProcess.Result cli;
            do {
                cli = CliProcess.run(dir, null, "sync-snapshot", "--from", url(server).toString(), "--to",
                        local.toString());
            } while (!cli.out().contains("revision 5") && System.nanoTime() < deadline);
            assertEquals(0, cli.exit(), cli.err());
            assertTrue(cli.out().startsWith("updated"), cli.out());
            assertEquals(5, PolicySnapshot.open(local).info().revision());
        }
    }

    /**
     * A lookup on the host may run under another user than the sync (a mail server's own), as it may on the
     * appliance: the installed snapshot gets the published file's permissions, also when it replaces a file that
     * an earlier sync installed owner-only.
     */
    @Test
    void anInstalledSnapshotIsReadableByOtherUsersLikeThePublishedOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews()
                .contains("posix"), "not a POSIX file system");
        Path published = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1), published);
        Path host = Files.createDirectory(dir.resolve("host"));
        Path local = host.resolve("gatelist.bin");
        try (SnapshotServer server = serve(published, new ArrayList<>())) {
            SnapshotSync sync = new SnapshotSync(Duration.ofSeconds(10));
            assertTrue(sync.sync(url(server), local).updated());
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));

            Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-------"));
            SnapshotPublisher.publish(revision(2), published);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            SnapshotSync.Result r;
            do {
                r = sync.sync(url(server), local);
            } while (!r.updated() && System.nanoTime() < deadline);
            assertEquals(2, PolicySnapshot.open(local).info().revision());
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(published)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(local)));
        }
        try (Stream<Path> files = Files.list(host)) {
            assertEquals(List.of(local), files.toList(), "no temporary file is left beside it");
        }
    }
}
