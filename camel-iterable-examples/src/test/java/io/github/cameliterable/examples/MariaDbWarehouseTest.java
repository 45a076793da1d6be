package io.github.cameliterable.examples;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mariadb.jdbc.MariaDbDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A MySQL or MariaDB warehouse read by camel-sql, its rows as MariaDB's driver returns them: upper-case and mixed-case
 * column names, a {@code BIGINT UNSIGNED} as a {@code BigInteger}, {@code TINYINT(1)} and {@code BIT(1)} as
 * {@code Boolean}, {@code DATETIME} as {@code Timestamp}, {@code DATE} as {@code java.sql.Date}, {@code JSON} as text,
 * nulls. Skips with a message where MariaDB is not at 127.0.0.1:3306 (root, no password, database {@code test}).
 */
class MariaDbWarehouseTest {
    private static final String TABLE = "camel_iterable_customers";

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    java.nio.file.Path state;

    private CamelContext camel;

    @BeforeEach
    void warehouse() throws Exception {
        MariaDbDataSource ds = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=2000");
        boolean reachable;
        try (Connection c = ds.getConnection()) {
            reachable = c.isValid(2);
        } catch (Exception e) {
            reachable = false;
        }
        assumeTrue(reachable, "MariaDB at 127.0.0.1:3306 not reachable: skipping the MariaDB warehouse test");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (ID BIGINT UNSIGNED PRIMARY KEY, EMAIL VARCHAR(200), FIRST_NAME"
                    + " VARCHAR(100), Plan VARCHAR(20), LTV DECIMAL(12,2), ORDERS INT, IS_VIP TINYINT(1), SIGNED_UP"
                    + " DATETIME, BIRTHDAY DATE, PREFS JSON, FLAGS BIT(1))");
            s.execute("INSERT INTO " + TABLE + " VALUES"
                    + " (1, 'ann@example.com', 'Ann', 'pro', 1234.50, 7, 1, '2024-01-02 03:04:05', '1990-05-06',"
                    + "  '{\"color\":\"red\",\"n\":3}', b'1'),"
                    + " (2, 'bob@example.com', NULL, 'free', NULL, NULL, 0, NULL, NULL, NULL, b'0'),"
                    + " (18446744073709551615, 'max@example.com', 'Max', 'pro', 0.00, 0, 0, '2024-01-02 03:04:05',"
                    + "  '2000-01-01', '[1,2]', NULL),"
                    + " (4, 'not-an-email', 'Bad', 'pro', 1.00, 1, 0, NULL, NULL, NULL, NULL)");
        }
        camel = ExampleCamel.onWarehouse(iterable.emulator(), state, ds, "SELECT * FROM " + TABLE + " ORDER BY EMAIL",
                "matchBy=email&snapshot=true", "eventName=seen&matchBy=email&eventIdColumn=ID&createdAtColumn=SIGNED_UP");
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void rowsAsTheDriverReturnsThemSync() {
        SyncReport report = camel.createProducerTemplate().requestBody("direct:users", null, SyncReport.class);
        assertEquals(4, report.getReceived(), report.toString());
        assertEquals(2, report.getSucceeded(), report.toString());
        assertEquals(2, report.getInvalid(), report.toString());
        // both bad records fail before any call, each naming its field: one request for the two good ones
        assertEquals(1, report.getApiCalls(), report.toString());
        List<String> failures = report.getFailures().stream().map(Object::toString).toList();
        assertTrue(failures.stream()
                .anyMatch(f -> f.contains("'max@example.com'") && f.contains("field 'ID'")
                        && f.contains("outside Iterable's 64-bit range")),
                failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("'not-an-email'") && f.contains("field 'email'")),
                failures.toString());

        IterableEmulator emulator = iterable.emulator();
        @SuppressWarnings("unchecked")
        Map<String, Object> ann = (Map<String, Object>) emulator.user("ann@example.com").orElseThrow().get("dataFields");
        assertEquals(1, ((Number) ann.get("ID")).intValue(), "a BIGINT UNSIGNED within 64 bits is a number: " + ann);
        assertEquals("Ann", ann.get("FIRST_NAME"));
        assertEquals("pro", ann.get("Plan"));
        assertEquals(1234.5, ((Number) ann.get("LTV")).doubleValue());
        assertEquals(true, ann.get("IS_VIP"));
        assertEquals(true, ann.get("FLAGS"));
        assertEquals("1990-05-06", ann.get("BIRTHDAY"));
        assertTrue(String.valueOf(ann.get("SIGNED_UP")).matches("2024-01-0[12] \\d\\d:04:05 \\+00:00"), ann.toString());
        assertEquals("{color=red, n=3}", String.valueOf(ann.get("PREFS")), "a JSON column is sent as its object");
        @SuppressWarnings("unchecked")
        Map<String, Object> bob = (Map<String, Object>) emulator.user("bob@example.com").orElseThrow().get("dataFields");
        assertEquals(false, bob.get("IS_VIP"));
        assertFalse(emulator.user("max@example.com").isPresent());
        assertEquals(List.of(), emulator.contractViolations());
    }

    @Test
    void oneRowPerMessageTracksEvents() {
        camel.createProducerTemplate().sendBody("direct:events", null);
        IterableEmulator emulator = iterable.emulator();
        List<Map<String, Object>> events = emulator.events();
        assertEquals(List.of("1", "2"), events.stream().map(e -> String.valueOf(e.get("id"))).sorted().toList(),
                events.toString());
        Map<String, Object> ann = events.stream()
                .filter(e -> "1".equals(String.valueOf(e.get("id"))))
                .findFirst()
                .orElseThrow();
        assertEquals("ann@example.com", ann.get("email"));
        long createdAt = ((Number) ann.get("createdAt")).longValue();
        assertTrue(Math.abs(createdAt - 1_704_164_645L) <= 14 * 3600, "2024-01-02 03:04:05 in the JVM's zone: " + ann);
        assertEquals(List.of(), emulator.contractViolations());
    }
}
