package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.cameliterable.emulator.EmulatorUsersTest.dataFields;
import static io.github.cameliterable.emulator.EmulatorUsersTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorFieldTypesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().rateLimits(false).build();

    @Test
    void aDateFieldRejectsZeroDateWithIterablesExactErrorAndAppliesNothing() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        assertEquals(200, http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                user("first@example.com", null, Map.of("date_field", "2023-04-19 12:15:30"))))).status());
        assertEquals("date", iterable.emulator().fieldTypes().get("user").get("date_field"));

        Reply r = http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                user("a@example.com", null, Map.of("date_field", "2023-04-19 12:15:30", "other", "x")),
                user("b@example.com", null, Map.of("date_field", "0000-00-00 00:00:00")))));
        assertEquals(400, r.status());
        assertEquals("RequestFieldsTypesMismatched", r.code());
        assertEquals("Project 1: The request does not have the same data types as the data previously submitted, or the"
                + " input value is not within the correct range. Field 'date_field' already exists for type 'user' and has a"
                + " data type of 'date' but possible types 'string, keyword' in the request.", r.json().get("msg"));
        assertEquals(Map.of("validationErrors", Map.of("date_field", Map.of(
                "incomingTypes", List.of("string", "keyword"),
                "expectedType", "date",
                "category", "user",
                "offendingValue", List.of("2023-04-19 12:15:30", "0000-00-00 00:00:00"),
                "_type", "UnexpectedType"))), r.json().get("params"));
        assertEquals(1, iterable.emulator().users().size(), "nothing of the rejected request is applied");
        assertFalse(iterable.emulator().fieldTypes().get("user").containsKey("other"));
    }

    @Test
    void theFirstValueFixesTheTypeIncludingNestedPathsAndArraysOfObjects() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        http.post("/api/users/update", user("a@example.com", null, Map.of("count", 1, "ratio", 2,
                "address", Map.of("city", "Oslo", "zip", 123),
                "pets", List.of(Map.of("name", "Nacho", "age", 1)),
                "when", "2024-01-02T03:04:05.000+0000", "day", "2024-01-02")));
        Map<String, String> types = iterable.emulator().fieldTypes().get("user");
        assertEquals("long", types.get("count"));
        assertEquals("long", types.get("address.zip"));
        assertEquals("string", types.get("pets.name"));
        assertEquals("long", types.get("pets.age"));
        assertEquals("date", types.get("when"));
        assertEquals("date", types.get("day"));

        Reply nested = http.post("/api/users/update", user("b@example.com", null, Map.of("address", Map.of("zip", "0150"))));
        assertEquals(400, nested.status());
        assertTrue(((Map<?, ?>) ((Map<?, ?>) nested.json().get("params")).get("validationErrors")).containsKey("address.zip"));
        Reply inArray = http.post("/api/users/update",
                user("b@example.com", null, Map.of("pets", List.of(Map.of("age", "old")))));
        assertEquals(400, inArray.status());
        Reply doubleToLong = http.post("/api/users/update", user("b@example.com", null, Map.of("count", 1.5)));
        assertEquals(400, doubleToLong.status());
        assertEquals(List.of("double"), ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) doubleToLong.json().get("params"))
                .get("validationErrors")).get("count")).get("incomingTypes"));
        assertEquals(200, http
                .post("/api/users/update", user("b@example.com", null, Map.of("count", 7, "address", Map.of("city", "Bergen"))))
                .status());
        assertTrue(iterable.emulator().user("b@example.com").isPresent());
        assertEquals("Bergen",
                ((Map<?, ?>) dataFields(iterable.emulator().user("b@example.com").orElseThrow()).get("address")).get("city"));
    }

    @Test
    void eventFieldsAreTypedPerEventName() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        assertEquals(200, http.post("/api/events/trackBulk", Map.of("events", List.of(
                Map.of("email", "a@example.com", "eventName", "login", "dataFields", Map.of("n", 1)),
                Map.of("email", "a@example.com", "eventName", "click", "dataFields", Map.of("n", "text"))))).status());
        Reply r = http.post("/api/events/trackBulk", Map.of("events", List.of(
                Map.of("email", "a@example.com", "eventName", "login", "dataFields", Map.of("n", 2)),
                Map.of("email", "a@example.com", "eventName", "login", "dataFields", Map.of("n", "two")))));
        assertEquals(400, r.status());
        assertEquals("RequestFieldsTypesMismatched", r.code());
        Map<?, ?> err = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) r.json().get("params")).get("validationErrors")).get("n");
        assertEquals("event", err.get("category"));
        assertEquals(List.of(2, "two"), err.get("offendingValue"));
        assertEquals(2, iterable.emulator().events().size());
    }

    @Test
    void createNewFieldsFalseDropsUnknownFields() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        http.post("/api/users/update", user("a@example.com", null, Map.of("known", "x")));
        Reply r = http.post("/api/users/bulkUpdate", Map.of("createNewFields", false, "users", List.of(
                user("a@example.com", null, Map.of("known", "y", "fresh", 1)))));
        assertEquals(List.of("fresh"), r.json().get("filteredOutFields"));
        Map<String, Object> fields = dataFields(iterable.emulator().user("a@example.com").orElseThrow());
        assertEquals("y", fields.get("known"));
        assertFalse(fields.containsKey("fresh"));
    }

    @Test
    void aStringFieldTakesScalarsButNotObjects() {
        EmulatorHttp http = new EmulatorHttp(iterable.emulator());
        http.post("/api/users/update", user("a@example.com", null, Map.of("code", "A1")));
        assertEquals(200, http.post("/api/users/update", user("a@example.com", null, Map.of("code", 42))).status());
        assertEquals(400, http.post("/api/users/update", user("a@example.com", null, Map.of("code", Map.of("x", 1)))).status());
    }

    @Test
    void dateFormats() {
        for (String ok : List.of("2023-04-19 12:15:30 +00:00", "2023-04-19T12:15:30.123Z", "2023-04-19T12:15:30.123+0000",
                "2023-04-19", "2023-04-19 12:15:30", "2023-04-19 12:15:30 +0200", "2023-04-19T12:15:30.123+02:00",
                "2023-04-19T12:15:30Z", "2023-04-19T12:15:30-05:00", "2023-04-19T12:15:30", "2023-04-19T12:15:30.123")) {
            assertTrue(FieldTypes.isDate(ok), ok);
        }
        for (String bad : List.of("0000-00-00 00:00:00", "2023-02-30", "yesterday", "20230419", "2023-04-19T12:15:30.12Z",
                "2023-04-19 12:15:30Z", "2023-04-19x12:15:30")) {
            assertFalse(FieldTypes.isDate(bad), bad);
        }
    }
}
