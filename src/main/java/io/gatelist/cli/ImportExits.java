package io.gatelist.cli;

import io.gatelist.batch.ImportService;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.ImportState;
import java.io.PrintWriter;

/**
 * The exit codes of the commands that run imports ({@code import}, {@code resume}), so that a script can tell what
 * happened: 0 applied (or a duplicate of the live version: nothing to do), {@value #HELD} held for review or
 * refused (nothing of the file applied), 1 the job failed. A run over several files exits with the most severe:
 * 1, then {@value #HELD}, then 0. (3 is taken: the JVM's own exit code after an out-of-memory error, see
 * io.gatelist.batch.FatalErrors.)
 */
final class ImportExits {

    /** A file held for review or refused as a whole: nothing of it was applied. */
    static final int HELD = 4;

    private ImportExits() {
    }

    /** The exit code of one import. */
    static int of(ImportService.Outcome outcome) {
        if (!outcome.completed() || outcome.run().state() == ImportState.FAILED) {
            return 1;
        }
        return outcome.run().state() == ImportState.REJECTED ? HELD : 0;
    }

    /** The more severe of two exit codes. */
    static int worse(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case 0 -> 0;
            case HELD -> 1;
            default -> 2;
        };
    }

    /**
     * Says on {@code err} why an import was not applied (a failed job, or the first reasons a file was held), and
     * returns its exit code.
     *
     * @param maxRejected the rejected-row limit the import ran with, -1 when none or not known
     */
    static int report(PrintWriter err, ImportService.Outcome outcome, FindingStore findings, String file,
            int maxRejected) {
        int code = of(outcome);
        if (code == 1) {
            err.println("gatelist: the import job of " + TerminalText.escape(file) + " failed: "
                    + TerminalText.escape(outcome.run().message()));
        } else if (code == HELD) {
            Printing.heldReasons(err, outcome.run(), findings, file, maxRejected);
        }
        return code;
    }
}
