package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Contract mode: requests are checked against Iterable's api-docs.json (skipped where the file is absent). */
class EmulatorContractTest {
    private static IterableEmulator emulator;
    private static EmulatorHttp http;

    @BeforeAll
    static void start() {
        emulator = IterableEmulator.builder().rateLimits(false).start();
        http = new EmulatorHttp(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void specPresent() {
        assumeTrue(emulator.contractMode(), "Iterable's api-docs.json not found: contract mode is off, nothing to test");
        emulator.reset();
    }

    @Test
    void theTestJarShipsIterablesSpecWithItsLicenseForProjectsWithoutIt() throws Exception {
        ContractValidator shipped = ContractValidator.fromClasspath().orElseThrow();
        assertEquals("classpath:/iterable-api/api-docs.json", shipped.spec());
        assertTrue(new String(ContractValidator.class.getResourceAsStream("/iterable-api/LICENSE").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8).startsWith("MIT License"));
        java.nio.file.Path shared = ContractValidator.locateSpec().orElse(null);
        if (shared != null) {
            assertTrue(java.util.Arrays.equals(java.nio.file.Files.readAllBytes(shared),
                    ContractValidator.class.getResourceAsStream("/iterable-api/api-docs.json").readAllBytes()),
                    "the shipped copy is the spec of " + shared);
        }
    }

    @Test
    void bulkUpdateWithoutUsersIsRejectedAndRecorded() {
        Reply r = http.post("/api/users/bulkUpdate", Map.of("createNewFields", true));
        assertEquals(400, r.status());
        assertEquals("BadParams", r.code());
        assertEquals(1, emulator.contractViolations().size());
        assertTrue(emulator.contractViolations().get(0).messages().stream().anyMatch(m -> m.contains("users")),
                emulator.contractViolations().toString());
    }

    @Test
    void wrongTypesAndUnknownPropertiesOutsideFreeFormObjectsAreRejected() {
        Reply wrongType = http.post("/api/lists/subscribe", Map.of("listId", "not-a-number", "subscribers", List.of()));
        assertEquals(400, wrongType.status());
        Reply unknownTopLevel = http.post("/api/users/update", Map.of("email", "a@example.com", "bogus", 1));
        assertEquals(400, unknownTopLevel.status(), unknownTopLevel.body());
        Reply missingEventName = http.post("/api/events/track", Map.of("email", "a@example.com"));
        assertEquals(400, missingEventName.status());
        assertEquals(3, emulator.contractViolations().size());
        assertTrue(emulator.users().isEmpty());
    }

    @Test
    void freeFormObjectsAcceptAnyProperties() {
        Map<String, Object> user = Map.of("email", "a@example.com", "dataFields",
                Map.of("anything", 1, "nested", Map.of("deep", List.of(Map.of("x", true)))));
        assertEquals(200, http.post("/api/users/bulkUpdate", Map.of("users", List.of(user))).status());
        assertEquals(200, http.post("/api/events/trackBulk", Map.of("events", List.of(
                Map.of("email", "a@example.com", "eventName", "e", "dataFields", Map.of("free", "form"))))).status());
        assertEquals(201, http.post("/api/catalogs/things", null).status());
        assertEquals(202, http.post("/api/catalogs/things/items", Map.of("replaceUploadedFieldsOnly", false,
                "documents", Map.of("item-1", Map.of("any", "field")))).status());
        assertEquals(200, http.post("/api/commerce/updateCart", Map.of("user", Map.of("email", "a@example.com"),
                "items", List.of(Map.of("id", "sku1", "name", "Sock", "price", 2.5, "quantity", 1,
                        "dataFields", Map.of("color", "red")))))
                .status());
        assertTrue(emulator.contractViolations().isEmpty(), emulator.contractViolations().toString());
    }

    @Test
    void theExtensionFailsATestThatCausedAViolation() throws Exception {
        IterableEmulatorExtension extension = IterableEmulatorExtension.create();
        org.junit.jupiter.api.extension.ExtensionContext context = (org.junit.jupiter.api.extension.ExtensionContext) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[]{org.junit.jupiter.api.extension.ExtensionContext.class},
                        (proxy, method, args) -> method.getName().equals("getExecutionException") ? java.util.Optional.empty()
                                : null);
        extension.beforeAll(context);
        try {
            extension.beforeEach(context);
            new EmulatorHttp(extension.emulator()).post("/api/users/bulkUpdate", Map.of());
            AssertionError failure = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> extension.afterEach(context));
            assertTrue(failure.getMessage().contains("/api/users/bulkUpdate"), failure.getMessage());
            extension.beforeEach(context);
            extension.afterEach(context);
        } finally {
            extension.afterAll(context);
        }
    }

    @Test
    void withContractModeOffTheApiItselfStillRefusesABadBody() {
        emulator.contractMode(false);
        try {
            Reply r = http.post("/api/users/bulkUpdate", Map.of("createNewFields", true));
            assertEquals(400, r.status());
            assertEquals("BadParams", r.code());
            assertTrue(emulator.contractViolations().isEmpty());
        } finally {
            emulator.contractMode(true);
        }
    }

    @Test
    void aSampleChecksTheFirstRequestOfEachEndpointThenOneInN() {
        assertEquals(1, emulator.contractSampleEvery(), "every request by default");
        emulator.contractSampleEvery(3);
        assertEquals(3, emulator.contractSampleEvery());
        try {
            // an unknown top-level property: only the contract refuses it, the API itself accepts the user
            for (int i = 0; i < 7; i++) {
                http.post("/api/users/update", Map.of("email", "u" + i + "@example.com", "bogus", 1));
            }
            http.post("/api/events/track", Map.of("email", "a@example.com"));
            assertEquals(List.of("/api/users/update", "/api/users/update", "/api/users/update", "/api/events/track"),
                    emulator.contractViolations().stream().map(ContractViolation::path).toList(),
                    "requests 1, 4 and 7 of users/update and the first of events/track are checked");
            assertEquals(4, emulator.users().size(), "the unchecked requests were applied");
        } finally {
            emulator.contractSampleEvery(1);
        }
    }

    @Test
    void aSampledBulkBodyIsCheckedOnItsFirstHundredRecords() {
        Map<String, Object> early = bulkWithBogusUserAt(5);
        Map<String, Object> late = bulkWithBogusUserAt(120);
        assertEquals(400, http.post("/api/users/bulkUpdate", late).status(), "full checks find record 120");
        emulator.contractSampleEvery(2);
        try {
            assertEquals(400, http.post("/api/users/bulkUpdate", early).status(), "the sample holds record 5");
            emulator.reset();
            assertEquals(200, http.post("/api/users/bulkUpdate", late).status(), "record 120 is past the sample");
        } finally {
            emulator.contractSampleEvery(1);
        }
    }

    private static Map<String, Object> bulkWithBogusUserAt(int index) {
        List<Map<String, Object>> users = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            users.add(i == index ? Map.of("email", "u" + i + "@example.com", "bogus", 1)
                    : Map.of("email", "u" + i + "@example.com"));
        }
        return Map.of("users", users);
    }

    @Test
    void uniqueOperationIdsMakesRepeatedIdsDistinct() throws Exception {
        String spec = "{\"paths\":{\"/a\":{\"get\":{\"operationId\":\"x\"}},\"/b\":{\"get\":{\"operationId\":\"x\"},"
                + "\"post\":{\"operationId\":\"x\"}}}}";
        String fixed = ContractValidator.uniqueOperationIds(spec);
        assertTrue(fixed.contains("\"x\"") && fixed.contains("\"x_2\"") && fixed.contains("\"x_3\""), fixed);
    }
}
