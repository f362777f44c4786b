package io.gatelist.cli;

import io.gatelist.distribution.SnapshotSync;
import io.gatelist.report.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist sync-snapshot --from URL --to FILE}: pulls the published snapshot onto a lookup host. */
@Command(name = "sync-snapshot", mixinStandardHelpOptions = true,
        description = {"Fetch the snapshot served by serve-snapshot when it changed, verify it, and rename it into "
                + "place (readers following the file swap to it). Run it from cron or a systemd timer, or with "
                + "--every. A snapshot older than the one at --to (a lower revision, or the same revision with "
                + "other contents compiled no later) is refused unless --allow-rollback.",
            "Exit 0 when the file is current, 1 when the sync failed or timed out, 4 when a rollback was refused; "
                + "in both cases the file at --to is left as it was, and no temporary file is left beside it."})
final class SyncSnapshotCommand implements Callable<Integer> {

    /** The exit code of a refused rollback: distinct from a failure, so that a script can tell them apart. */
    static final int ROLLBACK_REFUSED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "URL", converter = SnapshotUrlConverter.class,
            description = "The snapshot URL, e.g. http://appliance.example.net:8080/snapshot.")
    URI from;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The local snapshot file.")
    Path to;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long one sync may take, connection and transfer together (default 30).")
    int timeout;

    @Option(names = "--every", paramLabel = "SECONDS",
            description = "Keep syncing at this interval instead of once.")
    Integer every;

    @Option(names = "--allow-rollback",
            description = "Install the snapshot served even when it is older than the one at --to.")
    boolean allowRollback;

    @Override
    public Integer call() throws Exception {
        if (timeout < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second, not " + timeout);
        }
        if (every != null && every < 1) {
            throw new ParameterException(spec.commandLine(), "--every must be at least 1 second, not " + every);
        }
        SnapshotSync sync = new SnapshotSync(Duration.ofSeconds(timeout), allowRollback);
        while (true) {
            int exit = once(sync);
            if (every == null) {
                return exit;
            }
            Thread.sleep(Duration.ofSeconds(every).toMillis());
        }
    }

    private int once(SnapshotSync sync) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String target = TerminalText.escape(to.toString());
        try {
            SnapshotSync.Result r = sync.sync(from, to);
            if (r.outcome() == SnapshotSync.Outcome.REFUSED) {
                err.println("gatelist: refused the snapshot from " + TerminalText.escape(from.toString()) + ": "
                        + TerminalText.escape(r.refusal()) + "; " + target + " is unchanged (--allow-rollback "
                        + "installs it)");
                err.flush();
                return ROLLBACK_REFUSED;
            }
            out.println((r.updated() ? "updated " : "unchanged ") + target + ": revision " + r.info().revision()
                    + ", checksum " + r.info().checksumHex());
            out.flush();
            return 0;
        } catch (FileSystemException e) {
            err.println("gatelist: cannot sync to " + FileProblems.describe(to, e));
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("gatelist: sync from " + TerminalText.escape(from.toString()) + " failed: "
                    + TerminalText.escape(e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            return 1;
        }
    }
}
