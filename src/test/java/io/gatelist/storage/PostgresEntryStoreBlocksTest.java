package io.gatelist.storage;

import io.gatelist.TestPostgres;

/** Every block-storage scenario again with policy_block in PostgreSQL (BYTEA, FETCH FIRST, the key ranges). */
class PostgresEntryStoreBlocksTest extends EntryStoreBlocksTest {

    @Override
    String jdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
