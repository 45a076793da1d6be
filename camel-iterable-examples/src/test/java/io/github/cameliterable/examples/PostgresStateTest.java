package io.github.cameliterable.examples;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The production setup of docs/deployment.md: state in PostgreSQL through {@code state-data-source}, the model in
 * another DataSource. Two Camel Main lifecycles stand for two pods (or a pod and its replacement): the second one
 * starts with no local file and still sends nothing for an unchanged model. Skips without PostgreSQL.
 */
class PostgresStateTest {
    /** A schema of its own, so that other test suites sharing the database cannot drop these tables. */
    private static final String SCHEMA = "camel_iterable_examples";

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    private SyncReport runOnce() throws Exception {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:main/postgres-state.properties");
        main.addInitialProperty("emulator.api-key", iterable.emulator().apiKey());
        main.addInitialProperty("emulator.base-uri", iterable.emulator().baseUri());
        main.addInitialProperty("test.postgres-url", PostgresState.url() + "?currentSchema=" + SCHEMA);
        main.start();
        try {
            return main.getCamelContext().createProducerTemplate().requestBody("direct:users", null, SyncReport.class);
        } finally {
            main.stop();
        }
    }

    @Test
    void stateInPostgresSurvivesTheProcess() throws Exception {
        DataSource postgres = PostgresState.dataSourceOrSkip();
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }

        SyncReport first = runOnce();
        assertEquals(200, first.getNew(), first.toString());
        assertEquals(200, first.getSucceeded());

        SyncReport second = runOnce();
        assertEquals(200, second.getUnchanged(), "state came from PostgreSQL: " + second);
        assertEquals(0, second.getSent());

        try (Connection c = postgres.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                        + SCHEMA + "' AND table_name = 'iterable_state'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the state table lives in the test's schema");
        }
    }
}
