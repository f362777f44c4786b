package io.gatelist.batch;

import io.gatelist.input.FileDigest;
import io.gatelist.input.RegularFile;
import io.gatelist.storage.ImportRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Checks an import's stored file against the size and SHA-256 recorded when it was claimed. A job checks when it
 * opens the file and again once it has read all of it, before anything is applied: a file that a writer still had
 * open, or that someone truncated while it was read, would otherwise be imported as it then stood (and a version
 * missing its last rows removes their entries), while the report showed the hash of other bytes.
 */
final class ClaimedFile {

    private ClaimedFile() {
    }

    /**
     * How the stored file differs from what was claimed ("changed after it was claimed: ..."), or {@code null} when
     * it holds exactly the claimed bytes. A failure to read it other than its absence is thrown: it says nothing
     * about the content, and the job fails so that it can be resumed.
     */
    static String change(ImportRun run) {
        if (run.sha256() == null) {
            return "it was never hashed";
        }
        FileDigest.Sum now;
        try {
            now = FileDigest.sum(run.storedPath());
        } catch (NoSuchFileException e) {
            return "the file changed after it was claimed: " + run.storedPath() + " is gone";
        } catch (RegularFile.NotRegularException e) {
            return "the file changed after it was claimed: " + run.storedPath() + " is " + e.getReason();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (now.bytes() == run.bytes() && now.sha256().equals(run.sha256())) {
            return null;
        }
        return String.format(Locale.ROOT, "the file changed after it was claimed (%,d bytes, sha256 %s at the claim; "
                + "%,d bytes, sha256 %s now): what was read is not what was hashed", run.bytes(),
                run.sha256().substring(0, 12), now.bytes(), now.sha256().substring(0, 12));
    }
}
