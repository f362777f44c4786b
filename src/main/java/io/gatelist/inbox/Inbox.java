package io.gatelist.inbox;

import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedNames;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.FileDigest;
import io.gatelist.input.ImportKind;
import io.gatelist.input.LandingRules;
import io.gatelist.input.RegularFile;
import io.gatelist.input.SafeFileName;
import io.gatelist.input.SourceNames;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FeedStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.ImportState;
import io.gatelist.storage.ImportStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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

    /** The one-line outcome written beside a file that was not accepted. */
    static final String OUTCOME = "OUTCOME.txt";

    /** What {@link #file} writes beside the original in its archive or rejected folder. */
    static final List<String> REPORT_FILES = List.of("report.json", "report.html", "rejected-rows.csv",
            "findings.jsonl", OUTCOME);

    /**
     * The name a claimed file is stored under: its safe name, prefixed with {@code original-} when that is the name
     * of a report filed beside it, so that filing never writes a report over the original.
     */
    static String storedName(String name) {
        String safe = SafeFileName.of(name);
        return REPORT_FILES.stream().anyMatch(safe::equalsIgnoreCase) ? "original-" + safe : safe;
    }

    /** Claim folders are named with this prefix and a random UUID. */
    static final String CLAIM_PREFIX = ".claim-";

    private final String nodeId;
    private final ApplianceHome home;
    private final ImportStore imports;
    private final Clock clock;
    private final FeedStore feeds;

    Inbox(ApplianceHome home, ImportStore imports, String nodeId, Clock clock) {
        this(home, imports, null, nodeId, clock);
    }

    /** @param feeds where a feed file's feed and database are recorded; {@code null} refuses feed files */
    Inbox(ApplianceHome home, ImportStore imports, FeedStore feeds, String nodeId, Clock clock) {
        this.feeds = feeds;
        this.nodeId = nodeId;
        this.home = home;
        this.imports = imports;
        this.clock = clock;
    }

    /**
     * Claims a complete file of the inbox. The atomic move into a private folder {@code processing/.claim-<uuid>/}
     * (readable by this user only) comes first, so that of several nodes sharing the inbox exactly one takes the file
     * and the others record nothing; then the import is recorded, the folder renamed to {@code processing/<id>/},
     * the file hashed. The move renames whatever the name holds without opening or following it: a symbolic link, a
     * named pipe or a device is then refused (REJECTED, with what it is), and filed like any refused file, never
     * read.
     *
     * @return the import id, or -1 when the file was gone (another node took it)
     */
    long claim(Path file, String origin) throws IOException {
        String name = String.valueOf(file.getFileName());
        Path marker = file.resolveSibling(name + LandingRules.DONE);
        boolean pulled = pulledMarker(marker);
        Path claim = createPrivateDirectory(home.processingDir().resolve(CLAIM_PREFIX + UUID.randomUUID()));
        Path claimed = claim.resolve(storedName(name));
        try {
            Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            Files.deleteIfExists(claim);
            return -1;
        }
        if (Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(marker, claim.resolve(claimed.getFileName() + LandingRules.DONE),
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                // the marker went with the file to nobody: harmless
            }
        }
        long id = imports.createPending(SourceNames.of(name), name, claimed, pulled ? "pull" : origin, nodeId);
        Path dir = processing(id);
        Files.move(claim, dir, StandardCopyOption.ATOMIC_MOVE);
        record(id, dir.resolve(claimed.getFileName()));
        return id;
    }

    /**
     * True when {@code marker} says the puller landed the file: a small regular file starting with
     * {@link FilePuller#MARKER_TEXT}. Read without following a link and never when it is anything else (a named
     * pipe would wait for a writer).
     */
    private static boolean pulledMarker(Path marker) throws IOException {
        BasicFileAttributes a;
        try {
            a = RegularFile.examine(marker);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!a.isRegularFile() || a.size() >= 4096) {
            return false;
        }
        try (InputStream in = RegularFile.open(marker, a)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8).startsWith(FilePuller.MARKER_TEXT);
        } catch (NoSuchFileException | RegularFile.NotRegularException e) {
            return false;
        }
    }

    /** A folder only this user may enter: no one else can put something else under a claimed file's name. */
    private static Path createPrivateDirectory(Path dir) throws IOException {
        try {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createDirectories(dir);
        }
    }

    /**
     * Hashes the claimed file and records where it is; refuses it when it is not a regular file (a link is not
     * followed, a named pipe not opened).
     */
    private void record(long id, Path stored) throws IOException {
        BasicFileAttributes attributes = RegularFile.examine(stored);
        String refusal = RegularFile.refusal(stored, attributes);
        if (refusal == null) {
            try {
                FileDigest.Sum sum;
                try (InputStream in = RegularFile.open(stored, attributes)) {
                    sum = FileDigest.sum(in);
                }
                imports.recordClaimed(id, null, stored, sum.sha256(), sum.bytes()); // its kind is told by dispatch
                return;
            } catch (RegularFile.NotRegularException e) {
                refusal = e.getReason();
            }
        }
        imports.setStoredPath(id, stored);
        imports.reject(id, "refused: " + refusal + "; the inbox takes regular files only and never follows a link");
    }

    /**
     * Decides a claimed import: refused as a whole (not a regular file, empty, binary, of no known kind), a
     * duplicate of its source's live version, or to be imported. Also completes claims that a crash interrupted
     * after the move.
     */
    Disposition dispatch(long id) throws IOException {
        ImportRun run = imports.get(id);
        if (run.state() != ImportState.CLAIMED) {
            return Disposition.DONE; // refused when it was claimed
        }
        if (run.sha256() == null) {
            // A crash came between recording the claim and hashing: the file is in its claim folder or moved on.
            Path claimFolder = run.storedPath().getParent();
            if (claimFolder != null && Files.isDirectory(claimFolder, LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(processing(id), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(claimFolder, processing(id), StandardCopyOption.ATOMIC_MOVE);
            }
            Path found = claimedFile(id);
            if (found == null) {
                imports.fail(id, "the claimed file is missing from " + processing(id));
                return Disposition.DONE;
            }
            record(id, found);
            run = imports.get(id);
            if (run.state() != ImportState.CLAIMED) {
                return Disposition.DONE;
            }
        }
        FileKind.Detection kind = FileKind.detect(run.storedPath());
        if (!kind.known()) {
            imports.reject(id, "refused: " + kind.reason());
            return Disposition.DONE;
        }
        imports.recordClaimed(id, kind.kind(), run.storedPath(), run.sha256(), run.bytes());
        if (kind.kind() == ImportKind.FEED) {
            if (feeds == null) {
                imports.reject(id, "refused: this inbox takes no feed files");
                return Disposition.DONE;
            }
            String refused = assignFeed(id, run);
            if (refused != null) {
                imports.reject(id, "refused: " + refused);
                return Disposition.DONE;
            }
        }
        // Decided before a line is read, under the source's lock (VersionOrder); the job decides again when it
        // applies, for a version that became live meanwhile (another node, a command-line import).
        if (imports.markIfRepeat(imports.get(id)) != 0) {
            return Disposition.DONE;
        }
        return Disposition.RUN;
    }

    /**
     * A feed file dropped in the inbox names no feed: it is a version of the feed named by its file name (without
     * date, version and extension, sanitised: {@link FeedNames}). An existing feed keeps its database unless
     * {@code inbox.feed-database.<feed>} names one (a different one moves the feed, and the import reports the
     * move); a new feed goes to that database, else to {@code inbox.feed-database}, else to standard.
     *
     * @return why the file is refused (a setting that is not valid), or {@code null}
     */
    private String assignFeed(long id, ImportRun run) {
        String feed = FeedNames.of(run.fileName());
        String named = home.value("inbox.feed-database." + feed, null);
        String key = named != null ? "inbox.feed-database." + feed : "inbox.feed-database";
        String database = named != null ? named : home.value(key, "standard");
        try {
            feeds.assign(id, feed, FeedDatabase.of(database), named != null, ImportService.rbldnsdDataset(home, feed));
        } catch (IllegalArgumentException e) {
            return e.getMessage().startsWith(ApplianceHome.CONFIG_FILE) ? e.getMessage()
                    : ApplianceHome.CONFIG_FILE + ": " + key + ": " + e.getMessage();
        }
        return null;
    }

    /** The file a crash left in {@code processing/<id>/} before its claim was recorded, or {@code null}. */
    private Path claimedFile(long id) throws IOException {
        Path dir = processing(id);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!f.getFileName().toString().endsWith(LandingRules.DONE)) {
                    return f; // whatever it is: record() refuses what is not a regular file
                }
            }
        }
        return null;
    }

    /**
     * Moves a finished import's original out of {@code processing/}: ACCEPTED and DUPLICATE to the archive,
     * REJECTED to {@code rejected/} with the reason; both with copies of the reports. FAILED imports stay, to be
     * resumed.
     *
     * @return a warning when the original of an applied import is no longer the size it had at the claim (a writer
     *         that still held it open went on writing after it was read), else {@code null}
     */
    String file(long id) throws IOException {
        ImportRun run = imports.get(id);
        Path source = processing(id);
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) || run.state() == ImportState.FAILED
                || run.state() == ImportState.CLAIMED || run.state() == ImportState.VALIDATING) {
            return null;
        }
        String warning = null;
        if (run.state() == ImportState.ACCEPTED && run.sha256() != null && run.storedPath() != null) {
            try {
                long now = RegularFile.examine(run.storedPath()).size();
                if (now != run.bytes()) {
                    warning = "import " + id + " " + run.fileName() + ": the file changed after it was read ("
                            + run.bytes() + " bytes then, " + now + " now): a writer still had it open, and what it "
                            + "wrote since was not imported; land files under a temporary name and rename them, or "
                            + "with a NAME.done marker";
                }
            } catch (IOException e) {
                // gone or unreadable: nothing to compare
            }
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
        for (String report : REPORT_FILES) {
            Path r = reports.resolve(report);
            if (Files.exists(r) && !report.equals(OUTCOME)) {
                Files.copy(r, target.resolve(report), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (run.state() != ImportState.ACCEPTED) {
            // One line for people: the message holds the file's name and values from it, escaped.
            Files.writeString(target.resolve(OUTCOME), run.state() + ": " + TerminalText.escape(run.message())
                    + "\n", StandardCharsets.UTF_8);
        }
        return warning;
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

    Path processing(long id) {
        return home.processingDir().resolve(Long.toString(id));
    }
}
