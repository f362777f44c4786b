package io.gatelist.batch;

import io.gatelist.storage.SourceVersions;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;

/** Decides a policy import (see {@link ApplyVersionBatchlet}): its entries become the live version of its source. */
@Named("applyImport")
@Dependent
public class ApplyImportBatchlet extends ApplyVersionBatchlet {

    @Override
    protected SourceVersions.Diff activate(Connection c, long importId, String source) throws SQLException {
        return SourceVersions.activate(c, importId, source);
    }

    @Override
    protected String rowsNoun() {
        return "rows";
    }

    @Override
    protected String applied(String source, SourceVersions.Diff diff) {
        return "applied to source \"" + source + "\": " + diff.added() + " added, " + diff.removed() + " removed, "
                + diff.unchanged() + " unchanged";
    }
}
