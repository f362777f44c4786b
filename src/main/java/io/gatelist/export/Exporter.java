package io.gatelist.export;

import io.gatelist.lookup.PolicySnapshot;
import java.io.IOException;
import java.io.Writer;

/** Writes a snapshot's verdicts in a format that another program reads. */
public interface Exporter {

    /**
     * Writes the export.
     *
     * @return the number of entries written (table lines or set elements), for the summary
     */
    long write(PolicySnapshot snapshot, Writer out) throws IOException;
}
