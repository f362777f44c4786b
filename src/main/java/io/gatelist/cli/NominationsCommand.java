package io.gatelist.cli;

import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationState;
import io.gatelist.gal.NominationStore;
import io.gatelist.report.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist nominations}: review of Global Approved List nominations. */
@Command(name = "nominations", mixinStandardHelpOptions = true,
        description = "Review Global Approved List nominations: NOMINATED → UNDER_REVIEW → APPROVED or REJECTED. "
                + "Decisions are final and every step is kept with who, when and why.",
        subcommands = {NominationsCommand.ListNominations.class, NominationsCommand.Show.class,
            NominationsCommand.Review.class, NominationsCommand.Approve.class, NominationsCommand.Reject.class})
final class NominationsCommand {

    @ParentCommand
    GatelistCommand parent;

    /** Runs {@code work} on the nomination store of the parent's home. */
    interface StoreWork {
        int run(NominationStore store, PrintWriter out, PrintWriter err) throws Exception;
    }

    int withStore(CommandSpec spec, StoreWork work) throws Exception {
        try (Session session = Session.openExisting(parent)) {
            return work.run(new NominationStore(session.database), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List nominations, newest first.")
    static final class ListNominations implements Callable<Integer> {
        @ParentCommand
        NominationsCommand nominations;

        @Spec
        CommandSpec spec;

        @Option(names = "--state", paramLabel = "STATE", description = "Only nominations in this state: "
                + "${COMPLETION-CANDIDATES}.")
        NominationState state;

        @Override
        public Integer call() throws Exception {
            return nominations.withStore(spec, (store, out, err) -> {
                out.printf(Locale.ROOT, "%-6s %-13s %-5s %-5s %-9s %s%n", "ID", "STATE", "MTAS", "HELOS", "CHECKS",
                        "CONTACT");
                for (long id : store.ids(state)) {
                    Nomination n = store.get(id);
                    long errors = n.checks().stream().filter(k -> k.severity().equals("error")).count();
                    long warnings = n.checks().stream().filter(k -> k.severity().equals("warning")).count();
                    printf(out, "%-6d %-13s %-5d %-5d %-9s %s %s <%s>%n", n.id(), n.state(),
                            n.mtas().size(), n.helos().size(), errors + "E " + warnings + "W",
                            n.contact().firstName(), n.contact().lastName(), n.contact().email());
                }
                return 0;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a nomination: its entries, what the investigation found and its history.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        NominationsCommand nominations;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The nomination id.")
        long id;

        @Override
        public Integer call() throws Exception {
            return nominations.withStore(spec, (store, out, err) -> {
                print(store.get(id), out);
                return 0;
            });
        }
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT);

    /**
     * A reviewer's view of one nomination. Its values come from nomination files, the command line and reviewers:
     * every line is formatted with them escaped ({@link TerminalText#format}).
     */
    static void print(Nomination n, PrintWriter out) {
        printf(out, "nomination %d  %s%n", n.id(), n.state());
        printf(out, "  nominated %s by %s %s <%s>%s%n", TIME.format(n.createdAt().withOffsetSameInstant(java.time.ZoneOffset.UTC)),
                n.contact().firstName(), n.contact().lastName(), n.contact().email(),
                n.importId() == 0 ? "" : " (import " + n.importId() + ")");
        out.println("MTA entries");
        for (Nomination.Mta m : n.mtas()) {
            printf(out, "  %-18s %-30s domain %-24s %s, %s, %s%s%n", m.ip().canonical(), m.fqdn(),
                    m.emailDomain(), m.companyName(), m.country(), m.companyType().id(),
                    m.line() == 0 ? "" : "  (line " + m.line() + ")");
        }
        if (!n.helos().isEmpty()) {
            out.println("HELO/EHLO");
            for (Nomination.Helo h : n.helos()) {
                printf(out, "  %s%s%n", h.helo(), h.line() == 0 ? "" : "  (line " + h.line() + ")");
            }
        }
        long errors = n.checks().stream().filter(k -> k.severity().equals("error")).count();
        long warnings = n.checks().stream().filter(k -> k.severity().equals("warning")).count();
        printf(out, "Investigation: %d error%s, %d warning%s%n", errors, errors == 1 ? "" : "s", warnings,
                warnings == 1 ? "" : "s");
        if (n.checks().isEmpty()) {
            out.println("  (not investigated)");
        }
        // What needs the reviewer's attention first, then everything that was checked and passed.
        for (String severity : List.of("error", "warning", "info")) {
            for (Nomination.Check k : n.checks()) {
                if (k.severity().equals(severity)) {
                    printf(out, "  %-7s %-22s %-26s %s%n", k.severity(), k.subject(), k.code(),
                            k.message());
                }
            }
        }
        out.println("History");
        for (Nomination.Event e : n.events()) {
            printf(out, "  %s  %-24s %s%s%n", TIME.format(e.at().withOffsetSameInstant(java.time.ZoneOffset.UTC)), e.actor(),
                    e.from() == null ? "" : e.from() + " → ", e.to() + (e.reason() == null ? "" : ": " + e.reason()));
        }
        if (n.state() == NominationState.REJECTED) {
            out.println("Not added to the Global Approved List. The addresses can still go into your own Approved "
                    + "list (a policy file row: approved,ip,ADDRESS).");
        }
    }

    private static void printf(PrintWriter out, String format, Object... args) {
        out.printf("%s", TerminalText.format(format, args)); // printf flushes as before; print would not
    }

    /** Shared by the commands that move nominations. */
    abstract static class Decide implements Callable<Integer> {
        @ParentCommand
        NominationsCommand nominations;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Nomination ids.")
        List<Long> ids;

        @Option(names = "--by", required = true, paramLabel = "NAME", description = "The reviewer.")
        String by;

        abstract NominationState target();

        String reason() {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            return nominations.withStore(spec, (store, out, err) -> {
                int exit = 0;
                for (long id : ids) {
                    try {
                        NominationState from = store.transition(id, target(), by, reason());
                        out.println("nomination " + id + ": " + from + " → " + target());
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        err.println("gatelist: " + e.getMessage());
                        exit = 1;
                    }
                }
                if (target() == NominationState.APPROVED && exit == 0) {
                    out.println("approved addresses reach lookups with the next compile (gatelist compile, or the "
                            + "daemon's next publish)");
                }
                return exit;
            });
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true, description = "Take nominations into review.")
    static final class Review extends Decide {
        @Override
        NominationState target() {
            return NominationState.UNDER_REVIEW;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve nominations: their MTA addresses join the Global Approved List.")
    static final class Approve extends Decide {
        @Override
        NominationState target() {
            return NominationState.APPROVED;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject nominations, with the reason.")
    static final class Reject extends Decide {
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the record.")
        String reason;

        @Override
        NominationState target() {
            return NominationState.REJECTED;
        }

        @Override
        String reason() {
            return reason;
        }
    }
}
