package io.gatelist.cli;

import io.gatelist.gal.Investigation;
import io.gatelist.gal.Nomination;
import io.gatelist.gal.NominationRow;
import io.gatelist.gal.NominationRowRules;
import io.gatelist.gal.NominationStore;
import io.gatelist.finding.Finding;
import io.gatelist.finding.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gatelist nominate}: one or two Global Approved List entries by hand, as the seed's form takes them. Each of
 * {@code --ip --fqdn --email-domain --company --country --company-type} is given once per entry (the i-th of each
 * makes entry i), or once for all entries. Checked with the same rules as a CSV row; nothing is recorded when any
 * value is wrong.
 */
@Command(name = "nominate", mixinStandardHelpOptions = true,
        description = "Nominate MTA entries (and HELO/EHLO strings) for the Global Approved List by hand. For more "
                + "than a few entries use a CSV file: gatelist sample-csv mta, then gatelist import --kind mta.",
        footer = {"", "Example:",
            "  gatelist nominate --ip 123.123.123.10 --fqdn mx1.example-sender.net --email-domain example-sender.net \\",
            "      --company \"Example Sender Ltd\" --country NZ --company-type esp --helo mx1.example-sender.net \\",
            "      --contact-email ops@example-sender.net --contact-first-name Ana --contact-last-name Reyes"})
final class NominateCommand implements Callable<Integer> {

    @ParentCommand
    GatelistCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--ip", required = true, paramLabel = "ADDRESS", description = "The MTA's IP address (repeatable).")
    List<String> ips;

    @Option(names = "--fqdn", required = true, paramLabel = "NAME", description = "The MTA's host name (repeatable).")
    List<String> fqdns;

    @Option(names = "--email-domain", required = true, paramLabel = "DOMAIN",
            description = "The e-mail domain it sends for (repeatable).")
    List<String> emailDomains;

    @Option(names = "--company", required = true, paramLabel = "NAME", description = "Company name (repeatable).")
    List<String> companies;

    @Option(names = "--country", required = true, paramLabel = "CC",
            description = "Country/region: ISO code or English name (repeatable).")
    List<String> countries;

    @Option(names = "--company-type", required = true, paramLabel = "TYPE",
            description = "isp, esp, enterprise, government, education, non-profit or other (repeatable).")
    List<String> companyTypes;

    @Option(names = "--helo", paramLabel = "STRING",
            description = "A HELO/EHLO string the MTAs use: a name or an address literal [192.0.2.1] (repeatable).")
    List<String> helos = new ArrayList<>();

    @Option(names = "--contact-email", required = true, paramLabel = "ADDRESS", description = "Your e-mail address.")
    String contactEmail;

    @Option(names = "--contact-first-name", required = true, paramLabel = "NAME", description = "Your first name.")
    String contactFirstName;

    @Option(names = "--contact-last-name", required = true, paramLabel = "NAME", description = "Your last name.")
    String contactLastName;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int entries = ips.size();
        Map<String, List<String>> columns = Map.of("fqdn", fqdns, "email_domain", emailDomains, "company_name",
                companies, "country", countries, "company_type", companyTypes);
        for (Map.Entry<String, List<String>> c : columns.entrySet()) {
            if (c.getValue().size() != 1 && c.getValue().size() != entries) {
                throw new ParameterException(spec.commandLine(), "give --" + option(c.getKey()) + " once for all "
                        + "entries or once per --ip (" + entries + " times), not " + c.getValue().size() + " times");
            }
        }
        NominationRowRules rules = new NominationRowRules(new Nomination.Contact(contactEmail, contactFirstName,
                contactLastName));
        List<Finding> problems = new ArrayList<>(NominationRowRules.checkContact(rules.contact()));
        List<Nomination.Mta> mtas = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            int entry = i;
            NominationRowRules.Outcome o = rules.mta(column -> column.equals("ip") ? ips.get(entry)
                    : columns.containsKey(column) ? pick(columns.get(column), entry) : null, i + 1, 0);
            problems.addAll(o.findings());
            if (o.row() != null) {
                mtas.add(o.row().mta());
            }
        }
        List<Nomination.Helo> heloEntries = new ArrayList<>();
        for (int i = 0; i < helos.size(); i++) {
            String text = helos.get(i);
            NominationRowRules.Outcome o = rules.helo(column -> column.equals("helo") ? text : null, i + 1, 0);
            problems.addAll(o.findings());
            NominationRow row = o.row();
            if (row != null) {
                heloEntries.add(new Nomination.Helo(row.helo(), 0));
            }
        }
        boolean failed = false;
        for (Finding f : problems) {
            if (f.severity() != Severity.INFO) {
                err.println("gatelist: " + f.severity().id() + " --" + option(f.column()) + " " + f.value() + ": "
                        + f.message() + " (" + f.code() + ")");
            }
            failed |= f.severity() == Severity.ERROR;
        }
        if (failed) {
            // each finding is on its own line above, with its code, as an import's are
            throw new ParameterException(spec.commandLine(), "nothing was nominated");
        }
        try (Session session = Session.open(parent)) {
            Investigation investigation = Investigation.configured(session.home);
            Nomination.Contact contact = rules.contact();
            Nomination n = session.database.inTransaction(c -> {
                long id = NominationStore.create(c, contact, mtas, heloEntries, 0);
                NominationStore.saveChecks(c, id, investigation.investigate(c, id, mtas, heloEntries));
                return NominationStore.get(c, id);
            });
            NominationsCommand.print(n, spec.commandLine().getOut());
        }
        return 0;
    }

    private static String pick(List<String> values, int entry) {
        return values.size() == 1 ? values.get(0) : values.get(entry);
    }

    private static String option(String column) {
        if (column == null) {
            return "contact";
        }
        return switch (column) {
            case "company_name" -> "company";
            default -> column.replace('_', '-');
        };
    }
}
