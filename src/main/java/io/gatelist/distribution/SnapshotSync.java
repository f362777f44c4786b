package io.gatelist.distribution;

import io.gatelist.io.AtomicFile;
import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pulls the published snapshot onto a lookup host: a conditional GET (only a changed snapshot is transferred), the
 * body written to a temporary file beside the target, validated completely (and its checksum compared with the
 * server's header), fsynced, and renamed over the target. Readers that follow the target (SnapshotWatcher,
 * serve-dns) swap to it; none ever sees a partial file, and a failed transfer leaves the old file as it was.
 *
 * <p>The timeout bounds the whole sync, connection and transfer together: a server that sends slowly cannot hold
 * it longer. The temporary file is removed however the sync ends, also when the process is stopped (SIGTERM) in
 * the middle of a transfer.
 *
 * <p>A snapshot older than the one installed is refused unless rollbacks are allowed: a lower revision, or the same
 * revision with other contents compiled no later than the installed one (the lists' revision does not change when
 * only nominations do, so a later compile of the same revision is a normal update; an earlier one is an old file
 * served again).
 */
public final class SnapshotSync {

    /** How a sync ended. */
    public enum Outcome {
        /** A new snapshot was installed. */
        UPDATED,
        /** The installed snapshot is the one served. */
        UNCHANGED,
        /** The snapshot served would roll the installed one back; the target was left as it was. */
        REFUSED
    }

    /**
     * What a sync did.
     *
     * @param outcome what happened
     * @param info    the snapshot now at the target, or {@code null} when there is none
     * @param refusal why the snapshot served was refused, or {@code null}
     */
    public record Result(Outcome outcome, SnapshotInfo info, String refusal) {
        /** True when a new snapshot was installed. */
        public boolean updated() {
            return outcome == Outcome.UPDATED;
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final boolean allowRollback;

    /** A sync that refuses rollbacks. */
    public SnapshotSync(Duration timeout) {
        this(timeout, false);
    }

    /**
     * @param timeout       how long one sync may take, connection and transfer together
     * @param allowRollback install a snapshot older than the one at the target
     */
    public SnapshotSync(Duration timeout, boolean allowRollback) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        this.timeout = timeout;
        this.allowRollback = allowRollback;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Fetches {@code from} into {@code to} when it changed.
     *
     * @throws java.nio.file.FileSystemException when {@code to} is a directory, a FIFO or another file that is not
     *                                           a regular file (it is left alone), or cannot be written
     * @throws IOException                       when the transfer failed or took longer than the timeout, or the
     *                                           snapshot served is invalid; the message says which, in one line
     */
    public Result sync(URI from, Path to) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SnapshotInfo local = installed(to);
        HttpRequest.Builder request = HttpRequest.newBuilder(from).timeout(timeout).GET();
        if (local != null) {
            request.header("If-None-Match", "\"" + local.checksumHex() + "-r" + local.revision() + "\"");
        }
        // Registered before the file exists, so that no moment is left in which a stop would leave it behind.
        AtomicReference<Path> download = new AtomicReference<>();
        Thread cleanup = new Thread(() -> deleteQuietly(download.get()), "gatelist-sync-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        // Installed with the permissions of a published snapshot: the lookups of other users (a mail server) read it.
        try (AtomicFile.Pending pending = AtomicFile.begin(to, AtomicFile.Access.SHARED, ".download")) {
            Path temp = pending.path();
            download.set(temp);
            HttpResponse<Path> response = fetch(from, request.build(), temp, deadline);
            if (response.statusCode() == 304) {
                return new Result(Outcome.UNCHANGED, local, null);
            }
            if (response.statusCode() != 200) {
                throw new IOException(from + " answered HTTP " + response.statusCode());
            }
            SnapshotInfo fetched;
            try {
                fetched = PolicySnapshot.open(temp, PolicySnapshot.FileMode.MEMORY).info();
            } catch (InvalidSnapshotException e) {
                throw new IOException("the snapshot from " + from + " was refused: " + e.getMessage(), e);
            }
            String announced = response.headers().firstValue("X-Gatelist-Checksum").orElse(null);
            if (announced != null && !announced.equalsIgnoreCase(fetched.checksumHex())) {
                throw new IOException("the snapshot from " + from + " has checksum " + fetched.checksumHex()
                        + ", the server announced " + announced);
            }
            String rollback = rollback(local, fetched);
            if (rollback != null && !allowRollback) {
                return new Result(Outcome.REFUSED, local, rollback);
            }
            pending.commit();
            return new Result(Outcome.UPDATED, fetched, null);
        } finally {
            deleteQuietly(download.get());
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook removes the file
            }
        }
    }

    /** The snapshot at the target; {@code null} when there is none or it is invalid (it is then replaced). */
    private static SnapshotInfo installed(Path to) throws IOException {
        try {
            return PolicySnapshot.open(to, PolicySnapshot.FileMode.MEMORY).info();
        } catch (NoSuchFileException | InvalidSnapshotException e) {
            return null;
        }
    }

    /** The response, its body in {@code temp} when it is 200; within {@code deadline}, whatever the server does. */
    private HttpResponse<Path> fetch(URI from, HttpRequest request, Path temp, long deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Path>> pending = client.sendAsync(request, answer -> answer.statusCode() == 200
                // No CREATE: should the answer come after a timeout removed the file, it is not made again.
                ? HttpResponse.BodySubscribers.ofFile(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)
                : HttpResponse.BodySubscribers.replacing(temp));
        try {
            return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException("timed out: no complete snapshot from " + from + " within " + seconds(timeout));
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(from, e.getCause());
        }
    }

    /** The HTTP client's failures in words: its connection errors carry no message of their own. */
    private IOException failure(URI from, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new IOException("no connection to " + from.getAuthority() + " within " + seconds(timeout), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new IOException("timed out: no answer from " + from + " within " + seconds(timeout), cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return new IOException("unknown host " + from.getHost(), cause);
            }
        }
        String message = null;
        for (Throwable t = cause; t != null && message == null; t = t.getCause()) {
            message = t.getMessage();
        }
        if (cause instanceof ConnectException) {
            return new IOException((message == null ? "connection refused" : message) + " by "
                    + from.getAuthority(), cause);
        }
        if (cause instanceof IOException && message != null) {
            return new IOException(message, cause);
        }
        return new IOException(cause.getClass().getSimpleName() + (message == null ? "" : ": " + message), cause);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + (d.toSeconds() == 1 ? " second" : " seconds");
    }

    /**
     * Why {@code offered} would roll {@code installed} back, or {@code null} when it would not. The same revision
     * with other contents is a rollback unless it was compiled later: nominations change the snapshot without a
     * new list revision, and a compile of unchanged lists gives the same revision a new time and checksum.
     */
    static String rollback(SnapshotInfo installed, SnapshotInfo offered) {
        if (installed == null) {
            return null;
        }
        if (offered.revision() < installed.revision()) {
            return "it has revision " + offered.revision() + ", older than the installed revision "
                    + installed.revision();
        }
        if (offered.revision() == installed.revision() && offered.checksum() != installed.checksum()
                && !offered.created().isAfter(installed.created())) {
            return "it is revision " + offered.revision() + " with other contents (checksum " + offered.checksumHex()
                    + ") compiled at " + offered.created() + ", no later than the installed one (checksum "
                    + installed.checksumHex() + ", compiled at " + installed.created() + ")";
        }
        return null;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more can be done about it
        }
    }
}
