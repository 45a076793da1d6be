package io.github.cameliterable.changes;

import javax.sql.DataSource;

import io.github.cameliterable.support.PostgresState;

/** Change detection with the state in the local PostgreSQL; skipped with a message when it is not reachable. */
class PostgresChangeDetectionTest extends ChangeDetectionContract {
    @Override
    DataSource dataSource() {
        DataSource ds = PostgresState.dataSourceOrSkip();
        PostgresState.dropTables(ds);
        return ds;
    }
}
