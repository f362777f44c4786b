package io.gatelist.batch;

import io.gatelist.storage.GeoStore;
import io.gatelist.storage.ImportRun;
import io.gatelist.storage.SourceVersions;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides an IP-to-country import (see {@link ApplyVersionBatchlet}): its ranges become the live version of its
 * source, or the file is held for review because of a file-level error (no version line, counts that do not add
 * up) or too many rejected records.
 */
@Named("applyGeoImport")
@Dependent
public class ApplyGeoImportBatchlet extends ApplyVersionBatchlet {

    @Override
    protected SourceVersions.Diff activate(Connection c, ImportRun run, int accepted) throws SQLException {
        return GeoStore.activate(c, run.id(), run.sourceName());
    }

    @Override
    protected String rowsNoun() {
        return "records";
    }

    @Override
    protected String applied(ImportRun run, SourceVersions.Diff diff) {
        return "applied to IP-to-country source \"" + run.sourceName() + "\": " + diff.added() + " ranges added, "
                + diff.removed() + " removed, " + diff.unchanged() + " unchanged";
    }
}
