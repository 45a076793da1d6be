package io.github.cameliterable.examples;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PostgreSQL warehouse read by camel-sql, its rows as the driver returns them: {@code text[]} and {@code int[]} as
 * {@code java.sql.Array} (whose connection is closed once camel-sql hands the rows over), {@code jsonb} as a
 * {@code PGobject}, {@code interval} as one of its subclasses, {@code uuid}, {@code time}, {@code timestamptz},
 * {@code numeric}, an upper-case column name and nulls. Skips without PostgreSQL.
 */
class PostgresWarehouseTest {
    private static final String SCHEMA = "camel_iterable_warehouse";

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    java.nio.file.Path state;

    @Test
    void rowsAsTheDriverReturnsThemSync() throws Exception {
        DataSource warehouse = PostgresState.dataSourceOrSkip();
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".customers (\"EMAIL\" text, tags text[], lucky int[], prefs jsonb,"
                    + " account uuid, opens_at time, seen timestamptz, ltv numeric(12,2), trial interval)");
            s.execute("INSERT INTO " + SCHEMA + ".customers VALUES"
                    + " ('ann@example.com', ARRAY['vip','beta'], ARRAY[3,7], '{\"color\": \"red\"}',"
                    + "  '9203cf47-8679-41b7-bcad-7bb2cafb9ca4', '10:11:12', '2024-01-02 03:04:05+00', 1234.50, '14 days'),"
                    + " ('bob@example.com', NULL, '{}', NULL, NULL, NULL, NULL, NULL, NULL)");
        }
        IterableEmulator emulator = iterable.emulator();
        CamelContext camel = ExampleCamel.onWarehouse(emulator, state, warehouse, "SELECT * FROM " + SCHEMA + ".customers",
                "matchBy=email&emailColumn=EMAIL&snapshot=true",
                "eventName=seen&matchBy=email&emailColumn=EMAIL&createdAtColumn=seen");
        try {
            SyncReport report = camel.createProducerTemplate().requestBody("direct:users", null, SyncReport.class);
            assertEquals(2, report.getSucceeded(), report + " " + report.getFailures());

            @SuppressWarnings("unchecked")
            Map<String, Object> ann = (Map<String, Object>) emulator.user("ann@example.com").orElseThrow().get("dataFields");
            assertEquals(List.of("vip", "beta"), ann.get("tags"), ann.toString());
            assertEquals("[3, 7]", String.valueOf(ann.get("lucky")));
            assertEquals(Map.of("color", "red"), ann.get("prefs"));
            assertEquals("9203cf47-8679-41b7-bcad-7bb2cafb9ca4", ann.get("account"));
            assertEquals("10:11:12", ann.get("opens_at"));
            assertEquals("2024-01-02 03:04:05 +00:00", ann.get("seen"));
            assertEquals(1234.5, ((Number) ann.get("ltv")).doubleValue());
            assertTrue(String.valueOf(ann.get("trial")).contains("14 days"), ann.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> bob = (Map<String, Object>) emulator.user("bob@example.com").orElseThrow().get("dataFields");
            assertEquals(List.of(), bob.get("lucky"), bob.toString());

            // an unchanged model sends nothing: the arrays and objects hash the same in every run
            SyncReport again = camel.createProducerTemplate().requestBody("direct:users", null, SyncReport.class);
            assertEquals(2, again.getUnchanged(), again.toString());

            camel.createProducerTemplate().sendBody("direct:events", null);
            List<Map<String, Object>> events = emulator.events();
            assertEquals(2, events.size(), events.toString());
            assertTrue(events.stream()
                    .anyMatch(e -> "ann@example.com".equals(e.get("email"))
                            && ((Number) e.get("createdAt")).longValue() == 1_704_164_645L),
                    events.toString());
            assertEquals(List.of(), emulator.contractViolations());
        } finally {
            camel.stop();
        }
    }
}
