package io.gatelist.distribution;

import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Pulls the published snapshot onto a lookup host: a conditional GET (only a changed snapshot is transferred), the
 * body written to a temporary file beside the target, validated completely (and its checksum compared with the
 * server's header), fsynced, and renamed over the target. Readers that follow the target (SnapshotWatcher,
 * serve-dns) swap to it; none ever sees a partial file, and a failed transfer leaves the old file as it was.
 */
public final class SnapshotSync {

    /**
     * What a sync did.
     *
     * @param updated true when a new snapshot was installed
     * @param info    the snapshot now at the target, or {@code null} when there is none
     */
    public record Result(boolean updated, SnapshotInfo info) {
    }

    private final HttpClient client;
    private final Duration timeout;

    public SnapshotSync(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Fetches {@code from} into {@code to} when it changed. */
    public Result sync(URI from, Path to) throws IOException, InterruptedException {
        SnapshotInfo local = null;
        if (Files.exists(to)) {
            try {
                local = PolicySnapshot.open(to, PolicySnapshot.FileMode.MEMORY).info();
            } catch (InvalidSnapshotException e) {
                local = null; // a bad local file is replaced
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(from).timeout(timeout).GET();
        if (local != null) {
            request.header("If-None-Match", "\"" + local.checksumHex() + "-r" + local.revision() + "\"");
        }
        Path directory = to.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + to.getFileName() + ".", ".download");
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304) {
                    return new Result(false, local);
                }
                if (response.statusCode() != 200) {
                    throw new IOException(from + " answered HTTP " + response.statusCode());
                }
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    body.transferTo(java.nio.channels.Channels.newOutputStream(out));
                    out.force(true);
                }
            }
            SnapshotInfo fetched = PolicySnapshot.open(temp, PolicySnapshot.FileMode.MEMORY).info();
            String announced = response.headers().firstValue("X-Gatelist-Checksum").orElse(null);
            if (announced != null && !announced.equalsIgnoreCase(fetched.checksumHex())) {
                throw new IOException("the snapshot from " + from + " has checksum " + fetched.checksumHex()
                        + ", the server announced " + announced);
            }
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // directories cannot be synced on every platform
            }
            return new Result(true, fetched);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
