package io.gatelist.export;

import io.gatelist.answer.PublicText;
import io.gatelist.lookup.PolicySnapshot;
import java.io.IOException;
import java.io.Writer;

/** Writes a snapshot's verdicts in a format that another program reads. */
public interface Exporter {

    /**
     * Writes the export.
     *
     * @param text the text that formats carrying one show for a listing (TXT values, REJECT texts): it names no
     *             internal source, since anyone who is refused may read it
     * @return the number of entries written (table lines or set elements), for the summary
     */
    long write(PolicySnapshot snapshot, PublicText text, Writer out) throws IOException;
}
