package io.gatelist.batch;

import io.gatelist.TestPostgres;

/** Every import-feed scenario again with the lists and JBeret's job repository in PostgreSQL. */
class PostgresFeedImportJobTest extends FeedImportJobTest {

    @Override
    String jdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
