package io.github.cameliterable.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.cameliterable.emulator.EmulatorHttp;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalog items against the emulator: runs, removals, and bad items failing alone. */
class CatalogSyncTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.create();

    @TempDir
    Path state;

    SyncHarness harness;

    @BeforeEach
    void harness() {
        harness = new SyncHarness(iterable.emulator(), state, null);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    static Map<String, Object> product(String sku, String title, double price) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sku", sku);
        row.put("title", title);
        row.put("price", price);
        return row;
    }

    private Map<String, Map<String, Object>> items() {
        return iterable.emulator().catalogItems("products");
    }

    @Test
    void runsAddChangeAndDeleteItems() {
        harness.route("products", "iterable:catalog?catalogName=products&idColumn=sku&createCatalog=true"
                + "&snapshot=true&deleteBehavior=delete&maxRemovalPercent=100");
        SyncReport first = harness.sync("products", List.of(product("A-1", "Mug", 9.5), product("A-2", "Tea", 4.0),
                product("A-3", "Pot", 30.0)));
        assertEquals(3, first.getSucceeded(), first.toString());
        assertEquals(3, items().size());
        assertEquals("Mug", items().get("A-1").get("title"));

        SyncReport second = harness.sync("products", List.of(product("A-1", "Big mug", 11.0), product("A-2", "Tea", 4.0),
                product("A-4", "Cup", 3.0)));
        assertEquals(1, second.getNew(), second.toString());
        assertEquals(1, second.getChanged());
        assertEquals(1, second.getRemoved());
        assertEquals(3, second.getSucceeded());
        assertEquals(List.of("A-1", "A-2", "A-4"), items().keySet().stream().sorted().collect(Collectors.toList()));
        assertEquals("Big mug", items().get("A-1").get("title"));

        long calls = iterable.emulator().requests().size();
        SyncReport third = harness.sync("products", List.of(product("A-1", "Big mug", 11.0), product("A-2", "Tea", 4.0),
                product("A-4", "Cup", 3.0)));
        assertEquals(3, third.getUnchanged(), third.toString());
        assertEquals(0, third.getSent());
        assertEquals(calls, iterable.emulator().requests().size());
    }

    @Test
    void aBadIdAnOversizedItemAndAWrongTypedFieldEachFailOnlyTheirRecord() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        assertTrue(http.post("/api/catalogs/products", null).status() < 300);
        http.put("/api/catalogs/products/fieldMappings",
                Map.of("mappingsUpdates", List.of(Map.of("fieldName", "price", "fieldType", "double"))));
        harness.route("products", "iterable:catalog?catalogName=products&idColumn=sku");
        Map<String, Object> oversized = product("A-3", "x".repeat(31 * 1024), 1.0);
        Map<String, Object> wrongType = product("A-4", "Cup", 1.0);
        wrongType.put("price", "cheap");
        Map<String, Object> dotted = product("A-5", "Bowl", 2.0);
        dotted.put("size.cm", 12);
        SyncReport report = harness.sync("products", List.of(product("A-1", "Mug", 9.5), product("bad id!", "Tea", 4.0),
                oversized, wrongType, dotted, product("A-6", "Pot", 30.0)));
        assertEquals(2, report.getSucceeded(), report.toString());
        assertEquals(4, report.getFailed());
        // none of the four was sent: each is invalid (the bad id and the dotted name were counted new, not invalid)
        assertEquals(4, report.getInvalid(), report.toString());
        Map<String, String> failures = report.getFailures()
                .stream()
                .collect(Collectors.toMap(f -> f.primaryKey(), f -> f.field() + ": " + f.reason()));
        assertTrue(failures.get("bad id!").startsWith("sku:"), failures.toString());
        assertTrue(failures.get("A-3").contains("30720"), failures.toString());
        assertTrue(failures.get("A-4").startsWith("price:") && failures.get("A-4").contains("double"), failures.toString());
        assertTrue(failures.get("A-5").startsWith("size.cm:"), failures.toString());
        assertEquals(List.of("A-1", "A-6"), new ArrayList<>(items().keySet()).stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void aDryRunDoesNotCreateTheCatalog() {
        // dryRun sends nothing that changes Iterable: createCatalog created the catalog as the route started
        harness.route("preview", "iterable:catalog?catalogName=drycat&idColumn=sku&createCatalog=true&dryRun=true");
        SyncReport report = harness.sync("preview", List.of(product("A-1", "Mug", 9.5)));
        assertEquals(0, report.getFailed(), report.toString());
        assertFalse(iterable.emulator().catalogs().contains("drycat"), iterable.emulator().catalogs().toString());
        assertEquals(0, iterable.emulator().requests().stream().filter(r -> !r.method().equals("GET")).count());
    }

    @Test
    void aMissingCatalogFailsTheStartClearly() {
        Exception failed = assertThrows(Exception.class,
                () -> harness.route("nowhere", "iterable:catalog?catalogName=nowhere").sync("nowhere", product("A", "B", 1)));
        Throwable cause = failed;
        while (cause.getCause() != null && !cause.getMessage().contains("createCatalog")) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("'nowhere' does not exist"), cause.getMessage());
    }

    @Test
    void aCatalogCreatedMeanwhileByAnotherStartIsUsed() throws Exception {
        // another JVM of the sync creates the catalog between this one's look-up (404) and its creation (400: it
        // exists): this start reads the catalog that is there instead of failing the route
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String emulator = iterable.emulator().baseUri();
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            java.net.http.HttpRequest.Builder forward = java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(emulator + path))
                    .header("Api-Key", exchange.getRequestHeaders().getFirst("Api-Key"))
                    .header("Content-Type", "application/json");
            byte[] body = exchange.getRequestBody().readAllBytes();
            java.net.http.HttpResponse<byte[]> answer;
            try {
                if (path.endsWith("/fieldMappings") && raced.compareAndSet(false, true)) {
                    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator + "/api/catalogs/products"))
                            .header("Api-Key", iterable.emulator().apiKey())
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                    body = "{\"msg\":\"Catalog not found: products\",\"code\":\"NotFound\",\"params\":null}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(404, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                    return;
                }
                answer = http.send(forward.method(exchange.getRequestMethod(),
                        java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
            exchange.close();
        });
        proxy.start();
        try {
            SyncReport report = harness.route("products", "iterable:catalog?catalogName=products&idColumn=sku"
                    + "&createCatalog=true&baseUri=http://127.0.0.1:" + proxy.getAddress().getPort())
                    .sync("products", List.of(product("A-1", "Mug", 9.5)));
            assertTrue(raced.get(), "the look-up was answered 404");
            assertEquals(1, report.getSent(), report.toString());
            assertEquals(List.of("A-1"), new ArrayList<>(items().keySet()));
        } finally {
            proxy.stop(0);
        }
    }
}
