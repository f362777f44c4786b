package io.gatelist.cli;

import io.gatelist.lookup.PolicySnapshot;
import io.gatelist.lookup.SnapshotInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist snapshot info FILE}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Inspect snapshot files.",
        subcommands = SnapshotCommand.Info.class)
final class SnapshotCommand {

    /** Prints a snapshot's header, counts and checksum status. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a snapshot's header, counts and checksum status; exit 1 when the file is refused.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The snapshot file.")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long started = System.nanoTime();
            PolicySnapshot snapshot;
            try {
                snapshot = PolicySnapshot.open(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println("gatelist: " + FileProblems.describe(file, e));
                return 1;
            }
            double millis = (System.nanoTime() - started) / 1e6;
            SnapshotInfo info = snapshot.info();
            out.printf(Locale.ROOT, "file            %s%n", file.toAbsolutePath());
            out.printf(Locale.ROOT, "format version  %d%n", info.formatVersion());
            out.printf(Locale.ROOT, "size            %d bytes%n", info.fileSize());
            out.printf(Locale.ROOT, "created         %s%n", info.created());
            out.printf(Locale.ROOT, "list revision   %d%n", info.revision());
            out.printf(Locale.ROOT, "checksum        %s (CRC32C, verified)%n", info.checksumHex());
            out.printf(Locale.ROOT, "overlaps forced %s%n", info.overlapsForced() ? "yes (--accept-overlaps)" : "no");
            out.printf(Locale.ROOT, "entries         %d%n", info.entries());
            for (Map.Entry<String, Integer> c : info.counts().entrySet()) {
                out.printf(Locale.ROOT, "  %-22s %d%n", c.getKey(), c.getValue());
            }
            out.printf(Locale.ROOT, "opened and validated in %.2f ms%n", millis);
            return 0;
        }
    }
}
