package io.gatelist.batch;

import io.gatelist.home.ApplianceHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Stops an import before it fills the home's file system. A write that meets a full disk fails wherever it happens
 * to be, and when that is the embedded database it cannot record anything afterwards, not even that the import
 * failed: the import stays VALIDATING. So the import checks the free space before it copies a file in, before it
 * stores each chunk and before it writes the reports, and fails, while there is still room to record the failure
 * (FAILED, with a resume hint), once less than {@code import.reserve-mb} (default {@value #DEFAULT_RESERVE_MB})
 * megabytes would be left.
 */
public final class DiskReserve {

    /** The setting in gatelist.properties. */
    public static final String SETTING = "import.reserve-mb";
    /** Megabytes kept free when the home sets none: room for the database to record how the import ended. */
    public static final int DEFAULT_RESERVE_MB = 64;

    private DiskReserve() {
    }

    /**
     * Throws when writing {@code bytes} more would leave less than the reserve free on the file system that holds
     * the home.
     *
     * @throws DiskFullException when there is not room enough
     */
    public static void check(ApplianceHome home, long bytes) throws IOException {
        long reserve = home.intValue(SETTING, DEFAULT_RESERVE_MB) * (1L << 20);
        Path root = home.root();
        long free = Files.getFileStore(Files.exists(root) ? root : root.toAbsolutePath().getParent()).getUsableSpace();
        if (free - bytes < reserve) {
            throw new DiskFullException(String.format(Locale.ROOT, "no space left on device: %s has %.1f MB free%s, "
                    + "and an import keeps %d MB free (%s in gatelist.properties) so that it can record how it ends",
                    root, free / 1048576.0, bytes > 0 ? String.format(Locale.ROOT, " for %.1f MB", bytes / 1048576.0)
                            : "", reserve >> 20, SETTING));
        }
    }

    /** The home's file system is (nearly) full; the message says how full. */
    public static final class DiskFullException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskFullException(String message) {
            super(message);
        }
    }
}
