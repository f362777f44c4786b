package io.gatelist.batch;

import io.gatelist.storage.EntryStore;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.StagedRow;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Stores a chunk of validated policy rows (see {@link CheckpointedWriter}): accepted entries, findings and rejected
 * rows, replacing a chunk's records only when they may already be stored. Duplicate rows are found here, a chunk at
 * a time in record order ({@link DuplicateRows}), knowing what the import stored before a restart.
 */
@Named("stagedRowWriter")
@Dependent
public class StagedRowWriter extends CheckpointedWriter<StagedRow> {

    private DuplicateRows duplicates;

    @Override
    public void open(Serializable checkpoint) {
        super.open(checkpoint); // deletes what was stored past the checkpoint first
        duplicates = DuplicateRows.restored(appliance.database(), id(),
                new ImportStore(appliance.database()).get(id()).bytes());
    }

    @Override
    protected int recordNo(StagedRow item) {
        return item.recordNo();
    }

    @Override
    protected Class<StagedRow> itemType() {
        return StagedRow.class;
    }

    /** Policy files run to millions of rows: storing a chunk while the next is validated halves the step. */
    @Override
    protected boolean storesInBackground() {
        return true;
    }

    @Override
    protected void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        EntryStore.truncateAfter(c, importId, recordNo);
    }

    @Override
    protected void write(Connection c, long importId, List<StagedRow> items, boolean mayBeStored)
            throws SQLException {
        EntryStore.write(c, importId, duplicates.apply(items), mayBeStored);
    }
}
