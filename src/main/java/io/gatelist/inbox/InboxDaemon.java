package io.gatelist.inbox;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.FatalErrors;
import io.gatelist.batch.ImportService;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.input.LandingRules;
import io.gatelist.report.ImportReportWriter;
import io.gatelist.storage.Database;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.NodeRegistry;
import io.gatelist.storage.PullStore;
import io.gatelist.storage.ScheduleStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code gatelist watch}: imports what lands in the inbox, unattended, until stopped.
 *
 * <p>One loop does everything in order, so that two imports of one source never race: poll the inbox (the JDK
 * WatchService wakes it early; a periodic rescan catches what events miss), claim every complete file, run each
 * claimed import's job, file the original, publish the snapshot when a burst of applied imports has settled, and
 * run due schedules. On start it first finishes what a dead JVM left: claims interrupted mid-way, executions left
 * STARTED (restarted from their checkpoints), originals not yet filed, and a published snapshot older than the lists.
 * {@link #stop()} asks a running job to stop at its next checkpoint; the import resumes on the next start.
 */
public final class InboxDaemon {

    private final ApplianceHome home;
    private final ImportStore imports;
    private final ImportService importer;
    private final BatchRuntime batch;
    private final Inbox inbox;
    private final LandingRules rules;
    private final SnapshotPublishing publishing;
    private final Schedules schedules;
    private final ImportReportWriter reports;
    private final DaemonLog log;
    private final Clock clock;
    private final long pollMillis;
    private final NodeRegistry nodes;
    private final String nodeId;
    private final Path inboxDir;
    private final Duration lease;
    private final Deque<Long> queue = new ArrayDeque<>();
    private long nextTakeOverCheck;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile long currentImport;
    private boolean indexStale;

    /**
     * A daemon node.
     *
     * @param nodeId   this node's id, stable across restarts of the same node (its unfinished imports are recovered
     *                 at once on start; other nodes' only after their lease expired)
     * @param inboxDir the inbox this node watches: the home's, or a folder of its own
     */
    public InboxDaemon(ApplianceHome home, Database db, BatchRuntime batch, DaemonLog log, Clock clock, String nodeId,
            Path inboxDir) {
        this.nodeId = nodeId;
        this.inboxDir = inboxDir;
        this.nodes = new NodeRegistry(db);
        this.lease = Duration.ofMillis(Math.max(1000, home.longValue("cluster.lease-millis", 30_000)));
        this.home = home;
        this.batch = batch;
        this.log = log;
        this.clock = clock;
        this.imports = new ImportStore(db);
        this.importer = new ImportService(home, db, batch);
        this.inbox = new Inbox(home, imports, new io.gatelist.storage.FeedStore(db), nodeId, clock);
        this.pollMillis = Math.max(10, home.longValue("inbox.poll-millis", 1000));
        this.rules = new LandingRules(home.intValue("inbox.stable-polls", 2), home.longValue("inbox.min-age-millis", 2000));
        this.publishing = new SnapshotPublishing(home, batch, new EntryStore(db),
                home.longValue("publish.debounce-millis", 2000), home.intValue("publish.keep-versions", 10),
                home.booleanValue("publish.accept-overlaps", false), nodes, log);
        this.reports = new ImportReportWriter(imports, new FindingStore(db), home.reportsDir());
        this.schedules = new Schedules(new ScheduleStore(db), log);
        configureSchedules(db);
    }

    private void configureSchedules(Database db) {
        String pull = home.value("schedule.pull.cron", null);
        if (pull != null) {
            String from = home.value("schedule.pull.from", null);
            if (from == null) {
                throw new IllegalArgumentException("schedule.pull.cron is set but schedule.pull.from is not");
            }
            FilePuller puller = new FilePuller(new PullStore(db), home.longValue("inbox.min-age-millis", 2000));
            schedules.add("pull", pull, () -> {
                FilePuller.Result r = puller.pull(Path.of(from), inboxDir, clock.millis());
                log.info("pulled " + r.pulled() + " file(s) from " + from + " (" + r.unchanged() + " unchanged, "
                        + r.waiting() + " waiting)");
                if (!r.refused().isEmpty()) {
                    log.warn("not pulled, not regular files (never followed or read): "
                            + String.join(", ", r.refused()));
                }
            });
        }
        String publish = home.value("schedule.publish.cron", null);
        if (publish != null) {
            schedules.add("publish", publish, () -> publishing.publishNow("schedule"));
        }
        String purge = home.value("schedule.purge.cron", null);
        if (purge != null) {
            Retention retention = new Retention(db, home.reportsDir(), home.archiveDir(), home.rejectedDir());
            schedules.add("purge", purge, () -> {
                Retention.Result r = retention.purge(OffsetDateTime.now(clock),
                        home.intValue("retention.job-executions-days", 30), home.intValue("retention.reports-days", 90),
                        home.intValue("retention.archive-days", 365));
                indexStale = true;
                log.info("purged " + r.jobInstances() + " job instance(s), " + r.reports() + " report(s), "
                        + r.archiveDays() + " archive day(s), " + r.rejected() + " rejected file(s)");
            });
        }
    }

    /** A daemon node with the home's inbox and an id naming this host. */
    public InboxDaemon(ApplianceHome home, Database db, BatchRuntime batch, DaemonLog log, Clock clock) {
        this(home, db, batch, log, clock, defaultNodeId(), home.inboxDir());
    }

    /** The host name: one node per host unless told otherwise. */
    public static String defaultNodeId() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** Runs until {@link #stop()}. */
    public void run() throws IOException, InterruptedException {
        Files.createDirectories(inboxDir);
        nodes.register(nodeId, defaultNodeId());
        log.info("node " + nodeId + " watching " + inboxDir + " (home " + home.root() + ")");
        // The heartbeat has its own thread: a long import must not make this node look dead.
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatelist-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                nodes.heartbeat(nodeId);
            } catch (RuntimeException e) {
                log.warn("heartbeat failed: " + e.getMessage());
            } catch (Error e) {
                // a scheduled task's Error would only cancel the heartbeat, silently: the node would look dead
                FatalErrors.halt(e, "gatelist-heartbeat");
            }
        }, lease.toMillis() / 3, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            inboxDir.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            recover();
            if (!stopRequested && publishing.stale()) {
                publishing.publishNow("the published snapshot is older than the lists");
            }
            while (!stopRequested) {
                for (Path file : rules.poll(inboxDir, clock.millis())) {
                    if (stopRequested) {
                        break;
                    }
                    long id = inbox.claim(file, "inbox");
                    rules.forget(file);
                    if (id > 0) {
                        log.info("claimed " + file.getFileName() + " as import " + id);
                        queue.add(id);
                    }
                }
                drainQueue();
                if (stopRequested) {
                    break;
                }
                takeOverStranded();
                publishing.publishIfDue(clock.millis());
                schedules.runDue(ZonedDateTime.now(clock));
                if (indexStale && queue.isEmpty()) {
                    reports.writeIndex();
                    indexStale = false;
                }
                WatchKey key = watcher.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents(); // the content of events does not matter: the next poll looks at the folder
                    key.reset();
                }
            }
        } finally {
            heartbeat.shutdownNow();
            log.info("stopped");
            stopped.countDown();
        }
    }

    /**
     * Takes over the unfinished imports of nodes whose heartbeat is older than the lease: a node that died
     * mid-import loses nothing; its execution is restarted here from its last checkpoint.
     */
    private void takeOverStranded() throws IOException, InterruptedException {
        long now = clock.millis();
        if (now < nextTakeOverCheck) {
            return;
        }
        nextTakeOverCheck = now + lease.toMillis() / 2;
        for (ImportRun run : imports.inStates(ImportState.CLAIMED, ImportState.VALIDATING)) {
            String owner = run.nodeId();
            // A command-line import (origin cli) is left to gatelist resume, as when the daemon starts.
            if (stopRequested || owner == null || "cli".equals(run.origin()) || owner.equals(nodeId)
                    || nodes.alive(owner, lease)
                    || !nodes.takeOver(run.id(), owner, nodeId)) {
                continue;
            }
            log.info("node " + owner + " is silent: taking over import " + run.id() + " " + run.fileName());
            recoverImport(imports.get(run.id()));
        }
    }

    private long waitMillis() {
        long wait = pollMillis;
        long publish = publishing.millisUntilDue(clock.millis());
        if (publish >= 0) {
            wait = Math.min(wait, Math.max(1, publish));
        }
        long schedule = schedules.millisUntilNext(ZonedDateTime.now(clock));
        if (schedule >= 0) {
            wait = Math.min(wait, Math.max(1, schedule));
        }
        return wait;
    }

    private void drainQueue() throws IOException, InterruptedException {
        Long id;
        while (!stopRequested && (id = queue.poll()) != null) {
            process(id);
        }
    }

    /** Dispatches a claimed import, runs its job when it is to be imported, and files the original. */
    private void process(long id) throws IOException, InterruptedException {
        if (inbox.dispatch(id) == Inbox.Disposition.RUN) {
            ImportRun run = imports.get(id);
            currentImport = id;
            try {
                importer.run(id, options(run.kind()));
            } finally {
                currentImport = 0;
            }
        }
        finish(id);
    }

    private void finish(long id) throws IOException {
        // A decided import whose job did not finish waits in processing/ for its report: the next start resumes it.
        if (!importer.decidedButUnfinished(imports.get(id))) {
            String changedLater = inbox.file(id);
            if (changedLater != null) {
                log.warn(changedLater);
            }
        }
        ImportRun run = imports.get(id);
        indexStale = true;
        if (run.state() == ImportState.ACCEPTED) {
            publishing.request(clock.millis());
        }
        log.info("import " + id + " " + run.fileName() + ": " + run.state() + (run.message() == null ? ""
                : " — " + run.message()));
    }

    private ImportService.Options options(ImportKind kind) {
        return new ImportService.Options(null, ImportService.chunkSize(home),
                home.intValue("inbox.max-rejected-rows." + ImportKind.stored(kind), 0));
    }

    /**
     * Finishes what this node's previous JVM left behind (it died, or was stopped): claims not yet imported,
     * executions left STARTED or stopped at a checkpoint, originals not yet filed, claim folders abandoned between
     * the move and the record. Imports started from the command line are left to {@code gatelist resume}.
     */
    private void recover() throws IOException, InterruptedException {
        for (ImportRun run : imports.inStates(ImportState.CLAIMED, ImportState.VALIDATING, ImportState.FAILED)) {
            if (stopRequested) {
                return;
            }
            boolean mine = nodeId.equals(run.nodeId()) || (run.nodeId() == null && !"cli".equals(run.origin()));
            if (mine && (run.state() != ImportState.FAILED || run.jobExecutionId() != 0)) {
                recoverImport(run);
            }
        }
        // Decided, but the JVM died (or halted on an Error) before the overlaps or the report were written.
        for (ImportRun run : importer.resumable()) {
            if (stopRequested) {
                return;
            }
            boolean mine = nodeId.equals(run.nodeId()) || (run.nodeId() == null && !"cli".equals(run.origin()));
            if (mine && importer.decidedButUnfinished(run)) {
                recoverImport(run);
            }
        }
        if (!Files.isDirectory(home.processingDir())) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home.processingDir())) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.startsWith(Inbox.CLAIM_PREFIX)) {
                    inbox.returnAbandonedClaim(dir, lease, inboxDir, log);
                } else if (name.matches("\\d{1,18}")) {
                    fileIfFinished(dir, Long.parseLong(name));
                }
            }
        }
    }

    /** Continues one unfinished import: dispatch and run a claim, or restart an execution from its checkpoint. */
    private void recoverImport(ImportRun run) throws IOException, InterruptedException {
        if (run.state() == ImportState.CLAIMED) {
            log.info("recovering import " + run.id() + " " + run.fileName() + ": claimed, not yet imported");
            process(run.id());
            return;
        }
        log.info("recovering import " + run.id() + " " + run.fileName() + ": restarting execution "
                + run.jobExecutionId() + " from its last checkpoint");
        currentImport = run.id();
        try {
            importer.resume(run.id(), options(run.kind()), nodeId);
        } catch (RuntimeException e) {
            log.warn("import " + run.id() + " could not be resumed: " + e.getMessage());
        } finally {
            currentImport = 0;
        }
        finish(run.id());
    }

    /** Files the original of a finished import that a crash left in processing/. */
    private void fileIfFinished(Path dir, long id) throws IOException {
        ImportState state;
        try {
            state = imports.get(id).state();
        } catch (RuntimeException e) {
            log.warn(dir + " belongs to no import; left as it is");
            return;
        }
        if (state == ImportState.ACCEPTED || state == ImportState.REJECTED || state == ImportState.DUPLICATE) {
            inbox.file(id);
        }
    }

    /**
     * Asks the daemon to stop: the loop ends after the current step, and a running import job is stopped at its
     * next checkpoint (it resumes on the next start). Safe to call from a shutdown hook.
     */
    public void stop() {
        stopRequested = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stopped.getCount() > 0 && System.nanoTime() < deadline) {
            long id = currentImport;
            if (id == 0) {
                return; // no job running: the loop notices the request at its next turn
            }
            long execution = imports.get(id).jobExecutionId();
            if (execution != 0) {
                try {
                    batch.operator().stop(execution);
                    return;
                } catch (RuntimeException e) {
                    // not running yet, or already ending: look again
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the loop has ended. */
    public boolean awaitStopped(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }
}
