package io.gatelist.batch;

import io.gatelist.storage.GeoStore;
import io.gatelist.storage.GeoStore.StagedGeo;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Stores a chunk of validated delegated-statistics records (see {@link CheckpointedWriter}). A chunk always
 * replaces its record range: IP-to-country files are small enough that the delete costs nothing that matters.
 */
@Named("geoRecordWriter")
@Dependent
public class GeoRecordWriter extends CheckpointedWriter<StagedGeo> {

    @Override
    protected int recordNo(StagedGeo item) {
        return item.row().recordNo();
    }

    @Override
    protected Class<StagedGeo> itemType() {
        return StagedGeo.class;
    }

    @Override
    protected void truncateAfter(Connection c, long importId, int recordNo) throws SQLException {
        GeoStore.truncateAfter(c, importId, recordNo);
    }

    @Override
    protected void write(Connection c, long importId, List<StagedGeo> items, boolean mayBeStored)
            throws SQLException {
        GeoStore.write(c, importId, items);
    }
}
