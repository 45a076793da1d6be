package io.github.cameliterable.users;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.cameliterable.users.StubIterable.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact JSON the users sync type sends, for each identity rule, mode, mapping and body type. */
class UsersSyncJsonTest {
    private StubIterable iterable;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        iterable = new StubIterable();
        camel = new DefaultCamelContext();
        camel.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey(StubIterable.API_KEY);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        iterable.close();
    }

    private SyncReport sync(String options, Object body) {
        return template.requestBody(iterable.endpoint(options), body, SyncReport.class);
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    @Test
    void upsertByEmailSendsEmailUserIdAndDataFields() {
        SyncReport report = sync("users?mode=upsert&matchBy=email",
                row("email", "ada@example.com", "userId", "u-1", "firstName", "Ada", "visits", 3));
        assertEquals(1, report.getSucceeded(), report.toString());
        assertEquals(json("""
                {"users":[{"email":"ada@example.com","userId":"u-1","dataFields":{"firstName":"Ada","visits":3}}]}"""),
                json(iterable.requests("/api/users/bulkUpdate").get(0).getBodyAsString()));
    }

    /**
     * The bytes of a body, not only its tree: items are written straight to bytes (no ObjectNode since 2026-12-04), in
     * the order and with the escapes the tree gave (identity, data fields, flags), for fields written from the row and
     * for nested ones built as a tree.
     */
    @Test
    void theBodyIsTheBytesItsTreeWouldBe() {
        SyncReport nested = sync("users?matchBy=userId&mergeNestedObjects=true&fields=firstName,city:address.city,visits"
                + "&syncId=bytes",
                List.of(row("email", "ada@example.com", "userId", "u\"1\\", "firstName", "Zoë \"Z\"\n", "city", "Paris",
                        "visits", 3)));
        assertEquals(1, nested.getSucceeded(), nested.toString());
        sync("users?matchBy=userId&syncId=bytes-flat", List.of(row("userId", "u-2", "plan", "pro", "score", 1.5,
                "optIn", true, "note", null)));
        List<String> bodies = iterable.requests("/api/users/bulkUpdate").stream().map(r -> r.getBodyAsString()).toList();
        // an email project matched by userId: the email stays out (Iterable would match on it)
        assertEquals("{\"users\":[{\"userId\":\"u\\\"1\\\\\",\"dataFields\":{"
                + "\"firstName\":\"Zoë \\\"Z\\\"\\n\",\"address\":{\"city\":\"Paris\"},\"visits\":3},"
                + "\"preferUserId\":true,\"mergeNestedObjects\":true}]}", bodies.get(0));
        assertEquals("{\"users\":[{\"userId\":\"u-2\",\"dataFields\":{\"plan\":\"pro\",\"score\":1.5,\"optIn\":true,"
                + "\"note\":null},\"preferUserId\":true}]}", bodies.get(1));
    }

    /**
     * The same for custom events (their items written straight to bytes too since 2026-12-04): the key, the name, the
     * event id, createdAt, campaign and template, the data fields, createNewFields. (Here for the stub of this class.)
     */
    @Test
    void eventBodiesAreTheBytesTheirTreesWouldBe() {
        iterable.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/events/trackBulk"))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"successCount\":1,\"failCount\":0,\"failedUpdates\":{}}")));
        SyncReport byEmail = sync("events?eventName=shipped&eventIdColumn=id&createdAtColumn=at&campaignId=11"
                + "&templateIdColumn=template&createNewFields=true",
                List.of(row("id", "e-1", "email", "ada@example.com", "at",
                        "2024-03-02T09:30:00Z", "template", 22, "carrier", "ups \"x\"\t", "weight", 1.5)));
        assertEquals(1, byEmail.getSucceeded(), byEmail.toString());
        SyncReport byUserId = sync("events?eventName=opened&projectType=userId&syncId=bytes-user",
                List.of(row("userId", "u-1", "email", "bob@example.com", "count", 3)));
        assertEquals(1, byUserId.getSucceeded(), byUserId.toString());
        List<String> bodies = iterable.requests("/api/events/trackBulk").stream().map(r -> r.getBodyAsString()).toList();
        assertEquals("{\"events\":[{\"email\":\"ada@example.com\",\"eventName\":\"shipped\",\"id\":\"e-1\","
                + "\"createdAt\":1709371800,\"campaignId\":11,\"templateId\":22,\"dataFields\":{\"carrier\":"
                + "\"ups \\\"x\\\"\\t\",\"weight\":1.5},\"createNewFields\":true}]}", bodies.get(0));
        assertEquals("{\"events\":[{\"userId\":\"u-1\",\"eventName\":\"opened\",\"dataFields\":{\"count\":3}}]}",
                bodies.get(1));
    }

    @Test
    void createNewFieldsIsNotSentUnlessSet() {
        sync("users", row("email", "ada@example.com", "plan", "pro"));
        sync("users?createNewFields=false&syncId=users-create-new-fields-false",
                row("email", "bob@example.com", "plan", "pro"));
        List<String> bodies = iterable.requests("/api/users/bulkUpdate").stream().map(r -> r.getBodyAsString()).toList();
        assertTrue(json(bodies.get(0)).path("createNewFields").isMissingNode(), "unset: the project decides: " + bodies.get(0));
        assertEquals(false, json(bodies.get(1)).path("createNewFields").booleanValue(), bodies.get(1));
        assertTrue(json(bodies.get(1)).has("createNewFields"), bodies.get(1));
    }

    @Test
    void upsertByUserIdInEmailProjectUsesPreferUserIdAndLeavesEmailOut() {
        sync("users?projectType=email&matchBy=userId",
                row("email", "ada@example.com", "userId", "u-1", "plan", "pro"));
        assertEquals(json("""
                {"userId":"u-1","dataFields":{"plan":"pro"},"preferUserId":true}"""),
                iterable.bulkUpdateUsers().get(0));
    }

    @Test
    void userIdProjectIdentifiesByUserIdEvenWhenMatchByEmail() {
        SyncReport report = sync("users?projectType=userId&matchBy=email",
                List.of(row("email", "ada@example.com", "userId", "u-1", "plan", "pro"),
                        row("email", "bob@example.com", "plan", "free")));
        assertEquals(json("""
                {"email":"ada@example.com","userId":"u-1","dataFields":{"plan":"pro"}}"""),
                iterable.bulkUpdateUsers().get(0));
        assertEquals(1, iterable.bulkUpdateUsers().size());
        assertEquals(1, report.getFailed());
        assertTrue(report.getFailures().get(0).reason().contains("no userId"), report.toString());
        assertEquals("userId", report.getFailures().get(0).field());
    }

    @Test
    void hybridProjectMatchesByTheChosenIdentifier() {
        sync("users?projectType=hybrid&matchBy=userId", List.of(
                row("userId", "u-2", "plan", "pro"),
                row("email", "bob@example.com", "userId", "u-3", "plan", "free")));
        List<JsonNode> users = iterable.bulkUpdateUsers();
        assertEquals(json("{\"userId\":\"u-2\",\"dataFields\":{\"plan\":\"pro\"}}"), users.get(0));
        assertEquals(json("{\"email\":\"bob@example.com\",\"userId\":\"u-3\",\"dataFields\":{\"plan\":\"free\"}}"),
                users.get(1));
    }

    @Test
    void updateModeInEmailProjectByUserIdNeedsNoLookup() {
        sync("users?mode=update&projectType=email&matchBy=userId", row("userId", "u-1", "plan", "pro"));
        assertEquals(json("{\"userId\":\"u-1\",\"dataFields\":{\"plan\":\"pro\"},\"preferUserId\":false}"),
                iterable.bulkUpdateUsers().get(0));
        assertEquals(0, iterable.requests("/api/users/getByEmail").size());
    }

    @Test
    void updateModeElsewhereLooksUsersUpAndSkipsUnknownOnes() {
        iterable.server.stubFor(get(urlPathEqualTo("/api/users/getByEmail"))
                .withQueryParam("email", com.github.tomakehurst.wiremock.client.WireMock.equalTo("known@example.com"))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"user\":{\"email\":\"known@example.com\",\"dataFields\":{}}}")));
        iterable.server.stubFor(get(urlPathEqualTo("/api/users/getByEmail"))
                .withQueryParam("email", com.github.tomakehurst.wiremock.client.WireMock.equalTo("unknown@example.com"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
        SyncReport report = sync("users?mode=update&matchBy=email", List.of(
                row("email", "known@example.com", "plan", "pro"),
                row("email", "unknown@example.com", "plan", "free")));
        assertEquals(2, iterable.requests("/api/users/getByEmail").size());
        assertEquals(List.of(json("{\"email\":\"known@example.com\",\"dataFields\":{\"plan\":\"pro\"}}")),
                iterable.bulkUpdateUsers());
        assertEquals(1, report.getSucceeded());
        assertEquals(1, report.getSkipped());
        assertEquals(0, report.getFailed());
    }

    @Test
    void nestedObjectsArraysOfObjectsAndDatesAreMapped() {
        List<Map<String, Object>> pets = List.of(row("name", "Nacho", "age", 1), row("name", "Rami", "age", 2));
        sync("users?fields=first_name:firstName,city:address.city,zip:address.zip,pets,devices,signup,birthday"
                + "&mergeNestedObjects=true&createNewFields=true",
                row("email", "ada@example.com", "first_name", "Ada", "city", "Paris", "zip", "75001",
                        "pets", pets, "devices", "[{\"os\":\"ios\"},{\"os\":\"android\"}]",
                        "signup", Timestamp.from(OffsetDateTime.of(2024, 5, 1, 10, 30, 0, 0, ZoneOffset.UTC).toInstant()),
                        "birthday", LocalDate.of(1990, 12, 10), "ignored", "not in fields"));
        JsonNode body = json(iterable.requests("/api/users/bulkUpdate").get(0).getBodyAsString());
        assertEquals(json("""
                {"users":[{"email":"ada@example.com",
                  "dataFields":{"firstName":"Ada","address":{"city":"Paris","zip":"75001"},
                    "pets":[{"name":"Nacho","age":1},{"name":"Rami","age":2}],
                    "devices":[{"os":"ios"},{"os":"android"}],
                    "signup":"2024-05-01 10:30:00 +00:00","birthday":"1990-12-10"},
                  "mergeNestedObjects":true}],
                 "createNewFields":true}"""), body);
    }

    @Test
    void createNewFieldsLeftEmptyIsNotSentSoTheProjectSettingApplies() {
        sync("users", row("email", "ada@example.com", "plan", "pro"));
        JsonNode body = json(iterable.requests("/api/users/bulkUpdate").get(0).getBodyAsString());
        assertFalse(body.has("createNewFields"), body.toString());
    }

    @Test
    void createNewFieldsFalseIsSentAsABoolean() {
        sync("users?createNewFields=FALSE", row("email", "ada@example.com", "plan", "pro"));
        JsonNode body = json(iterable.requests("/api/users/bulkUpdate").get(0).getBodyAsString());
        assertEquals(json("false"), body.get("createNewFields"), body.toString());
    }

    @Test
    void createNewFieldsOtherThanTrueOrFalseIsRefusedByName() {
        Exception e = assertThrows(Exception.class, () -> camel.getEndpoint(iterable.endpoint("users?createNewFields=yes")));
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("createNewFields must be true, false or empty"), cause.getMessage());
        assertTrue(iterable.requests("/api/users/bulkUpdate").isEmpty());
    }

    /** A POJO record, as a user's own class would be. */
    public static class Customer {
        public String email;
        public String city;

        Customer(String email, String city) {
            this.email = email;
            this.city = city;
        }
    }

    @Test
    void everyBodyTypeIsRead() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String one = "{\"email\":\"a@example.com\",\"city\":\"Oslo\"}";
        List<Object> bodies = new ArrayList<>();
        bodies.add(row("email", "a@example.com", "city", "Oslo"));
        bodies.add(one);
        bodies.add(one.getBytes(StandardCharsets.UTF_8));
        bodies.add(mapper.readTree(one));
        bodies.add(new Customer("a@example.com", "Oslo"));
        bodies.add(new ByteArrayInputStream(one.getBytes(StandardCharsets.UTF_8)));
        for (Object body : bodies) {
            SyncReport report = sync("users", body);
            assertEquals(1, report.getSucceeded(), body.getClass() + ": " + report);
        }
        // many records
        String array = "[{\"email\":\"a@example.com\",\"city\":\"Oslo\"},{\"email\":\"b@example.com\",\"city\":\"Rome\"}]";
        List<Object> many = List.of(
                List.of(row("email", "a@example.com", "city", "Oslo"), row("email", "b@example.com", "city", "Rome")),
                array, array.getBytes(StandardCharsets.UTF_8), mapper.readTree(array),
                List.of(row("email", "a@example.com", "city", "Oslo"), row("email", "b@example.com", "city", "Rome"))
                        .iterator(),
                Stream.of(new Customer("a@example.com", "Oslo"), new Customer("b@example.com", "Rome")));
        for (Object body : many) {
            SyncReport report = sync("users", body);
            assertEquals(2, report.getSucceeded(), body.getClass() + ": " + report);
        }
        List<JsonNode> users = iterable.bulkUpdateUsers();
        assertEquals(bodies.size() + 2 * many.size(), users.size());
        JsonNode expected = json("{\"email\":\"a@example.com\",\"dataFields\":{\"city\":\"Oslo\"}}");
        for (int i = 0; i < bodies.size(); i++) {
            assertEquals(expected, users.get(i), "body " + bodies.get(i).getClass());
        }
    }
}
