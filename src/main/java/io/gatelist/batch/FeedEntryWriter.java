package io.gatelist.batch;

import io.gatelist.storage.FeedStore;
import io.gatelist.storage.FeedStore.StagedFeed;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a chunk of validated feed lines (see {@link CheckpointedWriter}); a fresh chunk is written without a
 * delete, the cost that matters for million-line feeds.
 */
@Named("feedEntryWriter")
@Dependent
public class FeedEntryWriter extends CheckpointedWriter<StagedFeed> {

    @Override
    protected int recordNo(StagedFeed item) {
        return item.row().recordNo();
    }

    @Override
    protected Class<StagedFeed> itemType() {
        return StagedFeed.class;
    }

    @Override
    protected void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        FeedStore.truncateAfter(c, importId, recordNo);
    }

    @Override
    protected void write(Connection c, long importId, List<StagedFeed> items, boolean mayBeStored)
            throws SQLException {
        List<StagedFeed> lines = new ArrayList<>(items.size());
        List<StagedFeed> fileLevel = new ArrayList<>(1);
        for (StagedFeed item : items) {
            (item.row().fileLevel() ? fileLevel : lines).add(item);
        }
        // File-level findings use record 0, which the truncation on open keeps: replace them when rewritten.
        FeedStore.write(c, importId, fileLevel, true);
        FeedStore.write(c, importId, lines, mayBeStored);
    }
}
