package io.gatelist.input;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides when a file in the inbox is complete, because picking up a file that is still being written is the
 * most common bug of every inbox tool. A file is taken when:
 * <ol>
 * <li>a marker {@code NAME.done} stands beside it (the writer says it is finished), or
 * <li>its size and modification time stayed the same over {@code stablePolls} polls and it is at least
 * {@code minAgeMillis} old.
 * </ol>
 * Names a writer uses while writing are never taken: dot-files and names ending {@code .part}, {@code .tmp},
 * {@code .partial}, {@code .filepart}, {@code .crdownload}; so writing under such a name and renaming into the inbox
 * lands a complete file (still checked for stability, since a rename cannot be told from a create).
 */
public final class LandingRules {

    /** The marker suffix a writer adds beside a finished file. */
    public static final String DONE = ".done";

    private static final List<String> TEMPORARY = List.of(".part", ".tmp", ".partial", ".filepart", ".crdownload",
            DONE);

    /** What was seen of a file at the last polls. */
    private record Observation(long size, long modified, int stableCount) {
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
        Set<Path> present = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path file : files) {
                String name = String.valueOf(file.getFileName());
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone between the listing and now
                }
                if (!attributes.isRegularFile() || ignored(name)) {
                    continue;
                }
                present.add(file);
                if (Files.exists(file.resolveSibling(name + DONE))) {
                    ready.add(file);
                    continue;
                }
                long size = attributes.size();
                long modified = attributes.lastModifiedTime().toMillis();
                Observation before = seen.get(file);
                int stable = before != null && before.size == size && before.modified == modified
                        ? before.stableCount + 1 : 1;
                seen.put(file, new Observation(size, modified, stable));
                if (stable >= stablePolls && nowMillis - modified >= minAgeMillis) {
                    ready.add(file);
                }
            }
        }
        seen.keySet().retainAll(present);
        ready.sort(null);
        return ready;
    }

    /** Forgets a file once it has been claimed. */
    public void forget(Path file) {
        seen.remove(file);
    }
}
