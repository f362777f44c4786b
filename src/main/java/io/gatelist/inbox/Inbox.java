package io.gatelist.inbox;

import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedNames;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.FileDigest;
import io.gatelist.input.FileKind;
import io.gatelist.input.LandingRules;
import io.gatelist.input.SafeFileName;
import io.gatelist.input.SourceNames;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * The inbox's file handling: claiming a complete file by an atomic move into {@code processing/<import-id>/}
 * before it is read, telling its kind and whether it repeats content already imported, and moving the original
 * afterwards to {@code archive/YYYY-MM-DD/<import-id>/} or {@code rejected/<import-id>/} with its reports.
 * Originals are never deleted here. A file's name only labels it: the stored copy gets a sanitised name.
 */
final class Inbox {

    /** What to do with a claimed file. */
    enum Disposition {
        /** Run its import job. */
        RUN,
        /** Nothing to do: recorded as DUPLICATE or REJECTED, or it vanished. */
        DONE
    }

    /** Claim folders are named with this prefix and a random UUID. */
    static final String CLAIM_PREFIX = ".claim-";

    /** The kinds whose import jobs exist. */
    private final Set<String> importable;
    private final String nodeId;
    private final ApplianceHome home;
    private final ImportStore imports;
    private final Clock clock;
    private final FeedStore feeds;

    Inbox(ApplianceHome home, ImportStore imports, Set<String> importable, String nodeId, Clock clock) {
        this(home, imports, null, importable, nodeId, clock);
    }

    /** @param feeds where a feed file's feed and database are recorded; {@code null} refuses feed files */
    Inbox(ApplianceHome home, ImportStore imports, FeedStore feeds, Set<String> importable, String nodeId,
            Clock clock) {
        this.feeds = feeds;
        this.nodeId = nodeId;
        this.home = home;
        this.imports = imports;
        this.importable = importable;
        this.clock = clock;
    }

