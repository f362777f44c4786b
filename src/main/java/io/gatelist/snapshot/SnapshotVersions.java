package io.gatelist.snapshot;

import io.gatelist.io.AtomicFile;
import io.gatelist.lookup.SnapshotInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the previous published snapshots beside {@code current.bin}, in {@code versions/}, so that an operator
 * can roll back by renaming one over the current file. Copies are written atomically ({@link AtomicFile}) with the
 * published file's permissions, so that a version renamed back over it is as readable as the current one was.
 */
public final class SnapshotVersions {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SnapshotVersions() {
    }

    /**
     * Copies the published {@code current} into {@code versions} as {@code snapshot-r<revision>-<time>.bin} and
     * deletes all but the newest {@code keep} versions.
     *
     * @return the kept copy
     */
    public static Path keep(Path current, SnapshotInfo info, Path versions, int keep) throws IOException {
        Files.createDirectories(versions);
        String name = String.format("snapshot-r%08d-%s.bin", info.revision(), STAMP.format(info.created()));
        Path copy = versions.resolve(name);
        AtomicFile.write(copy, AtomicFile.Access.SHARED, out -> Files.copy(current, out));
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(versions, "snapshot-r*.bin")) {
            files.forEach(all::add);
        }
        all.sort(null); // names sort by revision, then time
        for (int i = 0; i < all.size() - Math.max(1, keep); i++) {
            Files.deleteIfExists(all.get(i));
        }
        return copy;
    }
}
