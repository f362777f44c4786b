package io.gatelist.cli;

import io.gatelist.batch.BatchRuntime;
import io.gatelist.batch.CompileOutcome;
import io.gatelist.batch.CompileJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist compile}: runs the compile-snapshot job. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compile the live lists into a binary snapshot, written to a temporary file and renamed into "
                + "place atomically. Refused while error-level overlaps exist, unless --accept-overlaps, and when "
                + "the snapshot would hold far fewer entries than the one it replaces (publish.max-shrink-percent, "
                + "default 50), unless --allow-shrink.")
final class CompileCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The snapshot file (default: snapshots/current.bin in the home).")
    Path out;

    @Option(names = "--accept-overlaps",
            description = "Publish despite error-level overlaps; the snapshot header records it.")
    boolean acceptOverlaps;

    @Option(names = "--allow-shrink",
            description = "Publish even when the snapshot holds far fewer entries than the one it replaces (after "
                    + "removing most entries on purpose; a lost or replaced database is the other reason it happens).")
    boolean allowShrink;

    @Override
    public Integer call() throws Exception {
        if (out != null && Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a directory; it takes the "
                    + "snapshot file's name");
        }
        try (Session session = Session.openExisting(parent)) {
            CompileOutcome outcome = compile(session.batch(), out == null ? session.home.currentSnapshot() : out,
                    acceptOverlaps, allowShrink);
            return print(outcome, spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
        }
    }

    /** Runs the compile job and returns what it did. */
    static CompileOutcome compile(BatchRuntime batch, Path target, boolean accept, boolean allowShrink)
            throws InterruptedException {
        return CompileJob.run(batch, target, accept, allowShrink);
    }

    /** Prints the outcome; returns true when a snapshot was published. */
    static boolean print(CompileOutcome o, PrintWriter out, PrintWriter err) {
        if (!o.published() && o.shrinkRefusal() != null) {
            err.println("gatelist: compile refused: " + o.shrinkRefusal() + "; if the lists are meant to shrink, "
                    + "publish with --allow-shrink");
            return false;
        }
        if (!o.published()) {
            err.printf(Locale.ROOT, "gatelist: compile refused: %d error-level overlap%s in the lists%n",
                    o.errorOverlaps(), o.errorOverlaps() == 1 ? "" : "s");
            o.examples().forEach(e -> err.println("  " + e));
            err.println("fix the lists, or publish anyway with --accept-overlaps (recorded in the snapshot header)");
            return false;
        }
        out.printf(Locale.ROOT, "snapshot %s%n  revision %d, %d entries, %d bytes, checksum %s, compiled in %d ms%s%n",
                o.path(), o.revision(), o.entries(), o.fileSize(), o.checksum(), o.millis(),
                o.forced() ? "\n  published despite " + o.errorOverlaps() + " error-level overlap"
                        + (o.errorOverlaps() == 1 ? "" : "s") + " (--accept-overlaps)" : "");
        return true;
    }
}
