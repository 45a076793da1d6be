package io.github.cameliterable.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.examples.ExampleCamel.Dsl;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each example route, in the Java DSL and in YAML, reads the sample warehouse and syncs it into the emulator (rate
 * limits and contract validation on); then the warehouse changes ({@code warehouse/changes.sql}) and a second run
 * sends exactly the change. Assertions are on what the emulator holds, not only on the report.
 */
class SyncExamplesTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private IterableEmulator emulator() {
        return iterable.emulator();
    }

    private ExampleCamel camel(Dsl dsl, String... syncs) throws Exception {
        return new ExampleCamel(emulator(), state).start(dsl, syncs);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dataFields(String email) {
        return (Map<String, Object>) emulator().user(email)
                .orElseThrow(() -> new AssertionError("no user " + email))
                .get("dataFields");
    }

    private static void assertClean(SyncReport report) {
        assertEquals(0, report.getFailed(), report.toString());
        assertEquals(report.getSent(), report.getSucceeded(), report.toString());
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void users(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users")) {
            SyncReport first = camel.sync("users");
            assertClean(first);
            assertEquals(200, first.getNew(), first.toString());
            assertEquals(200, emulator().users().size());
            Map<String, Object> ada = dataFields("customer40@example.com");
            assertEquals("Ada", ada.get("firstName"));
            assertEquals("Lovelace", ada.get("lastName"));
            assertEquals(Map.of("city", "Paris"), ada.get("address"));
            assertEquals("pro", ada.get("plan"));
            assertEquals("2025-02-10 09:30:00 +00:00", ada.get("signedUpAt"));
            assertFalse(ada.containsKey("first_name"), "only the mapped fields: " + ada);

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("users");
            assertClean(second);
            assertEquals(4, second.getNew(), second.toString()); // 201, 202 and the two moved emails
            assertEquals(3, second.getChanged());
            assertEquals(4, second.getRemoved()); // 196, 197 and the two old emails
            assertEquals(7, second.getSent());
            assertEquals("pro", dataFields("customer1@example.com").get("plan"));
            assertEquals("Radia", dataFields("customer202@example.com").get("firstName"));
            // deleteBehavior=nothing: the removed customers keep their profiles
            assertTrue(emulator().user("customer196@example.com").isPresent());

            assertEquals(0, camel.sync("users").getSent(), "a third run has nothing to send");
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void events(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "events")) {
            camel.sync("users");
            SyncReport first = camel.sync("events");
            assertClean(first);
            assertEquals(300, first.getSucceeded(), first.toString());
            List<Map<String, Object>> events = emulator().events();
            assertEquals(300, events.size());
            Map<String, Object> ev1 = events.stream().filter(e -> "ev-0001".equals(e.get("id"))).findFirst().orElseThrow();
            assertEquals("product_viewed", ev1.get("eventName"));
            assertEquals("customer14@example.com", ev1.get("email"));
            assertEquals(Map.of("screen", "product"), ev1.get("dataFields"));
            assertEquals(100, events.stream().filter(e -> "search".equals(e.get("eventName"))).count());

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("events");
            assertClean(second);
            assertEquals(20, second.getNew(), second.toString());
            assertEquals(300, second.getUnchanged());
            assertEquals(320, emulator().events().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    @SuppressWarnings("unchecked")
    void purchases(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "purchases")) {
            camel.sync("users");
            SyncReport first = camel.sync("purchases");
            assertClean(first);
            assertEquals(30, first.getSucceeded(), first.toString());
            assertEquals(30, emulator().purchases().size());
            Map<String, Object> order1 = emulator().purchases()
                    .stream()
                    .filter(p -> "order-001".equals(p.get("id")))
                    .findFirst()
                    .orElseThrow();
            List<Map<String, Object>> items = (List<Map<String, Object>>) order1.get("items");
            assertEquals(2, items.size(), order1.toString());
            assertEquals("sku-002", items.get(0).get("id"));
            assertEquals(2, ((Number) items.get(1).get("quantity")).intValue());
            double total = items.stream()
                    .mapToDouble(i -> ((Number) i.get("price")).doubleValue()
                            * ((Number) i.get("quantity")).doubleValue())
                    .sum();
            assertEquals(total, ((Number) order1.get("total")).doubleValue(), 0.001);

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("purchases");
            assertClean(second);
            assertEquals(2, second.getNew(), second.toString());
            assertEquals(32, emulator().purchases().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void cart(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "cart")) {
            camel.sync("users");
            SyncReport first = camel.sync("cart");
            assertClean(first);
            assertEquals(20, first.getSucceeded(), first.toString());
            // cart-01 belongs to customer 12: one unit of sku-010
            assertEquals(List.of(Map.of("id", "sku-010", "name", "Product 10", "price", 20.0, "quantity", 2)),
                    normalise(dataFields("customer12@example.com").get("shoppingCartItems")));

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("cart");
            assertClean(second);
            assertEquals(2, second.getNew(), second.toString());
            assertEquals(1, second.getChanged());
            assertEquals(1, second.getSkipped(), "a changed cart row is not sent again");
            assertEquals(2, second.getSent());
            assertEquals("sku-010", ((Map<?, ?>) ((List<?>) dataFields("customer12@example.com")
                    .get("shoppingCartItems")).get(0)).get("id"), "cart-01 keeps its first items");
            assertNotNull(dataFields("customer8@example.com").get("shoppingCartItems"));
        }
    }

    /** Numbers as doubles or ints so that a JSON round trip compares with literals. */
    private static List<Map<String, Object>> normalise(Object items) {
        return ((List<?>) items).stream().map(i -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            ((Map<?, ?>) i).forEach((k, v) -> m.put((String) k, "price".equals(k) ? ((Number) v).doubleValue()
                    : "quantity".equals(k) ? (Object) ((Number) v).intValue() : v));
            return m;
        }).toList();
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void catalog(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "catalog")) {
            SyncReport first = camel.sync("catalog");
            assertClean(first);
            Map<String, Map<String, Object>> items = emulator().catalogItems("products");
            assertEquals(50, items.size());
            assertEquals("Product 7", items.get("sku-007").get("title"));
            assertEquals(false, items.get("sku-007").get("in_stock"));
            assertEquals(15.5, ((Number) items.get("sku-007").get("price")).doubleValue(), 0.001);

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("catalog");
            assertClean(second);
            assertEquals(1, second.getNew(), second.toString());
            assertEquals(1, second.getChanged());
            assertEquals(1, second.getRemoved());
            items = emulator().catalogItems("products");
            assertEquals(50, items.size());
            assertEquals(4.99, ((Number) items.get("sku-001").get("price")).doubleValue(), 0.001);
            assertTrue(items.containsKey("sku-051"));
            assertFalse(items.containsKey("sku-050"), "deleteBehavior=delete removes the discontinued product");
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void lists(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "lists")) {
            camel.sync("users");
            SyncReport first = camel.sync("lists");
            assertClean(first);
            long listId = emulator().lists().get("vip-customers");
            assertEquals(45, emulator().listMembers(listId).size());
            assertTrue(emulator().listMembers(listId).contains("customer4@example.com"));

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("lists");
            assertClean(second);
            assertEquals(1, second.getNew(), second.toString());
            assertEquals(1, second.getRemoved());
            assertEquals(1, emulator().lists().size(), "the list is found by name, not created again");
            assertFalse(emulator().listMembers(listId).contains("customer4@example.com"));
            assertTrue(emulator().listMembers(listId).contains("customer182@example.com"));
            assertEquals(45, emulator().listMembers(listId).size());
            // unsubscribed from the list, still a user
            assertTrue(emulator().user("customer4@example.com").isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void email(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "email")) {
            camel.sync("users");
            SyncReport first = camel.sync("email");
            assertClean(first);
            assertEquals(2, first.getSucceeded(), first.toString());
            assertTrue(emulator().user("customer191@example.com").isEmpty());
            assertEquals("Ken", dataFields("customer191.new@example.com").get("firstName"), "the profile moved");

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("email");
            assertClean(second);
            assertEquals(1, second.getSent(), second.toString());
            assertTrue(emulator().user("customer193.new@example.com").isPresent());
            assertTrue(emulator().user("customer193@example.com").isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Dsl.class)
    void userActions(Dsl dsl) throws Exception {
        try (ExampleCamel camel = camel(dsl, "users", "user-actions")) {
            camel.sync("users");
            SyncReport first = camel.sync("user-actions");
            assertClean(first);
            assertEquals(List.of("customer196@example.com", "customer197@example.com"),
                    emulator().deleted().stream().sorted().toList());
            assertTrue(emulator().user("customer196@example.com").isEmpty());

            camel.warehouse.run(Warehouse.CHANGES);
            SyncReport second = camel.sync("user-actions");
            assertClean(second);
            assertEquals(1, second.getSent(), "only the new request: " + second);
            assertEquals(3, emulator().deleted().size(), "each user is deleted once: " + emulator().deleted());
            assertTrue(emulator().user("customer198@example.com").isEmpty());
        }
    }
}
