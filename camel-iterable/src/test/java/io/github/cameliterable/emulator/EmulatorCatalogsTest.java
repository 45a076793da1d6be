package io.github.cameliterable.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorCatalogsTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().rateLimits(false).build();

    private static Map<String, Object> upload(Map<String, Object> documents, boolean replaceUploadedFieldsOnly) {
        return Map.of("documents", documents, "replaceUploadedFieldsOnly", replaceUploadedFieldsOnly);
    }

    @Test
    void catalogNamesFollowTheRuleAndMissingCatalogsAre404(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        Reply created = http.post("/api/catalogs/my-Catalog-1", null);
        assertEquals(201, created.status());
        assertEquals("Success", created.code());
        assertEquals(400, http.post("/api/catalogs/bad_name", null).status());
        assertEquals(400, http.post("/api/catalogs/" + "a".repeat(256), null).status());
        assertEquals(400, http.post("/api/catalogs/my-Catalog-1", null).status(), "names are unique");
        Reply missing = http.post("/api/catalogs/nope/items", upload(Map.of("a", Map.of()), false));
        assertEquals(404, missing.status());
        assertEquals("NotFound", missing.code());
        assertEquals(404, http.get("/api/catalogs/nope/fieldMappings").status());
        assertEquals(Map.of(), emulator.catalogItems("nope"));
    }

    @Test
    void itemLimitsIdsAndSizes(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        http.post("/api/catalogs/shop", null);
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= 1000; i++) {
            many.put("item-" + i, Map.of("n", i));
        }
        assertEquals(400, http.post("/api/catalogs/shop/items", upload(many, false)).status(), "1001 items");
        many.remove("item-1000");
        assertEquals(202, http.post("/api/catalogs/shop/items", upload(many, false)).status(), "1000 items");
        assertEquals(1000, emulator.catalogItems("shop").size());

        Reply big = http.post("/api/catalogs/shop/items", upload(Map.of("big", Map.of("text", "x".repeat(30 * 1024))), false));
        assertEquals(400, big.status());
        assertEquals("BadParams", big.code());
        assertEquals(202,
                http.post("/api/catalogs/shop/items", upload(Map.of("fits", Map.of("t", "x".repeat(30 * 1024 - 20))), false))
                        .status());
        assertEquals(400, http.post("/api/catalogs/shop/items", upload(Map.of("bad.id", Map.of()), false)).status());
        assertEquals(400, http.post("/api/catalogs/shop/items", upload(Map.of("x".repeat(256), Map.of()), false)).status());
    }

    @Test
    void replaceUploadedFieldsOnlyMergesOtherwiseReplaces(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        http.post("/api/catalogs/shop", null);
        http.post("/api/catalogs/shop/items", upload(Map.of("a", Map.of("name", "A", "price", 1)), false));
        http.post("/api/catalogs/shop/items", upload(Map.of("a", Map.of("price", 2)), true));
        assertEquals(Map.of("name", "A", "price", 2L), emulator.catalogItems("shop").get("a"));
        http.post("/api/catalogs/shop/items", upload(Map.of("a", Map.of("price", 3)), false));
        assertEquals(Map.of("price", 3L), emulator.catalogItems("shop").get("a"));

        Reply items = http.get("/api/catalogs/shop/items?page=1&pageSize=10");
        assertEquals(1, ((Map<?, ?>) items.json().get("params")).get("totalItemsCount"));
        Reply deleted = http.delete("/api/catalogs/shop/items", Map.of("itemIds", List.of("a", "unknown")));
        assertEquals(202, deleted.status());
        assertTrue(emulator.catalogItems("shop").isEmpty());
    }

    @Test
    void fieldMappingsAreDefinedOnceAndEnforced(IterableEmulator emulator) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        http.post("/api/catalogs/shop", null);
        http.post("/api/catalogs/shop/items", upload(Map.of("a", Map.of("name", "A", "price", 1.5)), false));
        Reply before = http.get("/api/catalogs/shop/fieldMappings");
        assertEquals(Map.of("definedMappings", Map.of(), "undefinedFields", List.of("name", "price")),
                before.json().get("params"));
        assertEquals(200, http.put("/api/catalogs/shop/fieldMappings", Map.of("mappingsUpdates",
                List.of(Map.of("fieldName", "price", "fieldType", "double")))).status());
        assertEquals(Map.of("definedMappings", Map.of("price", "double"), "undefinedFields", List.of("name")),
                http.get("/api/catalogs/shop/fieldMappings").json().get("params"));
        assertEquals(400, http.put("/api/catalogs/shop/fieldMappings", Map.of("mappingsUpdates",
                List.of(Map.of("fieldName", "price", "fieldType", "string")))).status(), "a type may not change");
        assertEquals(400, http.post("/api/catalogs/shop/items", upload(Map.of("b", Map.of("price", "cheap")), false)).status());
    }
}
