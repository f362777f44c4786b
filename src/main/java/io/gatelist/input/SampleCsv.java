package io.gatelist.input;

import java.util.List;
import java.util.Map;

/**
 * Ready-to-fill sample files, as the seed's "Download a sample CSV file" offers: the header every importer expects,
 * comment lines that say what goes in each column, and one example row, commented out so that the sample imports
 * cleanly as it is. {@code gatelist sample-csv KIND} prints them; the same files are in {@code samples/}.
 */
public final class SampleCsv {

    /** The kinds that have a sample, and the file name of each in {@code samples/}. */
    public static final Map<ImportKind, String> FILES = Map.of(ImportKind.MTA, "sample-mta.csv", ImportKind.HELO,
            "sample-helo.csv", ImportKind.POLICY, "sample-policy.csv");

    private static final String MTA_SAMPLE = String.join("\n", List.of(
            "ip,fqdn,email_domain,company_name,country,company_type,helo,contact_email,contact_first_name,"
                    + "contact_last_name",
            "# Global Approved List nomination: one Mail Transfer Agent per row. Lines starting with # are ignored.",
            "# Remove the # of the example row below and replace its values with yours; add one row per MTA.",
            "#   ip            one public IPv4 or IPv6 address of the MTA (no ranges; private and reserved space is "
                    + "refused)",
            "#   fqdn          the MTA's host name (its PTR record should name it)",
            "#   email_domain  the domain the MTA sends mail for",
            "#   company_name  your company",
            "#   country       ISO 3166 code (NZ) or English name (New Zealand)",
            "#   company_type  isp, esp, enterprise, government, education, non-profit or other",
            "#   helo          optional: the HELO/EHLO string this MTA uses (a name, or your IP as [123.123.123.10])",
            "#   contact_...   you, on every row; or leave these empty and import with --contact-email "
                    + "--contact-first-name --contact-last-name",
            "#123.123.123.10,mx1.example-sender.net,example-sender.net,Example Sender Ltd,NZ,esp,"
                    + "mx1.example-sender.net,postmaster@example-sender.net,Ana,Reyes",
            ""));

    private static final String HELO_SAMPLE = String.join("\n", List.of(
            "helo,contact_email,contact_first_name,contact_last_name",
            "# Global Approved List nomination: one HELO/EHLO string per row. Lines starting with # are ignored.",
            "# Remove the # of the example row below and replace its values with yours.",
            "#   helo          a host name, or an address literal of a nominated IP: [123.123.123.10] or "
                    + "[IPv6:2001:db7::25]",
            "#   contact_...   you; or leave these empty and import with --contact-email --contact-first-name "
                    + "--contact-last-name",
            "# The strings join your open nomination (import your MTA file first), or the one given with "
                    + "--nomination ID.",
            "# An approved HELO string approves a connection only from one of its nomination's IPs.",
            "#mx1.example-sender.net,postmaster@example-sender.net,Ana,Reyes",
            ""));

    private static final String POLICY_SAMPLE = String.join("\n", List.of(
            "list,kind,value,comment",
            "# Your own Approved and Blocked lists: one entry per row. Lines starting with # are ignored.",
            "# Remove the # of the example rows below and replace their values with yours.",
            "#   list     approved or blocked",
            "#   kind     ip (an address or a CIDR range) or country (an ISO 3166 code)",
            "#   value    123.123.123.123, 123.123.124.0/24, 2001:db7:85a3::8a2e:370:7334 or NZ",
            "#   comment  optional: why the entry is there",
            "#approved,ip,123.123.123.123,partner relay",
            "#blocked,ip,123.123.124.0/24,spam source",
            ""));

    private SampleCsv() {
    }

    /** The sample of {@code kind} ({@code mta}, {@code helo} or {@code policy}), or {@code null}. */
    public static String text(ImportKind kind) {
        return switch (kind) {
            case MTA -> MTA_SAMPLE;
            case HELO -> HELO_SAMPLE;
            case POLICY -> POLICY_SAMPLE;
            case GEO, FEED -> null;
        };
    }
}
