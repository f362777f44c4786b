package io.gatelist.input;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides when a file in the inbox is complete, because picking up a file that is still being written is the
 * most common bug of every inbox tool. A file is taken when:
 * <ol>
 * <li>a marker {@code NAME.done} stands beside it (the writer says it is finished), or
 * <li>no process that this one can see holds it open for writing ({@link OpenWriters}), and its size, modification
 * time and identity stayed the same over {@code stablePolls} polls and for at least {@code minAgeMillis}, counted
 * from the later of its modification time and the moment a poll last saw it change (a modification time in the
 * past, as copies that keep it have, does not make a growing file look old).
 * </ol>
 * Names a writer uses while writing are never taken: dot-files and names ending {@code .part}, {@code .tmp},
 * {@code .partial}, {@code .filepart}, {@code .crdownload}; so writing under such a name and renaming into the inbox
 * lands a complete file (still checked for stability, since a rename cannot be told from a create). A writer that
 * keeps the file open, pauses for longer than the quiet time and cannot be seen (another user's process, another
 * machine over NFS) must use one of those two ways.
 *
 * <p>Nothing here follows a link or opens a file. A symbolic link, a named pipe, a device or a socket is returned at
 * once, to be claimed and refused without being read ({@link RegularFile}); directories are left alone.
 */
public final class LandingRules {

    /** The marker suffix a writer adds beside a finished file. */
    public static final String DONE = ".done";

    private static final List<String> TEMPORARY = List.of(".part", ".tmp", ".partial", ".filepart", ".crdownload",
            DONE);

    /**
     * What was seen of a file at the last polls.
     *
     * @param since when a poll first saw it as it is now
     */
    private record Observation(long size, long modified, Object key, int stableCount, long since) {
    }

    private final int stablePolls;
    private final long minAgeMillis;
    private final Map<Path, Observation> seen = new HashMap<>();

    public LandingRules(int stablePolls, long minAgeMillis) {
        this.stablePolls = Math.max(1, stablePolls);
        this.minAgeMillis = Math.max(0, minAgeMillis);
    }

    /** True for names that are never taken: temporary names, markers and dot-files. */
    public static boolean ignored(String name) {
        if (name.startsWith(".")) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return TEMPORARY.stream().anyMatch(lower::endsWith);
    }

    /** Polls the inbox once; returns the files complete now, in name order. */
    public List<Path> poll(Path inbox, long nowMillis) throws IOException {
        List<Path> ready = new ArrayList<>();
        Map<Path, Object> quiet = new HashMap<>();
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path file : files) {
                String name = String.valueOf(file.getFileName());
                BasicFileAttributes attributes;
                try {
                    attributes = RegularFile.examine(file);
                } catch (IOException e) {
                    continue; // gone between the listing and now
                }
                if (attributes.isDirectory() || ignored(name)) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    ready.add(file); // a link, a pipe, a device: nothing to wait for, refused when claimed
                    continue;
                }
                present.add(file);
                if (Files.exists(file.resolveSibling(name + DONE), LinkOption.NOFOLLOW_LINKS)) {
                    ready.add(file);
                    continue;
                }
                long size = attributes.size();
                long modified = attributes.lastModifiedTime().toMillis();
                Object key = attributes.fileKey();
                Observation before = seen.get(file);
                boolean same = before != null && before.size == size && before.modified == modified
                        && Objects.equals(before.key, key);
                Observation now = same ? new Observation(size, modified, key, before.stableCount + 1, before.since)
                        : new Observation(size, modified, key, 1, nowMillis);
                seen.put(file, now);
                if (now.stableCount >= stablePolls && nowMillis - Math.max(modified, now.since) >= minAgeMillis) {
                    quiet.put(file, key);
                }
            }
        }
        seen.keySet().retainAll(present);
        Set<Object> writing = OpenWriters.among(new HashSet<>(quiet.values()));
        for (Map.Entry<Path, Object> q : quiet.entrySet()) {
            if (!writing.contains(q.getValue())) {
                ready.add(q.getKey());
            }
        }
        ready.sort(null);
        return ready;
    }

    /** Forgets a file once it has been claimed. */
    public void forget(Path file) {
        seen.remove(file);
    }
}
