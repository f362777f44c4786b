package io.gatelist.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files: how Gatelist recognises content it has seen and a file that changed under a job. */
public final class FileDigest {

    private FileDigest() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * What a file held when it was read: its SHA-256 and the number of bytes hashed.
     *
     * @param sha256 64 lower-case hex digits
     * @param bytes  the bytes read
     */
    public record Sum(String sha256, long bytes) {
    }

    /**
     * The SHA-256 and size of the bytes of one read of {@code file}, a regular file opened without following links
     * ({@link RegularFile}): the two describe the same bytes even while someone writes to the file.
     */
    public static Sum sum(Path file) throws IOException {
        try (InputStream in = RegularFile.open(file)) {
            return sum(in);
        }
    }

    /** The SHA-256 and number of the bytes left in {@code in}, read to its end (the caller closes it). */
    public static Sum sum(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        long bytes = new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
        return new Sum(hex(digest), bytes);
    }

    /** A finished digest as hex. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
