package io.gatelist.cli;

import io.gatelist.batch.FailureText;
import io.gatelist.batch.ImportService;
import io.gatelist.feed.FeedDatabase;
import io.gatelist.feed.FeedNames;
import io.gatelist.input.ImportKind;
import io.gatelist.report.TerminalText;
import io.gatelist.storage.FindingStore;
import io.gatelist.storage.StorageException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatelist import FILE...}: runs the import job on each file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import policy CSV files (list,kind,value,comment), with --kind geo RIR delegated "
                + "statistics files (IP-to-country), or with --kind feed reputation feeds (plain, Spamhaus DROP, "
                + "rbldnsd, JSON lines, CSV value,reason). Each file becomes the new version of its "
                + "named source: entries missing from the new version are removed. With --kind mta or helo, "
                + "Global Approved List nominations (see sample-csv): the accepted rows become nominations for "
                + "review. Rows with errors are rejected and reported with their line, column and reason; by default a "
                + "file with any rejected row is held for review and nothing of it is applied (see --max-rejected). "
                + "Exit codes: 0 applied or a duplicate, 4 held or refused, 1 failed; the most severe over several "
                + "files.")
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The CSV files to import.")
    List<Path> files;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "policy",
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). policy: list,kind,value,comment "
                    + "CSV; mta: ip,fqdn,email_domain,company_name,country,company_type[,helo] nominations; helo: helo "
                    + "strings added to a nomination; geo: an RIR delegated statistics file "
                    + "(registry|cc|type|start|value|date|status), compiled into the snapshot's IP-to-country table; "
                    + "feed: a reputation feed, the new version of feed --feed.")
    ImportKind kind;

    @Option(names = "--feed", paramLabel = "NAME",
            description = "With --kind feed: the feed the file is a version of (default: the file's name without "
                    + "date, version and extension).")
    String feed;

    @Option(names = "--database", paramLabel = "DB",
            description = "With --kind feed: ${COMPLETION-CANDIDATES}; standard is step reputation-standard, dynamic "
                    + "step reputation-dynamic. Default: the feed's current database, standard for a new feed. Naming "
                    + "the other database moves the feed there, and the import reports the move.")
    FeedDatabase database;

    @Option(names = "--contact-email", paramLabel = "ADDRESS",
            description = "mta/helo: the nominating contact for rows without contact_email,contact_first_name,"
                    + "contact_last_name columns.")
    String contactEmail;

    @Option(names = "--contact-first-name", paramLabel = "NAME", description = "mta/helo: the contact's first name.")
    String contactFirstName;

    @Option(names = "--contact-last-name", paramLabel = "NAME", description = "mta/helo: the contact's last name.")
    String contactLastName;

    @Option(names = "--nomination", paramLabel = "ID",
            description = "helo: the nomination to add the strings to (default: the contact's newest open one).")
    Long nomination;

    @Option(names = "--source", paramLabel = "NAME",
            description = "The named source the file is a version of (default: the file's name).")
    String source;

    int maxRejected = 0;

    Integer chunkSize;

    @Option(names = "--max-rejected", paramLabel = "N", defaultValue = "0",
            description = "Apply the accepted rows of a file that has at most N rejected rows; a file with more is "
                    + "held for review and nothing of it is applied (exit code 4). Default: 0, as in the inbox: a "
                    + "file with any rejected row is held, so a mistyped row never removes a live entry. -1: apply "
                    + "the accepted rows however many are rejected.")
    void setMaxRejected(int n) {
        if (n < -1) {
            throw new ParameterException(spec.commandLine(), "--max-rejected is a number of rows (0 or more), or -1 "
                    + "for no limit, not " + n);
        }
        maxRejected = n;
    }

    @Option(names = "--chunk-size", paramLabel = "N", description = "Rows per checkpoint, 1 to "
            + ImportService.MAX_CHUNK_SIZE + " (default: import.chunk-size in gatelist.properties, else "
            + ImportService.DEFAULT_CHUNK_SIZE + ").")
    void setChunkSize(int n) {
        if (n < 1 || n > ImportService.MAX_CHUNK_SIZE) {
            throw new ParameterException(spec.commandLine(), "--chunk-size is a number of rows from 1 to "
                    + ImportService.MAX_CHUNK_SIZE + ", not " + n);
        }
        chunkSize = n;
    }

    @Override
    public Integer call() throws Exception {
        if (kind == ImportKind.FEED) {
            if (feed != null && files.size() > 1) {
                throw new ParameterException(spec.commandLine(), "--feed names one feed: give one file with it");
            }
        } else if (feed != null || database != null) {
            throw new ParameterException(spec.commandLine(), (feed != null ? "--feed" : "--database")
                    + " goes with --kind feed");
        }
        if (source != null && files.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--source names one source: give one file with it");
        }
        boolean contactGiven = contactEmail != null || contactFirstName != null || contactLastName != null;
        if (!kind.nominates() && (contactGiven || nomination != null)) {
            throw new ParameterException(spec.commandLine(), "--contact-... and --nomination are for --kind mta or "
                    + "helo");
        }
        java.util.Properties parameters = new java.util.Properties();
        if (contactGiven) {
            io.gatelist.gal.Nomination.Contact contact = new io.gatelist.gal.Nomination.Contact(
                    contactEmail == null ? "" : contactEmail, contactFirstName == null ? "" : contactFirstName,
                    contactLastName == null ? "" : contactLastName);
            List<String> errors = io.gatelist.gal.NominationRowRules.checkContact(contact).stream()
                    .filter(f -> f.severity() == io.gatelist.finding.Severity.ERROR)
                    .map(f -> "--" + (f.column() == null ? "contact" : f.column().replace('_', '-')) + ": "
                            + f.message()).toList();
            if (!errors.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join("; ", errors));
            }
            parameters.setProperty(io.gatelist.batch.JobParameters.CONTACT_EMAIL, contact.email());
            parameters.setProperty(io.gatelist.batch.JobParameters.CONTACT_FIRST_NAME, contact.firstName());
            parameters.setProperty(io.gatelist.batch.JobParameters.CONTACT_LAST_NAME, contact.lastName());
        }
        if (nomination != null) {
            parameters.setProperty(io.gatelist.batch.JobParameters.NOMINATION_ID, Long.toString(nomination));
        }
        int exit = 0;
        try (Session session = Session.open(parent)) {
            ImportService service = session.imports();
            int chunk;
            try {
                chunk = chunkSize != null ? chunkSize : ImportService.chunkSize(session.home);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("gatelist: " + TerminalText.escape(e.getMessage()));
                return 1;
            }
            FindingStore findings = new FindingStore(session.database);
            for (Path file : files) {
                ImportService.Outcome outcome;
                try {
                    ImportService.Options options = new ImportService.Options(source, chunk, maxRejected);
                    outcome = kind != ImportKind.FEED ? service.importFile(file, options, kind, parameters)
                            : service.importFeed(file, feed != null ? feed
                                    : FeedNames.of(String.valueOf(file.getFileName())), database, options);
                } catch (java.io.IOException e) {
                    // Nothing was recorded: the copy into the home comes before the import exists.
                    spec.commandLine().getErr().println("gatelist: cannot import " + TerminalText.escape(
                            file.toString()) + ": " + FailureText.describe(e));
                    exit = ImportExits.worse(exit, 1);
                    continue;
                } catch (StorageException e) {
                    // The database could not record the outcome (a disk that filled up under it): the import is
                    // left as the database last stored it, which resume continues.
                    spec.commandLine().getErr().println("gatelist: the import of " + TerminalText.escape(
                            file.toString()) + " failed: " + FailureText.describe(e) + "; once that is resolved, "
                            + "resume it with: gatelist resume");
                    exit = ImportExits.worse(exit, 1);
                    continue;
                }
                try {
                    Printing.importSummary(spec.commandLine().getOut(), outcome, findings);
                    exit = ImportExits.worse(exit, ImportExits.report(spec.commandLine().getErr(), outcome, findings,
                            file.toString(), maxRejected));
                } catch (StorageException e) {
                    spec.commandLine().getErr().println("gatelist: import " + outcome.run().id() + " of "
                            + TerminalText.escape(file.toString()) + " ended " + outcome.run().state()
                            + ", but its findings cannot be read: " + FailureText.describe(e));
                    exit = ImportExits.worse(exit, 1);
                }
            }
        }
        return exit;
    }
}
