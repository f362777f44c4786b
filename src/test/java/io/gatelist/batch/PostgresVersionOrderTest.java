package io.gatelist.batch;

import io.gatelist.TestPostgres;

/** Every interleaving of {@link VersionOrderTest} again with the lists and JBeret's job repository in PostgreSQL. */
class PostgresVersionOrderTest extends VersionOrderTest {

    @Override
    String jdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
