package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bulk body checked one record a shape gives the errors of the whole body checked by the validator. */
class ContractShapesTest {
    private final ContractValidator validator = ContractValidator.load(null).orElseThrow();

    @Test
    void usersGiveTheErrorsOfTheWholeBody() {
        Random random = new Random(7);
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("email", switch (random.nextInt(12)) {
                case 0 -> 12L;
                case 1 -> null;
                default -> "u" + i + "@example.com";
            });
            if (random.nextInt(6) == 0) {
                user.put("userId", random.nextBoolean() ? "id" + i : (Object) List.of("x"));
            }
            user.put("dataFields", switch (random.nextInt(10)) {
                case 0 -> "not an object";
                case 1 -> Map.of("big", 1e300, "list", List.of(1L, "two"));
                default -> Map.of("n", (long) i, "s", "v" + i, "nested", Map.of("deep", i % 3 == 0));
            });
            switch (random.nextInt(10)) {
                case 0 -> user.put("bogus", 1L);
                case 1 -> user.put("preferUserId", "true");
                case 2 -> user.put("mergeNestedObjects", true);
                default -> {
                }
            }
            users.add(user);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("createNewFields", "yes");
        body.put("users", users);
        assertSameErrors("/api/users/bulkUpdate", body, 400);
    }

    @Test
    void eventsGiveTheErrorsOfTheWholeBody() {
        Random random = new Random(11);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            if (random.nextInt(15) != 0) {
                event.put("eventName", random.nextInt(20) == 0 ? 5L : "viewed");
            }
            event.put("email", "u" + i + "@example.com");
            event.put("id", "evt-" + i);
            event.put("createdAt", switch (random.nextInt(12)) {
                case 0 -> 1.5;
                case 1 -> 1.0;
                case 2 -> (long) Integer.MAX_VALUE + 1;
                case 3 -> Long.MIN_VALUE;
                case 4 -> "yesterday";
                default -> 1_700_000_000L + i;
            });
            if (random.nextInt(8) == 0) {
                event.put("campaignId", random.nextBoolean() ? "c1" : (Object) 42L);
            }
            event.put("dataFields", Map.of("page", "/p/" + i, "extra", Map.of("a", 1L)));
            events.add(event);
        }
        assertSameErrors("/api/events/trackBulk", Map.of("events", events), 400);
    }

    @Test
    void aValidBodyHasNoErrorsAndEachShapeIsCheckedOnce() {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            users.add(Map.of("email", "u" + i + "@example.com", "dataFields", Map.of("n", (long) i, "x", i % 2 == 0)));
        }
        ContractShapes.Reduced reduced = assertSameErrors("/api/users/bulkUpdate", Map.of("users", users), 1000);
        assertEquals(1, ((List<?>) reduced.body().get("users")).size(), "data fields do not make a shape");
    }

    @Test
    void onlyBodiesCheckedByTypesAreReduced() {
        ContractShapes shapes = ContractShapes.of(specTree(), Set.of("dataFields"));
        List<Map<String, Object>> twice = List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com"));
        assertNotNull(shapes.reduce("POST", "/api/users/bulkUpdate", Map.of("users", twice)));
        assertNotNull(shapes.reduce("POST", "/api/lists/subscribe", Map.of("listId", 1L, "subscribers", twice)));
        assertNull(shapes.reduce("GET", "/api/users/bulkUpdate", Map.of("users", twice)), "no such operation");
        com.fasterxml.jackson.databind.node.ObjectNode spec = (com.fasterxml.jackson.databind.node.ObjectNode) specTree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec.path("definitions")
                .path("OptionalApiUser")
                .path("properties")
                .path("email")).put("pattern", ".+@.+");
        assertNull(ContractShapes.of(spec, Set.of("dataFields"))
                .reduce("POST", "/api/users/bulkUpdate",
                        Map.of("users", twice)),
                "a pattern checks values: the body is validated whole");
    }

    private ContractShapes.Reduced assertSameErrors(String path, Map<String, Object> body, int records) {
        byte[] bytes = Json.bytes(body);
        EmulatorRequest request = new EmulatorRequest("POST", path, bytes);
        ContractShapes.Reduced reduced = ContractShapes.of(specTree(), Set.of("dataFields", "documents", "value", "update"))
                .reduce("POST", path, request.jsonObject());
        assertNotNull(reduced, "the body is reduced");
        List<?> kept = (List<?>) reduced.body().values().stream().filter(List.class::isInstance).findFirst().orElseThrow();
        assertTrue(kept.size() < records, "fewer records validated: " + kept.size());
        List<String> whole = validator.validateWhole(request, "k");
        List<String> byShape = validator.validate(request, "k");
        List<String> missing = new ArrayList<>(whole);
        missing.removeAll(byShape);
        List<String> extra = new ArrayList<>(byShape);
        extra.removeAll(whole);
        assertEquals(List.of(), missing.stream().limit(5).toList(), "errors of the whole body not found by shape");
        assertEquals(List.of(), extra.stream().limit(5).toList(), "errors found by shape only");
        assertEquals(whole.stream().sorted().toList(), byShape.stream().sorted().toList());
        if (records == 400) {
            assertFalse(whole.isEmpty(), "the corpus has errors");
        }
        return reduced;
    }

    /** The spec's tree: ../shared's file, else the test-jar's copy (a build outside the repository, such as 4.18's). */
    private static com.fasterxml.jackson.databind.JsonNode specTree() {
        try {
            return Json.MAPPER.readTree(ContractValidator.specText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
