package io.gatelist.cli;

import io.gatelist.distribution.SnapshotSync;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist sync-snapshot --from URL --to FILE}: pulls the published snapshot onto a lookup host. */
@Command(name = "sync-snapshot", mixinStandardHelpOptions = true,
        description = "Fetch the snapshot served by serve-snapshot when it changed, verify it, and rename it into "
                + "place (readers following the file swap to it). Run it from cron or a systemd timer, or with "
                + "--every. Exit 0 when the file is current, 1 when the fetch failed (the old file is untouched).")
final class SyncSnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL",
            description = "The snapshot URL, e.g. http://appliance.example.net:8080/snapshot.")
    URI from;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The local snapshot file.")
    Path to;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Connect and transfer timeout (default 30).")
    int timeout;

    @Option(names = "--every", paramLabel = "SECONDS",
            description = "Keep syncing at this interval instead of once.")
    Integer every;

    @Override
    public Integer call() throws Exception {
        SnapshotSync sync = new SnapshotSync(Duration.ofSeconds(timeout));
        while (true) {
            int exit = once(sync);
            if (every == null) {
                return exit;
            }
            Thread.sleep(Duration.ofSeconds(Math.max(1, every)).toMillis());
        }
    }

    private int once(SnapshotSync sync) throws InterruptedException {
        try {
            SnapshotSync.Result r = sync.sync(from, to);
            spec.commandLine().getOut().println((r.updated() ? "updated " : "unchanged ") + to + ": revision "
                    + r.info().revision() + ", checksum " + r.info().checksumHex());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("gatelist: sync from " + from + " failed: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
