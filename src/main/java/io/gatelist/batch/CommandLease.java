package io.gatelist.batch;

import io.gatelist.storage.NodeRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lease of a command-line process that imports: the imports it claims carry its id ({@code cli-PID@HOST}), and
 * it keeps a heartbeat for as long as it runs, so that {@code gatelist resume} in another process can tell an
 * import still running from one whose process died. On the same host the process itself is asked after (a
 * process killed with {@code kill -9} is resumable at once); on another host sharing the database, its heartbeat.
 */
public final class CommandLease implements AutoCloseable {

    private static final String PREFIX = "cli-";

    private final NodeRegistry nodes;
    private final String id;
    private final ScheduledExecutorService heartbeat;

    private CommandLease(NodeRegistry nodes, String id, ScheduledExecutorService heartbeat) {
        this.nodes = nodes;
        this.id = id;
        this.heartbeat = heartbeat;
    }

    /** Registers this process and starts its heartbeat, every third of {@code lease}. */
    public static CommandLease take(NodeRegistry nodes, Duration lease) {
        String host = host();
        String id = PREFIX + ProcessHandle.current().pid() + "@" + host;
        nodes.register(id, host);
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatelist-command-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, lease.toMillis() / 3);
        beat.scheduleWithFixedDelay(() -> {
            try {
                nodes.heartbeat(id);
            } catch (RuntimeException e) {
                // the database is away for a moment: the next beat tries again, and the lease covers the gap
            } catch (Error e) {
                FatalErrors.halt(e, "gatelist-command-heartbeat"); // else it would only cancel the heartbeat
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new CommandLease(nodes, id, beat);
    }

    /** This process's id, recorded on the imports it claims. */
    public String id() {
        return id;
    }

    /**
     * True while the command-line process {@code nodeId} runs: on this host, when a process of that id exists; on
     * another, when its heartbeat is younger than {@code lease}. Empty when {@code nodeId} is no command's.
     */
    static Optional<Boolean> alive(String nodeId, NodeRegistry nodes, Duration lease) {
        if (nodeId == null || !nodeId.startsWith(PREFIX) || nodeId.indexOf('@') < 0) {
            return Optional.empty();
        }
        String pid = nodeId.substring(PREFIX.length(), nodeId.indexOf('@'));
        String host = nodeId.substring(nodeId.indexOf('@') + 1);
        if (host.equals(host())) {
            try {
                return Optional.of(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false));
            } catch (NumberFormatException e) {
                return Optional.of(false);
            }
        }
        return Optional.of(nodes.alive(nodeId, lease));
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Stops the heartbeat and removes this process from the registry: its imports are resumable from now on. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            nodes.forget(id);
        } catch (RuntimeException e) {
            // the database is gone already; the row stays, and its heartbeat is old from now on
        }
    }
}