    /**
     * Claims a complete file of the inbox. The atomic move into a private folder {@code processing/.claim-<uuid>/}
     * comes first, so that of several nodes sharing the inbox exactly one takes the file and the others record
     * nothing; then the import is recorded, the folder renamed to {@code processing/<id>/}, the file hashed.
     *
     * @return the import id, or -1 when the file was gone (another node took it)
     */
    long claim(Path file, String origin) throws IOException {
        String name = String.valueOf(file.getFileName());
        Path marker = file.resolveSibling(name + LandingRules.DONE);
        boolean pulled = Files.exists(marker) && Files.size(marker) < 4096
                && Files.readString(marker, StandardCharsets.UTF_8).startsWith(FilePuller.MARKER_TEXT);
        Path claim = Files.createDirectories(home.processingDir().resolve(CLAIM_PREFIX + UUID.randomUUID()));
        Path claimed = claim.resolve(SafeFileName.of(name));
        try {
            Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(claim);
            return -1;
        }
        if (Files.exists(marker)) {
            try {
                Files.move(marker, claim.resolve(claimed.getFileName() + LandingRules.DONE),
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                // the marker went with the file to nobody: harmless
            }
        }
        long id = imports.createPending("unknown", SourceNames.of(name), name, claimed, pulled ? "pull" : origin,
                nodeId);
        Path dir = processing(id);
        Files.move(claim, dir, StandardCopyOption.ATOMIC_MOVE);
        record(id, dir.resolve(claimed.getFileName()));
        return id;
    }

    /** Hashes the claimed copy and records where it is. */
    private void record(long id, Path stored) throws IOException {
        imports.recordClaimed(id, "unknown", stored, FileDigest.sha256(stored), Files.size(stored));
    }

    /**
     * Decides a claimed import: refused as a whole (empty, binary, of no importable kind), a duplicate of the
     * source's latest version, or to be imported. Also completes claims that a crash interrupted after the move.
     */
    Disposition dispatch(long id) throws IOException {
        ImportRun run = imports.get(id);
        if (run.sha256() == null) {
            // A crash came between recording the claim and hashing: the file is in its claim folder or moved on.
            Path claimFolder = run.storedPath().getParent();
            if (claimFolder != null && Files.isDirectory(claimFolder) && !Files.exists(processing(id))) {
                Files.move(claimFolder, processing(id), StandardCopyOption.ATOMIC_MOVE);
            }
            Path found = claimedFile(id);
            if (found == null) {
                imports.fail(id, "the claimed file is missing from " + processing(id));
                return Disposition.DONE;
            }
            record(id, found);
            run = imports.get(id);
        }
        FileKind.Detection kind = FileKind.detect(run.storedPath());
        if (!kind.known()) {
            imports.reject(id, "refused: " + kind.reason());
            return Disposition.DONE;
        }
        imports.recordClaimed(id, kind.kind(), run.storedPath(), run.sha256(), run.bytes());
        if (!importable.contains(kind.kind())) {
            imports.reject(id, "refused: this appliance has no importer for " + kind.kind() + " files yet");
            return Disposition.DONE;
        }
        if ("feed".equals(kind.kind())) {
            if (feeds == null) {
                imports.reject(id, "refused: this inbox takes no feed files");
                return Disposition.DONE;
            }
            assignFeed(id, run);
        }
        ImportRun latest = imports.latestVersionOf(run.sourceName(), id);
        if (latest != null && latest.id() < id && run.sha256().equals(latest.sha256())) {
            imports.markDuplicate(id, latest.id(), "same content as import " + latest.id() + " (" + latest.state()
                    + ") of source \"" + run.sourceName() + "\"; nothing applied");
            return Disposition.DONE;
        }
        return Disposition.RUN;
    }

    /**
     * A feed file dropped in the inbox names no feed: it is a version of the feed named by its file name (without
     * date, version and extension, sanitised: {@link FeedNames}), in database {@code inbox.feed-database.<feed>},
     * else {@code inbox.feed-database}, else standard.
     */
    private void assignFeed(long id, ImportRun run) {
        String feed = FeedNames.of(run.fileName());
        String database = home.value("inbox.feed-database." + feed, home.value("inbox.feed-database", "standard"));
        feeds.assign(id, feed, FeedDatabase.of(database));
    }

    /** The file a crash left in {@code processing/<id>/} before its claim was recorded, or {@code null}. */
    private Path claimedFile(long id) throws IOException {
        Path dir = processing(id);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().endsWith(LandingRules.DONE) && Files.isRegularFile(f)) {
                    return f;
                }
            }
        }
        return null;
    }

    /**
     * Moves a finished import's original out of {@code processing/}: ACCEPTED and DUPLICATE to the archive,
     * REJECTED to {@code rejected/} with the reason; both with copies of the reports. FAILED imports stay, to be
     * resumed.
     */
    void file(long id) throws IOException {
        ImportRun run = imports.get(id);
        Path source = processing(id);
        if (!Files.isDirectory(source) || run.state() == ImportState.FAILED || run.state() == ImportState.CLAIMED
                || run.state() == ImportState.VALIDATING) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Path target = run.state() == ImportState.REJECTED ? home.rejectedDir().resolve(Long.toString(id))
                : home.archiveDir().resolve(day.toString()).resolve(Long.toString(id));
        Files.createDirectories(target.getParent());
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        if (run.storedPath() != null && !run.storedPath().toString().isEmpty()) {
            imports.setStoredPath(id, target.resolve(run.storedPath().getFileName()));
        }
        Path reports = home.reportsDir().resolve(Long.toString(id));
        for (String report : new String[] {"report.json", "report.html", "rejected-rows.csv", "findings.jsonl"}) {
            Path r = reports.resolve(report);
            if (Files.exists(r)) {
                Files.copy(r, target.resolve(report), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (run.state() != ImportState.ACCEPTED) {
            Files.writeString(target.resolve("OUTCOME.txt"), run.state() + ": " + run.message() + "\n",
                    StandardCharsets.UTF_8);
        }
    }

    /**
     * Puts back into the inbox the file of a claim folder that a JVM abandoned between taking the file and
     * recording the import (no import refers to it, and it is older than the lease, so no live node is still
     * working on it). The file is then claimed again like any other.
     */
    void returnAbandonedClaim(Path claimFolder, java.time.Duration lease, Path inboxDir, DaemonLog log)
            throws IOException {
        long age = clock.millis() - Files.getLastModifiedTime(claimFolder).toMillis();
        if (age < lease.toMillis() || imports.refersTo(claimFolder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(claimFolder)) {
            for (Path f : files) {
                Path back = inboxDir.resolve(f.getFileName());
                if (!Files.exists(back)) {
                    Files.move(f, back, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        try {
            Files.delete(claimFolder);
            log.info("returned the file of an abandoned claim (" + claimFolder.getFileName() + ") to the inbox");
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            log.warn(claimFolder + " was abandoned, and its file clashes with one in the inbox: left as it is");
        }
    }

    /** True when a finished import's original is still in processing/ (a crash came before it was filed). */
    boolean unfiled(long id) {
        return Files.isDirectory(processing(id));
    }

    Path processing(long id) {
        return home.processingDir().resolve(Long.toString(id));
    }
}
