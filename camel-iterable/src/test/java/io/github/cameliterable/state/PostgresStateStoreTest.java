package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state store contract on PostgreSQL at 127.0.0.1:5432, database {@code test}, user {@code postgres}. Skipped,
 * with a message in the report, when the server does not answer within 2 seconds. Each test uses its own table
 * prefix and drops its tables.
 */
class PostgresStateStoreTest extends StateStoreContract {

    private static PGSimpleDataSource dataSource;

    private final String prefix = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    @BeforeAll
    static void connect() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {5432});
        ds.setDatabaseName("test");
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setLoginTimeout(2);
        ds.setSocketTimeout(60);
        ds.setReWriteBatchedInserts(true);
        boolean reachable;
        try (Connection c = ds.getConnection()) {
            reachable = c.isValid(2);
        } catch (SQLException e) {
            reachable = false;
        }
        Assumptions.assumeTrue(reachable,
                "PostgreSQL at 127.0.0.1:5432 not reachable: skipping PostgreSQL state tests");
        dataSource = ds;
    }

    @Override
    protected JdbcStateStore openStore() {
        return new JdbcStateStore(dataSource, prefix);
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : store.tableNames()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
