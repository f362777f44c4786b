package io.gatelist.gal;

/**
 * One accepted row of a nomination: an MTA entry (with the HELO/EHLO string it uses, if given) or a HELO/EHLO string
 * alone, and the contact who nominates it.
 *
 * @param recordNo the record's number in its file (1-based), or its position when entered by hand
 * @param line     the physical line in its file, or 0 when entered by hand
 * @param mta      the MTA entry, or {@code null} for a HELO-only row
 * @param helo     the canonical HELO/EHLO string, or {@code null}
 * @param contact  the nominating contact
 */
public record NominationRow(int recordNo, int line, Nomination.Mta mta, String helo, Nomination.Contact contact) {
}
