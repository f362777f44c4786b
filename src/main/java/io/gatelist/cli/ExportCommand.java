package io.gatelist.cli;

import io.gatelist.answer.PublicText;
import io.gatelist.export.ExportFormat;
import io.gatelist.io.AtomicFile;
import io.gatelist.lookup.PolicySnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code gatelist export}: writes a snapshot's verdicts in a format an MTA, DNSBL server or firewall reads. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the standard-mode verdicts of a snapshot for programs that cannot embed Gatelist, "
                + "written to a temporary file and renamed over --out atomically.",
            "postfix-cidr: a Postfix cidr: access table, approved -> OK, blocked -> REJECT with the public text "
                + "(--public-text), ordered so that Postfix's first match is Gatelist's verdict.",
            "rbldnsd: an rbldnsd combined dataset (ip4trie + ip6trie) of the effective blocked set, answering like "
                + "serve-dns's r zone, with the same public text; serve it as r.ZONE:combined:FILE.",
            "nft: nftables interval sets gatelist_blocked_ipv4/6 and gatelist_approved_ipv4/6, to include in a "
                + "table."})
final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "${COMPLETION-CANDIDATES}.")
    ExportFormat format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
    Path out;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "The snapshot to export (default: snapshots/current.bin in the home).")
    Path snapshot;

    @Mixin
    PublicTextOptions publicText;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PublicText text;
        try {
            text = publicText.resolve(parent.home());
        } catch (IllegalArgumentException e) {
            err.println("gatelist: " + e.getMessage());
            return 1;
        }
        Path file = snapshot != null ? snapshot : parent.home().resolve("snapshots").resolve("current.bin");
        PolicySnapshot opened;
        try {
            opened = PolicySnapshot.open(file);
        } catch (IOException e) {
            err.println("gatelist: " + FileProblems.describe(file, e));
            return 1;
        }
        long started = System.nanoTime();
        long[] written = {0};
        try {
            AtomicFile.writeText(out, AtomicFile.Access.SHARED,
                    writer -> written[0] = format.exporter().write(opened, text, writer));
        } catch (IOException e) {
            err.println("gatelist: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s %s: %d entries from snapshot revision %d in %d ms%n",
                format.id(), out.toAbsolutePath(), written[0], opened.info().revision(),
                (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}
