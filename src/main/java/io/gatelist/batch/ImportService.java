package io.gatelist.batch;

import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.RbldnsdDataset;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.FileDigest;
import io.gatelist.input.ImportKind;
import io.gatelist.input.RegularFile;
import io.gatelist.input.SafeFileName;
import io.gatelist.input.SourceNames;
import io.gatelist.storage.Database;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.NodeRegistry;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Properties;

/**
 * Imports files: takes a copy into the home (so the job reads a file nobody else can change), records the
 * import, runs its job to the end and reports the outcome. Also resumes imports whose job failed or whose JVM
 * died.
 */
public final class ImportService {

    /**
     * The outcome of running an import's job.
     *
     * @param run         the import as recorded after the job
     * @param executionId the job execution
     * @param status      how the execution ended
     * @param report      the HTML report, or {@code null} when the job did not get that far
     */
    public record Outcome(ImportRun run, long executionId, BatchStatus status, Path report) {
        public boolean completed() {
            return status == BatchStatus.COMPLETED;
        }
    }

    /**
     * How to import.
     *
     * @param source          the named source, or {@code null} for the file's name
     * @param chunkSize       rows per checkpoint
     * @param maxRejectedRows the most rejected rows for which accepted rows are applied; -1 for no limit
     */
    public record Options(String source, int chunkSize, int maxRejectedRows) {
        public Options {
            if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("a chunk is 1 to " + MAX_CHUNK_SIZE + " rows, not " + chunkSize);
            }
            if (maxRejectedRows < -1) {
                throw new IllegalArgumentException("the most rejected rows is 0 or more, or -1 for no limit, not "
                        + maxRejectedRows);
            }
        }
    }

    /**
     * Rows per chunk when gatelist.properties sets no {@code import.chunk-size}. A chunk is one transaction and one
     * checkpoint: 20,000 rather than 5,000 made a 1M-row policy import's validate-and-store about a quarter faster
     * (three back-to-back pairs of scripts/bench-import: 2.07x/1.88x/2.25x against 2.75x/2.90x/2.51x of CSVREAD),
     * and a restart redoes at most 20,000 rows, well under a second of work.
     */
    public static final int DEFAULT_CHUNK_SIZE = 20_000;

    /**
     * The largest chunk: a chunk's rows are held in memory until it is stored, so a chunk of a whole large file
     * would cost as much memory as the file's rows.
     */
    public static final int MAX_CHUNK_SIZE = 1_000_000;

    /**
     * The chunk size a home asks for: its {@code import.chunk-size}, else {@link #DEFAULT_CHUNK_SIZE}.
     *
     * @throws IllegalArgumentException when the setting is not 1 to {@value #MAX_CHUNK_SIZE}
     */
    public static int chunkSize(ApplianceHome home) {
        int size = home.intValue("import.chunk-size", DEFAULT_CHUNK_SIZE);
        if (size < 1 || size > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("import.chunk-size in gatelist.properties is a number of rows from 1 "
                    + "to " + MAX_CHUNK_SIZE + ", not " + size);
        }
        return size;
    }

    private final ApplianceHome home;
    private final Database database;
    private final ImportStore imports;
    private final BatchRuntime runtime;
    private final String owner;

    public ImportService(ApplianceHome home, Database database, BatchRuntime runtime) {
        this(home, database, runtime, null);
    }

    /**
     * An import service whose claims are owned by process {@code owner} (a {@link CommandLease}'s id, or a daemon
     * node's), so that another process does not resume them while it runs; {@code null}: no owner.
     */
    public ImportService(ApplianceHome home, Database database, BatchRuntime runtime, String owner) {
        this.home = home;
        this.database = database;
        this.imports = new ImportStore(database);
        this.runtime = runtime;
        this.owner = owner;
    }

    /** Claims a policy {@code file} and runs its import job to the end. */
    public Outcome importFile(Path file, Options options) throws IOException, InterruptedException {
        return importFile(file, options, ImportKind.POLICY);
    }

    /** Claims {@code file} as a file of {@code kind} and runs its import job ({@link ImportKind#jobId}) to the end. */
    public Outcome importFile(Path file, Options options, ImportKind kind) throws IOException, InterruptedException {
        return importFile(file, options, kind, new Properties());
    }

    /**
     * As {@link #importFile(Path, Options, ImportKind)}, with job parameters of that kind's job (for nominations: the
     * contact, see {@link JobParameters#CONTACT_EMAIL}).
     */
    public Outcome importFile(Path file, Options options, ImportKind kind, Properties jobParameters)
            throws IOException, InterruptedException {
        long id = claim(file, options.source() == null ? sourceName(file) : options.source(), kind);
        return run(id, options, jobParameters);
    }

    /**
     * Claims a reputation feed file as the new version of feed {@code feed} and runs its import job to the end. A
     * file with the same content as the feed's live version is recorded as DUPLICATE.
     *
     * @param feedDatabase the database, named: a feed in the other one is moved there (and the move reported);
     *                     {@code null} keeps the feed's own database, standard for a new feed
     */
    public Outcome importFeed(Path file, String feed, FeedDatabase feedDatabase, Options options)
            throws IOException, InterruptedException {
        RbldnsdDataset dataset = rbldnsdDataset(home, feed);
        long id = claim(file, feed, ImportKind.FEED);
        new FeedStore(database).assign(id, feed, feedDatabase == null ? FeedDatabase.STANDARD : feedDatabase,
                feedDatabase != null, dataset);
        return run(id, options);
    }

    /**
     * How a feed's rbldnsd data is read: {@code feed.rbldnsd-dataset.<feed>} in gatelist.properties, else
     * {@code feed.rbldnsd-dataset}, else ip4set.
     *
     * @throws IllegalArgumentException naming the setting when its value is neither ip4set nor ip4trie
     */
    public static RbldnsdDataset rbldnsdDataset(ApplianceHome home, String feed) {
        String key = "feed.rbldnsd-dataset." + feed;
        String value = home.value(key, null);
        if (value == null) {
            key = "feed.rbldnsd-dataset";
            value = home.value(key, RbldnsdDataset.DEFAULT.id());
        }
        try {
            return RbldnsdDataset.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ApplianceHome.CONFIG_FILE + ": " + key + " is ip4set or ip4trie, not \""
                    + value + "\"");
        }
    }

    /** The default source name of a file: its name without a date or version suffix. */
    public static String sourceName(Path file) {
        return SourceNames.of(String.valueOf(file.getFileName()));
    }

    /**
     * Copies {@code file} into {@code imports/<id>/} (hashing it on the way) and records the import as CLAIMED. The
     * job reads only that copy, and checks it against the hash when it opens it and once it has read it
     * (ClaimedFile), as it does a file claimed from the inbox.
     *
     * @return the import id
     */
    public long claim(Path file, String source, ImportKind kind) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        if (source == null || source.isBlank() || source.length() > 255) {
            throw new IllegalArgumentException("a source name is 1 to 255 characters: \"" + source + "\"");
        }
        DiskReserve.check(home, Files.size(file));
        Path incoming = Files.createTempFile(home.importsDir(), ".incoming-", ".tmp");
        try {
            MessageDigest digest = FileDigest.newSha256();
            long bytes;
            // A link named on the command line is the user's choice and is followed; the file it leads to is opened
            // as a regular file only (a named pipe put there since the check above would block the import).
            InputStream opened;
            try {
                opened = RegularFile.open(file.toRealPath());
            } catch (RegularFile.NotRegularException e) {
                throw new NoSuchFileException(file.toString(), null, "not a regular file");
            }
            try (InputStream in = opened;
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(incoming), digest)) {
                bytes = in.transferTo(out);
            }
            String sha = FileDigest.hex(digest);
            String name = String.valueOf(file.getFileName());
            long id = imports.create(kind, source.strip(), name, incoming, sha, bytes, owner);
            Path dir = Files.createDirectories(home.importsDir().resolve(Long.toString(id)));
            Path stored = dir.resolve(SafeFileName.of(name));
            Files.move(incoming, stored, StandardCopyOption.ATOMIC_MOVE);
            imports.setStoredPath(id, stored);
            return id;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /** Runs the import job of a claimed import to the end. */
    public Outcome run(long importId, Options options) throws InterruptedException {
        return run(importId, options, new Properties());
    }

    private Outcome run(long importId, Options options, Properties extra) throws InterruptedException {
        Properties parameters = new Properties();
        parameters.putAll(extra);
        parameters.setProperty(JobParameters.IMPORT_ID, Long.toString(importId));
        parameters.setProperty(JobParameters.CHUNK_SIZE, Integer.toString(options.chunkSize()));
        parameters.setProperty(JobParameters.MAX_REJECTED_ROWS, Integer.toString(options.maxRejectedRows()));
        ImportKind kind = imports.get(importId).kind();
        if (kind == null) {
            throw new IllegalStateException("no import job for " + ImportKind.UNKNOWN + " files");
        }
        long execution = runtime.start(kind.jobId(), parameters);
        return finish(importId, execution);
    }

    /**
     * Restarts an import whose job failed or was left running by a JVM that died, from its last checkpoint; runs
     * the job of an import claimed by a process that died before starting it.
     */
    public Outcome resume(long importId, Options options) throws InterruptedException {
        return resume(importId, options, null);
    }

    /**
     * As {@link #resume(long, Options)}, called by daemon node {@code callerNode} (null: the command line). An
     * import that belongs to another process which is alive (a daemon node, or a command still running it) is
     * refused: that process finishes it.
     */
    public Outcome resume(long importId, Options options, String callerNode) throws InterruptedException {
        ImportRun run = imports.get(importId);
        if (ownedByAnotherLiveProcess(run, callerNode)) {
            throw new IllegalStateException(run.nodeId().startsWith("cli-")
                    ? "import " + importId + " is running in another gatelist process (" + run.nodeId()
                            + "): it is not resumed while that process runs"
                    : "import " + importId + " belongs to node " + run.nodeId() + ", which is alive: that node "
                            + "resumes it");
        }
        if (callerNode == null && owner != null && !owner.equals(run.nodeId())
                && !imports.takeOwnership(importId, run.nodeId(), owner)) {
            throw new IllegalStateException("import " + importId + " was taken up by another gatelist process "
                    + "meanwhile: it is not resumed twice");
        }
        boolean neverStarted = run.jobExecutionId() == 0 && run.state() == ImportState.CLAIMED;
        if (neverStarted && Files.isRegularFile(run.storedPath())) {
            return run(importId, options); // the process died between claiming the file and starting the job
        }
        boolean unfinished = run.state() == ImportState.FAILED || run.state() == ImportState.VALIDATING
                || decidedButUnfinished(run);
        if (!unfinished || run.jobExecutionId() == 0) {
            throw new IllegalStateException("import " + importId + " is " + run.state()
                    + "; only FAILED imports, CLAIMED and VALIDATING ones whose process died, and decided ones whose "
                    + "report was not written can be resumed");
        }
        long execution = runtime.restart(run.jobExecutionId(), new Properties());
        return finish(importId, execution);
    }

    /** True when {@code run} belongs to a process other than {@code caller} that still runs. */
    private boolean ownedByAnotherLiveProcess(ImportRun run, String caller) {
        if (run.nodeId() == null || run.nodeId().equals(caller)) {
            return false;
        }
        NodeRegistry nodes = new NodeRegistry(database);
        java.time.Duration lease = java.time.Duration.ofMillis(home.longValue("cluster.lease-millis", 30_000));
        return CommandLease.alive(run.nodeId(), nodes, lease).orElseGet(() -> nodes.alive(run.nodeId(), lease));
    }

    /**
     * Imports that a dead process left mid-way, whose job failed, or that were decided (applied or held) but whose
     * job then failed or died before the overlap analysis or the report was written: candidates for
     * {@link #resume}.
     */
    public List<ImportRun> resumable() {
        return imports.recent(10_000).stream()
                .filter(r -> r.state() == ImportState.FAILED || r.state() == ImportState.VALIDATING
                        || (r.state() == ImportState.CLAIMED && Files.isRegularFile(r.storedPath()))
                        || decidedButUnfinished(r))
                .filter(r -> !ownedByAnotherLiveProcess(r, owner))
                .sorted(java.util.Comparator.comparingLong(ImportRun::id))
                .toList();
    }

    /**
     * True for an import whose decision was recorded while its job did not complete: a later step failed or was
     * stopped (the message says so), or the JVM died or halted in it (no report.html yet: it is written last). The
     * job repository has the last word.
     */
    public boolean decidedButUnfinished(ImportRun run) {
        if (run.state() != ImportState.ACCEPTED && run.state() != ImportState.REJECTED || run.jobExecutionId() == 0) {
            return false;
        }
        if (!ImportStore.unfinished(run)
                && Files.exists(home.reportsDir().resolve(Long.toString(run.id())).resolve("report.html"))) {
            return false;
        }
        try {
            return runtime.operator().getJobExecution(run.jobExecutionId()).getBatchStatus() != BatchStatus.COMPLETED;
        } catch (RuntimeException e) {
            return false; // the execution was purged: nothing to restart
        }
    }

    private Outcome finish(long importId, long execution) throws InterruptedException {
        JobExecution ended = runtime.await(execution);
        BatchStatus status = ended.getBatchStatus();
        if (status == BatchStatus.COMPLETED) {
            imports.clearUnfinished(importId);
        } else {
            Throwable cause = status == BatchStatus.STOPPED ? null : runtime.failureCause(execution);
            String why = status == BatchStatus.STOPPED ? "stopped at a checkpoint (shutdown); it resumes when the "
                    + "daemon starts, or with: gatelist resume " + importId
                    : runtime.failureSummary(execution) + "; resume with: gatelist resume " + importId;
            if (FatalErrors.errorIn(cause) != null) {
                try {
                    recordFailure(importId, why);
                } catch (Throwable ignored) {
                    // the error may have taken the database with it: the import then stays VALIDATING, which
                    // resumes just the same
                }
                FatalErrors.halt(cause, "import " + importId);
            }
            recordFailure(importId, why);
        }
        Path report = home.reportsDir().resolve(Long.toString(importId)).resolve("report.html");
        return new Outcome(imports.get(importId), execution, status, Files.exists(report) ? report : null);
    }

    /** A failed or stopped job: the import is FAILED, or keeps the decision it had reached, noted as unfinished. */
    private void recordFailure(long importId, String why) {
        ImportRun decided = imports.get(importId);
        if (decided.state() == ImportState.ACCEPTED || decided.state() == ImportState.REJECTED) {
            imports.noteUnfinished(importId, why);
        } else {
            imports.fail(importId, why);
        }
    }
}
