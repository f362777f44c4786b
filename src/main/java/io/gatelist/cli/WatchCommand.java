package io.gatelist.cli;

import io.gatelist.inbox.DaemonLog;
import io.gatelist.inbox.InboxDaemon;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist watch}: the inbox daemon. */
@Command(name = "watch", aliases = "serve", mixinStandardHelpOptions = true,
        description = "Import files dropped into the home's inbox/ folder, run the schedules of gatelist.properties "
                + "and publish snapshots/current.bin, until stopped (SIGTERM or Ctrl-C: the running import stops at "
                + "its next checkpoint and resumes on the next start). Writes one line per event to standard output.")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's id among daemons sharing one database "
            + "(default: $GATELIST_NODE_ID, else the host name). Keep it the same across restarts of a node.")
    String nodeId;

    @Option(names = "--inbox", paramLabel = "DIR", description = "Watch this folder instead of the home's inbox/ "
            + "(nodes sharing a home may each have an inbox of their own).")
    Path inbox;

    @Override
    public Integer call() throws Exception {
        try (Session session = Session.openForDaemon(parent)) {
            DaemonLog log = new DaemonLog(System.out, Clock.systemUTC());
            String id = nodeId != null ? nodeId : System.getenv().getOrDefault("GATELIST_NODE_ID",
                    InboxDaemon.defaultNodeId());
            InboxDaemon daemon = new InboxDaemon(session.home, session.database, session.batch(), log,
                    Clock.systemUTC(), id, inbox != null ? inbox.toAbsolutePath() : session.home.inboxDir());
            Runnable stop = () -> {
                log.info("stop requested");
                daemon.stop();
            };
            // SIGTERM and SIGINT are handled before the JVM begins to shut down: otherwise H2's and the JVM's own
            // shutdown work would race the job that is finishing its chunk. The hook remains for other exits.
            boolean signals = Signals.handle(stop, "TERM", "INT");
            Thread hook = new Thread(() -> {
                stop.run();
                try {
                    daemon.awaitStopped(TimeUnit.MINUTES.toMillis(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "gatelist-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (!signals) {
                log.warn("signal handlers unavailable: SIGTERM will stop the running job less gracefully");
            }
            try {
                daemon.run();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is already running
                }
            }
        }
        return 0;
    }
}
