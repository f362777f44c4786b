package io.gatelist.inbox;

import io.gatelist.input.LandingRules;
import io.gatelist.input.RegularFile;
import io.gatelist.input.SafeFileName;
import io.gatelist.storage.PullStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The pull schedule: copies new or changed files from a configured folder (a mirror of a partner's drop, say)
 * into the inbox. A copy is written under a temporary name, renamed, and marked {@code .done}, so the inbox takes
 * it at once and never half-written. The pull folder itself is never changed. A file still being written there
 * (modified within {@code minAgeMillis}, or changed while it was copied) waits for the next run. Only regular files
 * are copied, opened without following a link ({@link RegularFile}): a link, a named pipe or a device in the pull
 * folder is skipped and named in the run's result, never read.
 */
final class FilePuller {

    /** How a pulled file's marker begins, so that its import is recorded with origin {@code pull}. */
    static final String MARKER_TEXT = "pulled from ";

    /**
     * What one run did.
     *
     * @param refused the names skipped because they are not regular files, with what each is
     */
    record Result(int pulled, int unchanged, int waiting, List<String> refused) {
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
        List<String> refused = new ArrayList<>();
        if (!Files.isDirectory(from)) {
            throw new IOException("the pull folder " + from + " does not exist");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
            for (Path file : files) {
                String name = String.valueOf(file.getFileName());
                BasicFileAttributes a;
                try {
                    a = RegularFile.examine(file);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (a.isDirectory() || LandingRules.ignored(name)) {
                    continue;
                }
                if (!a.isRegularFile()) {
                    refused.add(name + " (" + RegularFile.refusal(file, a) + ")");
                    continue;
                }
                long modified = a.lastModifiedTime().toMillis();
                if (store.pulled(name, a.size(), modified)) {
                    unchanged++;
                    continue;
                }
                String safe = SafeFileName.of(name);
                Path target = inbox.resolve(safe);
                if (nowMillis - modified < minAgeMillis || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    waiting++; // still being written, or the previous copy is not claimed yet
                    continue;
                }
                Path temp = inbox.resolve("." + safe + ".part");
                try (InputStream in = RegularFile.open(file, a)) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                } catch (RegularFile.NotRegularException e) {
                    Files.deleteIfExists(temp);
                    refused.add(name + " (" + e.getReason() + ")");
                    continue;
                }
                BasicFileAttributes after = RegularFile.examine(file);
                if (after.size() != a.size() || after.lastModifiedTime().toMillis() != modified
                        || Files.size(temp) != a.size()) {
                    Files.delete(temp);
                    waiting++; // written to while it was copied: the next run takes it
                    continue;
                }
                Files.setLastModifiedTime(temp, a.lastModifiedTime());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(inbox.resolve(safe + LandingRules.DONE), MARKER_TEXT + file + "\n");
                store.record(name, a.size(), modified);
                pulled++;
            }
        }
        return new Result(pulled, unchanged, waiting, refused);
    }
}
