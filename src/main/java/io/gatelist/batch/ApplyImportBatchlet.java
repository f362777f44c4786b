package io.gatelist.batch;

import io.gatelist.storage.ImportRun;
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
    protected SourceVersions.Diff activate(Connection c, ImportRun run, int accepted) throws SQLException {
        return SourceVersions.activate(c, run.id(), run.sourceName(), accepted);
    }

    @Override
    protected String rowsNoun() {
        return "rows";
    }

    @Override
    protected String applied(ImportRun run, SourceVersions.Diff diff) {
        return "applied to source \"" + run.sourceName() + "\": " + diff.added() + " added, " + diff.removed()
                + " removed, " + diff.unchanged() + " unchanged";
    }
}
