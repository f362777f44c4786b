package io.gatelist.batch;

import io.gatelist.gal.NominationRow;
import io.gatelist.storage.StagedRow;

/**
 * A validated nomination row on its way to the writer: the findings and rejected-row part every import stores, and
 * the accepted row, if any.
 *
 * @param row        findings, rejection, place
 * @param nomination the accepted row, or {@code null}
 */
record StagedNomination(StagedRow row, NominationRow nomination) {
}
