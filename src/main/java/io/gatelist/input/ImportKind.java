package io.gatelist.input;

import java.util.Locale;

/**
 * What an imported file is: the kind recorded in {@code import_run.kind}, named on the command line
 * ({@code import --kind}) and told by the inbox from the file's first line; each kind has its own import job
 * (jobs/), and the CSV kinds have their columns.
 */
public enum ImportKind {
    /** The customer's Approved and Blocked lists: {@code list,kind,value[,comment]}. */
    POLICY("policy", "import-policy", "header list,kind,value[,comment]"),
    /** Global Approved List MTA nominations. */
    MTA("mta", "import-mta", "header ip,fqdn,email_domain,company_name,country,company_type[,contact_...]"),
    /** Global Approved List HELO/EHLO strings, added to a nomination. */
    HELO("helo", "import-helo", "header helo[,contact_...]"),
    /** IP-to-country data: RIR delegated statistics files. */
    GEO("geo", "import-geo", "RIR delegated statistics (registry|cc|type|start|value|date|status)"),
    /** Reputation feeds. */
    FEED("feed", "import-feed", "a reputation feed (addresses or CIDR ranges a line, Spamhaus DROP, rbldnsd data, "
            + "JSON lines with cidr, CSV value,reason)");

    /**
     * What {@code import_run.kind} holds while a file's kind is not known: an inbox claim not yet read, or a file
     * refused as a whole (empty, binary, of no known kind).
     */
    public static final String UNKNOWN = "unknown";

    private final String id;
    private final String jobId;
    private final String toldBy;

    ImportKind(String id, String jobId, String toldBy) {
        this.id = id;
        this.jobId = jobId;
        this.toldBy = toldBy;
    }

    /** The name stored in {@code import_run.kind} and used on the command line: {@code policy}, {@code mta}, ... */
    public String id() {
        return id;
    }

    /** The batch job that imports files of this kind: {@code import-policy}, ... */
    public String jobId() {
        return jobId;
    }

    /** How a file of this kind is told from its first meaningful line, for messages. */
    public String toldBy() {
        return toldBy;
    }

    /** The columns of a CSV kind (policy, mta, helo); {@code null} for geo and feed, which have their own formats. */
    public CsvLayout layout() {
        return switch (this) {
            case POLICY -> CsvLayout.POLICY;
            case MTA -> CsvLayout.MTA;
            case HELO -> CsvLayout.HELO;
            case GEO, FEED -> null;
        };
    }

    /** True for nomination files (mta, helo): they nominate, they are not versions of a source. */
    public boolean nominates() {
        return this == MTA || this == HELO;
    }

    /** The id: how the command line and the database write the kind. */
    @Override
    public String toString() {
        return id;
    }

    /**
     * The kind named {@code id} (any case).
     *
     * @throws IllegalArgumentException naming the kinds, when {@code id} is none of them
     */
    public static ImportKind of(String id) {
        for (ImportKind k : values()) {
            if (k.id.equals(id.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("an import kind is one of " + java.util.Arrays.toString(values())
                + ", not \"" + id + "\"");
    }

    /** The kind as {@code import_run.kind} stores it: {@code null} for {@value #UNKNOWN}. */
    public static ImportKind ofStored(String id) {
        return UNKNOWN.equals(id) ? null : of(id);
    }

    /** What {@code import_run.kind} stores for {@code kind}: its id, or {@value #UNKNOWN} for {@code null}. */
    public static String stored(ImportKind kind) {
        return kind == null ? UNKNOWN : kind.id;
    }
}
