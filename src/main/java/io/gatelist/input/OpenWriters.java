package io.gatelist.input;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which files some process holds open for writing, as far as Linux's {@code /proc} shows: every
 * {@code /proc/PID/fd/N} that this process may read (its user's processes; every process when it runs as root),
 * matched by file key (device and inode), with the access mode from {@code /proc/PID/fdinfo/N}. A writer that
 * keeps a file open and appends now and then looks complete to a size and time check between two appends; seen
 * here, it is not taken. A writer this process cannot see (another user's, another machine's over NFS) is not
 * found: for those the quiet time and the safe ways of landing a file remain. Without {@code /proc} nothing is found.
 */
public final class OpenWriters {

    private static final Path PROC = Path.of("/proc");
    /** {@code O_ACCMODE}: the access mode bits of the open flags; 1 is write-only, 2 read-write. */
    private static final int ACCESS_MODE = 3;

    private OpenWriters() {
    }

    /** The file keys among {@code keys} that some visible process holds open for writing. */
    public static Set<Object> among(Set<Object> keys) {
        return among(keys, PROC);
    }

    static Set<Object> among(Set<Object> keys, Path proc) {
        Set<Object> writing = new HashSet<>();
        if (keys.isEmpty() || !Files.isDirectory(proc)) {
            return writing;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName()))) {
            for (Path process : processes) {
                scan(process, keys, writing);
                if (writing.size() == keys.size()) {
                    break;
                }
            }
        } catch (IOException | SecurityException e) {
            // /proc unreadable as a whole: nothing can be seen
        }
        return writing;
    }

    /** One process's descriptors; a process that ended or is not ours to look at is skipped. */
    private static void scan(Path process, Set<Object> keys, Set<Object> writing) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                Object key;
                try {
                    // The descriptor's link leads to the open file itself, wherever it was moved since.
                    key = Files.readAttributes(fd, BasicFileAttributes.class).fileKey();
                } catch (IOException | SecurityException e) {
                    continue; // closed meanwhile, or a socket or pipe without a file
                }
                if (key != null && keys.contains(key) && !writing.contains(key)
                        && openForWriting(process.resolve("fdinfo").resolve(fd.getFileName()))) {
                    writing.add(key);
                }
            }
        } catch (IOException | SecurityException e) {
            // gone, or another user's process
        }
    }

    /** True when the {@code flags:} line of an fdinfo file (octal) has write access. */
    private static boolean openForWriting(Path fdinfo) {
        try {
            List<String> lines = Files.readAllLines(fdinfo);
            for (String line : lines) {
                if (line.startsWith("flags:")) {
                    int flags = Integer.parseInt(line.substring("flags:".length()).strip(), 8);
                    return (flags & ACCESS_MODE) != 0;
                }
            }
        } catch (IOException | SecurityException | NumberFormatException e) {
            // closed meanwhile: it writes nothing now
        }
        return false;
    }

    private static boolean isNumber(Path name) {
        String s = String.valueOf(name);
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
