package io.gatelist.batch;

import io.gatelist.gal.NominationRow;
import io.gatelist.gal.NominationStaging;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.StagedRow;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a chunk of validated nomination rows (see {@link CheckpointedWriter}): findings and rejected rows where
 * every import keeps them, accepted rows in {@code nomination_row}. Nomination files are small, so a chunk always
 * replaces its record range.
 */
@Named("nominationRowWriter")
@Dependent
public class NominationRowWriter extends CheckpointedWriter<StagedNomination> {

    @Override
    protected int recordNo(StagedNomination item) {
        return item.row().recordNo();
    }

    @Override
    protected Class<StagedNomination> itemType() {
        return StagedNomination.class;
    }

    @Override
    protected void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        EntryStore.truncateAfter(c, importId, recordNo);
        NominationStaging.truncateAfter(c, importId, recordNo);
    }

    @Override
    protected void write(Connection c, long importId, List<StagedNomination> items, boolean mayBeStored)
            throws SQLException {
        List<StagedRow> rows = new ArrayList<>(items.size());
        List<NominationRow> accepted = new ArrayList<>(items.size());
        int from = Integer.MAX_VALUE;
        int to = Integer.MIN_VALUE;
        for (StagedNomination staged : items) {
            rows.add(staged.row());
            if (staged.nomination() != null) {
                accepted.add(staged.nomination());
            }
            from = Math.min(from, staged.row().recordNo());
            to = Math.max(to, staged.row().recordNo());
        }
        EntryStore.write(c, importId, rows, true);
        NominationStaging.write(c, importId, from, to, accepted);
    }
}
