package io.gatelist.distribution;

import io.gatelist.lookup.InvalidSnapshotException;
import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * The bytes of the last valid version of a published snapshot file, for serving. The file is read whole and
 * validated from those very bytes, so what is served is exactly what was checked: never a partial file, never a
 * corrupt one (a bad new file is refused and the previous bytes keep being served).
 */
final class ServedSnapshot {

    /** One validated version. */
    record Version(byte[] bytes, SnapshotInfo info) {
        /** A strong validator: the checksum and revision identify the content. */
        String etag() {
            return "\"" + info.checksumHex() + "-r" + info.revision() + "\"";
        }
    }

    private final Path file;
    private volatile Version current;
    private Object seen;

    ServedSnapshot(Path file) {
        this.file = file;
    }

    /** The version being served, or {@code null} while no valid file has been seen. */
    Version current() {
        return current;
    }

    /**
     * Reloads the file when it changed; returns the refusal of a bad new file, or {@code null}.
     */
    synchronized IOException refresh() {
        Object identity;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            identity = List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toMillis(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return e;
        }
        if (Objects.equals(identity, seen)) {
            return null;
        }
        seen = identity;
        try {
            byte[] bytes = PolicySnapshot.readImage(file); // a regular file only: a FIFO would block the poller
            current = new Version(bytes, PolicySnapshot.fromBytes(bytes).info());
            return null;
        } catch (InvalidSnapshotException e) {
            return e;
        } catch (IOException e) {
            return e;
        }
    }
}
