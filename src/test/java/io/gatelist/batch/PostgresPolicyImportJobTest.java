package io.gatelist.batch;

import io.gatelist.TestPostgres;

/** Every import-job scenario again with the lists and JBeret's job repository in PostgreSQL. */
class PostgresPolicyImportJobTest extends PolicyImportJobTest {

    @Override
    String jdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
