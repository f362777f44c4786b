package io.gatelist.batch;

/** Names of job parameters shared by the jobs in {@code jobs/} and the code that starts them. */
public final class JobParameters {

    /** The import run a job works on. */
    public static final String IMPORT_ID = "importId";
    /** Rows per chunk. */
    public static final String CHUNK_SIZE = "chunkSize";
    /** Most rejected rows for which the accepted rows are still applied; -1 for no limit. */
    public static final String MAX_REJECTED_ROWS = "maxRejectedRows";
    /** Where compile writes the snapshot. */
    public static final String OUT = "out";
    /** Publish despite error-level overlaps. */
    public static final String ACCEPT_OVERLAPS = "acceptOverlaps";
    /** Publish a snapshot however many fewer entries it holds than the one it replaces. */
    public static final String ALLOW_SHRINK = "allowShrink";

    /** The contact of a nomination import whose file has no contact columns. */
    public static final String CONTACT_EMAIL = "contactEmail";
    public static final String CONTACT_FIRST_NAME = "contactFirstName";
    public static final String CONTACT_LAST_NAME = "contactLastName";
    /** The nomination a HELO/EHLO import adds its strings to (default: the contact's newest open nomination). */
    public static final String NOMINATION_ID = "nominationId";

    private JobParameters() {
    }

    /** Parses a numeric job parameter, failing with a clear message when it is missing or malformed. */
    static long requireLong(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("job parameter " + name + " is required");
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter " + name + " must be a number, not \"" + value + "\"");
        }
    }
}
