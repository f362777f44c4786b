package io.gatelist.inbox;

import io.gatelist.input.LandingRules;
import io.gatelist.input.SafeFileName;
import io.gatelist.storage.PullStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The pull schedule: copies new or changed files from a configured folder (a mirror of a partner's drop, say)
 * into the inbox. A copy is written under a temporary name, renamed, and marked {@code .done}, so the inbox takes
 * it at once and never half-written. The pull folder itself is never changed. A file still being written there
 * (modified within {@code minAgeMillis}) waits for the next run.
 */
final class FilePuller {

    /** How a pulled file's marker begins, so that its import is recorded with origin {@code pull}. */
    static final String MARKER_TEXT = "pulled from ";

    /** What one run did. */
    record Result(int pulled, int unchanged, int waiting) {
    }

    private final PullStore store;
    private final long minAgeMillis;

    FilePuller(PullStore store, long minAgeMillis) {
        this.store = store;
        this.minAgeMillis = minAgeMillis;
    }

    Result pull(Path from, Path inbox, long nowMillis) throws IOException {
        int pulled = 0;
        int unchanged = 0;
        int waiting = 0;
        if (!Files.isDirectory(from)) {
            throw new IOException("the pull folder " + from + " does not exist");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path file : files) {
                String name = String.valueOf(file.getFileName());
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                if (!a.isRegularFile() || LandingRules.ignored(name)) {
                    continue;
                }
                long modified = a.lastModifiedTime().toMillis();
                if (store.pulled(name, a.size(), modified)) {
                    unchanged++;
                    continue;
                }
                String safe = SafeFileName.of(name);
                Path target = inbox.resolve(safe);
                if (nowMillis - modified < minAgeMillis || Files.exists(target)) {
                    waiting++; // still being written, or the previous copy is not claimed yet
                    continue;
                }
                Path temp = inbox.resolve("." + safe + ".part");
                Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(inbox.resolve(safe + LandingRules.DONE), MARKER_TEXT + file + "\n");
                store.record(name, a.size(), modified);
                pulled++;
            }
        }
        return new Result(pulled, unchanged, waiting);
    }
}
