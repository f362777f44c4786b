package io.gatelist.storage;

/** Where an import is in its life. */
public enum ImportState {
    /** The file was taken into the home; no job has run yet. */
    CLAIMED,
    /** The import job is reading and validating rows. */
    VALIDATING,
    /** Validation finished and the accepted rows replaced the source's entries. */
    ACCEPTED,
    /** Held for review: a file-level error, or more rejected rows than the threshold allows. Nothing applied. */
    REJECTED,
    /** The job failed; it can be restarted from its last checkpoint. */
    FAILED,
    /** The same content was imported before; nothing was applied twice. */
    DUPLICATE
}
