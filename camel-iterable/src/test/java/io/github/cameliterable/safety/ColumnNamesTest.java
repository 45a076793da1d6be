package io.github.cameliterable.safety;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warehouses that upper-case unquoted identifiers (Snowflake, Oracle, H2): every column option matches its column
 * exactly first, then ignoring case, for Map, JSON text, JsonNode and POJO bodies.
 */
class ColumnNamesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static Map<?, ?> fields(String email) {
        return (Map<?, ?>) iterable.emulator().user(email).orElseThrow().get("dataFields");
    }

    @Test
    void upperCaseColumnsMatchTheDefaultOptionsOfUsers() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?matchBy=email");
            SyncReport report = harness.sync("users", List.of(
                    row("EMAIL", "ann@example.com", "USERID", "u-1", "FIRST_NAME", "Ann", "PLAN", null),
                    row("EMAIL", "bob@example.com", "USERID", "u-2", "FIRST_NAME", "Bob", "PLAN", "pro")));
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals(0, report.getFailed(), report.toString());
            assertEquals("Ann", fields("ann@example.com").get("FIRST_NAME"));
            assertEquals("pro", fields("bob@example.com").get("PLAN"));
            assertEquals("u-1", iterable.emulator().user("ann@example.com").orElseThrow().get("userId"));
            // the identifier columns are identifiers, not data fields
            assertFalse(fields("ann@example.com").containsKey("EMAIL"));
            assertFalse(fields("ann@example.com").containsKey("USERID"));
        }
    }

    @Test
    void fieldsAndSyncTypeColumnsMatchIgnoringCase() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users?fields=first_name:firstName,city:address.city&primaryKey=customer_id")
                    .route("events", "iterable:events?eventNameColumn=event_name&eventIdColumn=event_id")
                    .route("catalog", "iterable:catalog?catalogName=products&idColumn=sku&createCatalog=true");
            SyncReport users = harness.sync("users", List.of(
                    row("CUSTOMER_ID", 7, "EMAIL", "cy@example.com", "FIRST_NAME", "Cy", "CITY", "Oslo", "OTHER", "x")));
            assertEquals(1, users.getSucceeded(), users.toString());
            assertEquals("Cy", fields("cy@example.com").get("firstName"));
            assertEquals(Map.of("city", "Oslo"), fields("cy@example.com").get("address"));
            assertFalse(fields("cy@example.com").containsKey("OTHER"), "only the listed fields are mapped");

            SyncReport events = harness.sync("events", List.of(
                    row("EVENT_ID", "e-1", "EMAIL", "cy@example.com", "EVENT_NAME", "signup", "SOURCE", "web")));
            assertEquals(1, events.getSucceeded(), events.toString());
            Map<String, Object> event = iterable.emulator().events().get(0);
            assertEquals("signup", event.get("eventName"));
            assertEquals("e-1", event.get("id"));

            SyncReport items = harness.sync("catalog", List.of(row("SKU", "sku-1", "NAME", "Lamp")));
            assertEquals(1, items.getSucceeded(), items.toString());
            assertTrue(iterable.emulator().catalogItems("products").containsKey("sku-1"),
                    iterable.emulator().catalogItems("products").toString());
        }
    }

    /** A POJO as a JDBC mapper or a Kamelet might build it, with the warehouse's names. */
    public record WarehouseRow(String EMAIL, String LAST_NAME) {
    }

    @Test
    void jsonTextJsonNodeAndPojoBodiesMatchIgnoringCase() throws Exception {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users");
            SyncReport text = harness.sync("users", "[{\"EMAIL\":\"t@example.com\",\"LAST_NAME\":\"Text\"}]");
            assertEquals(1, text.getSucceeded(), text.toString());
            SyncReport node = harness.sync("users",
                    new ObjectMapper().readTree("[{\"Email\":\"n@example.com\",\"LAST_NAME\":\"Node\"}]"));
            assertEquals(1, node.getSucceeded(), node.toString());
            SyncReport pojo = harness.sync("users", List.of(new WarehouseRow("p@example.com", "Pojo")));
            assertEquals(1, pojo.getSucceeded(), pojo.toString());
            assertEquals("Text", fields("t@example.com").get("LAST_NAME"));
            assertEquals("Node", fields("n@example.com").get("LAST_NAME"));
            assertEquals("Pojo", fields("p@example.com").get("LAST_NAME"));
        }
    }

    @Test
    void anExactMatchWinsAndTwoColumnsThatDifferOnlyByCaseFailTheRecordNamingBoth() {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            harness.route("users", "iterable:users");
            SyncReport report = harness.sync("users", List.of(
                    row("Email", "one@example.com", "EMAIL", "two@example.com", "PLAN", "a"),
                    row("email", "exact@example.com", "EMAIL", "other@example.com", "PLAN", "b"),
                    row("EMAIL", "fine@example.com", "PLAN", "c")));
            assertEquals(2, report.getSucceeded(), report.toString());
            assertEquals(1, report.getFailed(), report.toString());
            SyncReport.FailedRecord failure = report.getFailures().get(0);
            assertEquals(1, failure.index());
            assertEquals("email", failure.field());
            assertTrue(failure.reason().contains("'Email'") && failure.reason().contains("'EMAIL'"), failure.reason());
            assertTrue(iterable.emulator().user("exact@example.com").isPresent(), "the exact column wins");
            assertFalse(iterable.emulator().user("other@example.com").isPresent());
            assertFalse(iterable.emulator().user("one@example.com").isPresent());
            assertFalse(iterable.emulator().user("two@example.com").isPresent());
            assertTrue(iterable.emulator().user("fine@example.com").isPresent());
        }
    }
}
