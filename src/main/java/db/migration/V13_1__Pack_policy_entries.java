package db.migration;

import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.PolicyBlock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 13.1: packs the policy_entry rows of every import into policy_block (created by V13), then drops
 * policy_entry, so that a home upgraded with stored lists keeps them and every reader knows one format. Java rather
 * than SQL because the blocks are written by the one codec the imports use ({@link PolicyBlock}, through
 * {@link EntryStore#insertBlocks}). Rows are read in key order (import, then record), one import at a time, and
 * packed {@value #ENTRIES_PER_BLOCK} to a block, as an import's chunks would be. Found by Flyway's scan of
 * {@code classpath:db/migration} (this package), which is why it lives outside io.gatelist.
 */
public class V13_1__Pack_policy_entries extends BaseJavaMigration {

    /** Entries per block: the default chunk size of an import. */
    static final int ENTRIES_PER_BLOCK = 5_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement ps = c.prepareStatement("SELECT import_id, record_no, line_no, list_name, kind, "
                + "entry_value, family, addr_high, addr_low, prefix_len, comment FROM policy_entry "
                + "ORDER BY entry_key")) {
            ps.setFetchSize(ENTRIES_PER_BLOCK);
            try (ResultSet rs = ps.executeQuery()) {
                long importId = -1;
                List<PolicyBlock.Entry> block = new ArrayList<>(ENTRIES_PER_BLOCK);
                while (rs.next()) {
                    long id = rs.getLong(1);
                    if (id != importId || block.size() == ENTRIES_PER_BLOCK) {
                        EntryStore.insertBlocks(c, importId, block);
                        block.clear();
                        importId = id;
                    }
                    ListName list = ListName.parse(rs.getString(4));
                    EntryKind kind = EntryKind.parse(rs.getString(5));
                    IpPrefix prefix = kind == EntryKind.IP ? new IpPrefix(rs.getShort(7), rs.getLong(8), rs.getLong(9),
                            rs.getShort(10)) : null;
                    // an ip entry's entry_value was its prefix's canonical text, which Entry.value() gives back
                    block.add(new PolicyBlock.Entry(rs.getInt(2), rs.getInt(3), list, kind, prefix,
                            prefix == null ? rs.getString(6) : null, rs.getString(11)));
                }
                EntryStore.insertBlocks(c, importId, block);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE policy_entry");
        }
    }
}
