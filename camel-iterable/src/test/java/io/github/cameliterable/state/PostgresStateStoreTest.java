package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.github.cameliterable.support.PostgresState;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state store contract on PostgreSQL at 127.0.0.1:5432, database {@code test}, user {@code postgres}. Skipped,
 * with a message in the report, when the server does not answer within 2 seconds. Each test uses its own table
 * prefix and drops its tables. The store gets a pooled DataSource, as in production (H2's small pool over the
 * driver's {@link PGConnectionPoolDataSource}: no pool library needed).
 */
class PostgresStateStoreTest extends JdbcStateStoreContract {

    private static JdbcConnectionPool dataSource;
    private static boolean reachable;

    private final String prefix = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    @BeforeAll
    static void connect() {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        configure(probe);
        try (Connection c = probe.getConnection()) {
            reachable = c.isValid(2);
        } catch (SQLException e) {
            reachable = false;
        }
        if (!reachable) {
            return; // each test then reports itself skipped, with the reason (openStore)
        }
        PGConnectionPoolDataSource physical = new PGConnectionPoolDataSource();
        configure(physical);
        dataSource = JdbcConnectionPool.create(physical);
    }

    private static void configure(org.postgresql.ds.common.BaseDataSource ds) {
        ds.setServerNames(new String[]{"127.0.0.1"});
        ds.setPortNumbers(new int[]{5432});
        ds.setDatabaseName(PostgresState.database());
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setLoginTimeout(2);
        ds.setSocketTimeout(60);
        ds.setReWriteBatchedInserts(true);
    }

    @AfterAll
    static void disconnect() {
        if (dataSource != null) {
            dataSource.dispose();
        }
    }

    @Override
    protected JdbcStateStore openStore() {
        Assumptions.assumeTrue(reachable, "PostgreSQL at 127.0.0.1:5432 not reachable: skipping PostgreSQL state tests");
        return new JdbcStateStore(dataSource, prefix);
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (store == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : store.tableNames()) {
                st.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
