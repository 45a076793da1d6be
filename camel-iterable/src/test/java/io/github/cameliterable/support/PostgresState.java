package io.github.cameliterable.support;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.cameliterable.IterableComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The local PostgreSQL for state tests; the tests skip with a visible message when it is not reachable. */
public final class PostgresState {
    private PostgresState() {
    }

    /**
     * The test database: {@code test} unless the environment variable {@code ITERABLE_TEST_PG_DB} names another, so
     * that two builds on one machine (two work trees) never drop each other's tables.
     */
    public static String database() {
        String name = System.getenv("ITERABLE_TEST_PG_DB");
        return name == null || name.isBlank() ? "test" : name;
    }

    public static String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database();
    }

    /**
     * For a child JVM's main: a CamelContext (not started) whose iterable component sends to {@code baseUri} with
     * {@code apiKey} and keeps its state in the PostgreSQL database at {@code jdbcUrl}, as its parent test does.
     */
    public static DefaultCamelContext camelOnState(String baseUri, String apiKey, String jdbcUrl) {
        PGSimpleDataSource state = new PGSimpleDataSource();
        state.setURL(jdbcUrl);
        state.setUser("postgres");
        DefaultCamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setBaseUri(baseUri);
        component.getConfiguration().setApiKey(apiKey);
        component.getConfiguration().setStateDataSource(state);
        return camel;
    }

    public static DataSource dataSourceOrSkip() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setLoginTimeout(2);
        boolean reachable;
        try (Connection c = ds.getConnection()) {
            reachable = c.isValid(2);
        } catch (Exception e) {
            reachable = false;
        }
        assumeTrue(reachable, "PostgreSQL at 127.0.0.1:5432 not reachable: skipping the PostgreSQL variant of this test");
        return ds;
    }

    /** Drops the component's default tables so that each test starts from empty state. */
    public static void dropTables(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[]{"iterable_state", "iterable_run_keys", "iterable_run_seen",
                    "iterable_first_seen", "iterable_staging", "iterable_lease",
                    "iterable_intake", "iterable_intake_failed"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
