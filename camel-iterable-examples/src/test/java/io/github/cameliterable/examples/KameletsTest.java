package io.github.cameliterable.examples;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kamelets, loaded by camel-kamelet from the classpath's {@code kamelets/} (as Camel K and Camel JBang find them
 * in their catalog), each used as {@code kamelet:iterable-*-sink?...} in a route against the emulator; and their
 * definitions checked against the camel-kamelets conventions.
 */
class KameletsTest {
    static final List<String> KAMELETS = List.of("iterable-users-sink", "iterable-events-sink", "iterable-cart-sink",
            "iterable-catalog-sink", "iterable-lists-sink", "iterable-email-sink", "iterable-user-actions-sink");

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    private CamelContext camel;

    @BeforeEach
    void camel() {
        camel = new DefaultCamelContext();
        camel.getComponent("iterable", IterableComponent.class).getConfiguration().setStateDirectory(state.toString());
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private IterableEmulator emulator() {
        return iterable.emulator();
    }

    /** {@code kamelet:name?apiKey=...&baseUri=...&options}, the values RAW so that any character passes. */
    private String kamelet(String name, String... options) {
        StringBuilder uri = new StringBuilder("kamelet:" + name + "?apiKey=RAW(" + emulator().apiKey() + ")&baseUri=RAW("
                + emulator().baseUri() + ")");
        for (int i = 0; i < options.length; i += 2) {
            uri.append('&').append(options[i]).append("=RAW(").append(options[i + 1]).append(')');
        }
        return uri.toString();
    }

    private void routes(Map<String, String> directToUri) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                directToUri.forEach((name, uri) -> from("direct:" + name).routeId(name).to(uri));
            }
        });
        camel.start();
    }

    private SyncReport send(String name, Object body) {
        SyncReport report = camel.createProducerTemplate().requestBody("direct:" + name, body, SyncReport.class);
        assertNotNull(report, "the sink's answer is the sync report");
        assertEquals(0, report.getFailed(), report.toString());
        return report;
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    @Test
    @SuppressWarnings("unchecked")
    void usersSinkSyncsSnapshotsAndDeletesWhatLeft() throws Exception {
        routes(Map.of("users", kamelet("iterable-users-sink", "fields", "first_name:firstName,city:address.city",
                "snapshot", "true", "deleteBehavior", "delete", "maxRemovalPercent", "100")));
        List<Map<String, Object>> rows = List.of(row("email", "ada@example.com", "first_name", "Ada", "city", "Paris"),
                row("email", "alan@example.com", "first_name", "Alan", "city", "Wilmslow"),
                row("email", "grace@example.com", "first_name", "Grace", "city", "New York"));
        assertEquals(3, send("users", rows).getSucceeded());
        Map<String, Object> ada = (Map<String, Object>) emulator().user("ada@example.com").orElseThrow().get("dataFields");
        assertEquals("Ada", ada.get("firstName"));
        assertEquals(Map.of("city", "Paris"), ada.get("address"));
        assertFalse(ada.containsKey("first_name"), "the mapping applies: " + ada);

        SyncReport second = send("users", rows.subList(0, 2));
        assertEquals(1, second.getRemoved(), second.toString());
        assertEquals(List.of("grace@example.com"), emulator().deleted());
    }

    @Test
    void eventsSinkTracksCustomEventsAndPurchases() throws Exception {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("events", kamelet("iterable-events-sink", "eventName", "signed_up", "deriveEventId", "true",
                "primaryKey", "id"));
        routes.put("purchases", kamelet("iterable-events-sink", "eventType", "purchase", "eventIdColumn", "order_id",
                "primaryKey", "order_id"));
        routes(routes);
        send("events", List.of(row("id", 1, "email", "ada@example.com", "source", "ads"),
                row("id", 2, "email", "alan@example.com", "source", "blog")));
        assertEquals(2, emulator().events().size());
        assertTrue(emulator().events().stream().allMatch(e -> "signed_up".equals(e.get("eventName"))));
        // JSON text as body: a row-by-row source (such as a SQL source Kamelet) sends one JSON object a message
        send("purchases", """
                {"order_id": "o-1", "email": "ada@example.com", "total": 30.0,
                 "items": [{"id": "sku-1", "name": "Book", "price": 15.0, "quantity": 2}]}""");
        assertEquals(1, emulator().purchases().size());
        assertEquals("o-1", emulator().purchases().get(0).get("id"));
    }

    @Test
    void cartSinkUpdatesTheCartOnce() throws Exception {
        routes(Map.of("cart", kamelet("iterable-cart-sink", "primaryKey", "cart_id")));
        Map<String, Object> cart = row("cart_id", "c-1", "email", "ada@example.com",
                "items", "[{\"id\":\"sku-1\",\"name\":\"Book\",\"price\":15.0,\"quantity\":1}]");
        assertEquals(1, send("cart", List.of(cart)).getSucceeded());
        assertEquals(0, send("cart", List.of(cart)).getSent(), "a cart is sent the first time only");
        assertEquals(1, emulator().requestCount("/api/commerce/updateCart"));
    }

    @Test
    void catalogSinkCreatesTheCatalogAndUpsertsItems() throws Exception {
        routes(Map.of("catalog", kamelet("iterable-catalog-sink", "catalogName", "kamelet-products", "idColumn", "sku",
                "createCatalog", "true")));
        send("catalog", List.of(row("sku", "sku-1", "title", "Book", "price", 15.0),
                row("sku", "sku-2", "title", "Game", "price", 40.0)));
        assertEquals(Set.of("sku-1", "sku-2"), emulator().catalogItems("kamelet-products").keySet());
        assertEquals("Game", emulator().catalogItems("kamelet-products").get("sku-2").get("title"));
    }

    @Test
    void listsSinkKeepsTheListEqualToTheModel() throws Exception {
        routes(Map.of("lists",
                kamelet("iterable-lists-sink", "listName", "kamelet-vips", "snapshot", "true", "maxRemovalPercent", "100")));
        send("lists", List.of(row("email", "ada@example.com"), row("email", "alan@example.com")));
        long listId = emulator().lists().get("kamelet-vips");
        assertEquals(Set.of("ada@example.com", "alan@example.com"), emulator().listMembers(listId));
        send("lists", List.of(row("email", "alan@example.com")));
        assertEquals(Set.of("alan@example.com"), emulator().listMembers(listId));
    }

    @Test
    void emailAndUserActionsSinks() throws Exception {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("users", kamelet("iterable-users-sink"));
        routes.put("email", kamelet("iterable-email-sink", "newEmailColumn", "new_email"));
        routes.put("forget", kamelet("iterable-user-actions-sink", "mode", "forget"));
        routes(routes);
        send("users", List.of(row("email", "ada@example.com", "plan", "pro"), row("email", "alan@example.com")));
        send("email", row("email", "ada@example.com", "new_email", "ada@lovelace.example.com"));
        assertTrue(emulator().user("ada@lovelace.example.com").isPresent());
        assertFalse(emulator().user("ada@example.com").isPresent());
        send("forget", row("email", "alan@example.com"));
        assertEquals(Set.of("alan@example.com"), emulator().forgotten());
    }

    @Test
    void aMissingRequiredPropertyFailsTheStart() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:catalog").to("kamelet:iterable-catalog-sink?apiKey=key");
            }
        });
        Exception e = assertThrows(Exception.class, camel::start);
        assertTrue(messages(e).contains("catalogName"), messages(e));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    // ---- the definitions

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String classpathResource) throws Exception {
        try (InputStream in = KameletsTest.class.getClassLoader().getResourceAsStream(classpathResource)) {
            assertNotNull(in, classpathResource + " on the classpath");
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> yaml, String... path) {
        Object node = yaml;
        for (String key : path) {
            assertTrue(node instanceof Map, "no " + String.join(".", path));
            node = ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"iterable-users-sink", "iterable-events-sink", "iterable-cart-sink", "iterable-catalog-sink",
            "iterable-lists-sink", "iterable-email-sink", "iterable-user-actions-sink"})
    void definitionFollowsTheKameletConventions(String name) throws Exception {
        Map<String, Object> kamelet = load("kamelets/" + name + ".kamelet.yaml");
        assertEquals("camel.apache.org/v1", kamelet.get("apiVersion"));
        assertEquals("Kamelet", kamelet.get("kind"));
        assertEquals(name, at(kamelet, "metadata", "name"));
        assertEquals("sink", at(kamelet, "metadata", "labels", "camel.apache.org/kamelet.type"));
        assertNotNull(at(kamelet, "spec", "definition", "title"));
        assertNotNull(at(kamelet, "spec", "definition", "description"));
        List<String> required = at(kamelet, "spec", "definition", "required");
        Map<String, Map<String, Object>> properties = at(kamelet, "spec", "definition", "properties");
        assertTrue(required.contains("apiKey"));
        assertTrue(properties.keySet().containsAll(required), required + " defined");
        Map<String, Object> apiKey = properties.get("apiKey");
        assertEquals("password", apiKey.get("format"));
        assertEquals(List.of("urn:camel:group:credentials"), apiKey.get("x-descriptors"));
        properties.forEach((key, p) -> {
            assertNotNull(p.get("title"), key);
            assertNotNull(p.get("description"), key);
            assertTrue(List.of("string", "boolean", "integer").contains(p.get("type")), key);
        });

        assertEquals("kamelet:source", at(kamelet, "spec", "template", "from", "uri"));
        List<Map<String, Object>> steps = at(kamelet, "spec", "template", "from", "steps");
        assertEquals(1, steps.size());
        Map<String, Object> to = at(steps.get(0), "to");
        assertTrue(((String) to.get("uri")).startsWith("iterable:"), to.toString());
        Map<String, String> parameters = (Map<String, String>) to.get("parameters");
        // every property reaches the endpoint under its own name, and nothing else does
        assertEquals(new TreeSet<>(properties.keySet()), new TreeSet<>(parameters.keySet()));
        Pattern placeholder = Pattern.compile("\\{\\{(\\??)([A-Za-z]+)}}");
        List<String> problems = new ArrayList<>();
        parameters.forEach((key, value) -> {
            Matcher m = placeholder.matcher(value);
            if (!m.matches() || !m.group(2).equals(key)) {
                problems.add(key + ": " + value);
                return;
            }
            boolean optional = !m.group(1).isEmpty();
            boolean mandatory = required.contains(key) || properties.get(key).containsKey("default");
            if (optional == mandatory) {
                problems.add(
                        key + " is " + (mandatory ? "required or defaulted: {{" + key + "}}" : "optional: {{?" + key + "}}"));
            }
        });
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void everyKameletIsListed() throws Exception {
        Set<String> found = new TreeSet<>();
        var url = KameletsTest.class.getClassLoader().getResource("kamelets");
        try (var files = java.nio.file.Files.list(Path.of(url.toURI()))) {
            files.forEach(f -> found.add(f.getFileName().toString().replace(".kamelet.yaml", "")));
        }
        assertEquals(new TreeSet<>(KAMELETS), found);
    }
}
