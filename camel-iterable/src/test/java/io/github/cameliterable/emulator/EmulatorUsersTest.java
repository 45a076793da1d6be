package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorUsersTest {

    static Map<String, Object> user(String email, String userId, Map<String, Object> dataFields) {
        Map<String, Object> u = new java.util.LinkedHashMap<>();
        if (email != null) {
            u.put("email", email);
        }
        if (userId != null) {
            u.put("userId", userId);
        }
        if (dataFields != null) {
            u.put("dataFields", dataFields);
        }
        return u;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> failed(Reply r) {
        return (Map<String, Object>) r.json().get("failedUpdates");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dataFields(Map<String, Object> apiUser) {
        return (Map<String, Object>) apiUser.get("dataFields");
    }

    @Nested
    class EmailProject {
        @RegisterExtension
        final IterableEmulatorExtension iterable = IterableEmulatorExtension.builder().rateLimits(false).build();

        @Test
        void wrongOrMissingApiKeyIs401BadApiKey(IterableEmulator emulator) {
            Reply wrong = new EmulatorHttp(emulator, "nope").get("/api/users/getFields");
            assertEquals(401, wrong.status());
            assertEquals(Map.of("msg", "Invalid API key", "code", "BadApiKey"),
                    Map.of("msg", wrong.json().get("msg"), "code", wrong.code()));
            assertTrue(wrong.json().containsKey("params"));
            assertNull(wrong.json().get("params"));
            assertEquals(401,
                    new EmulatorHttp(emulator, null).post("/api/users/bulkUpdate", Map.of("users", List.of())).status());
        }

        @Test
        void bulkUpdateUpsertsByEmailAndMergesNestedObjectsOnRequest(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            Reply r = http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                    user("Ann@Example.com", "u1", Map.of("plan", "pro", "settings", Map.of("mobile", true))),
                    user("bob@example.com", "u1", Map.of("plan", "free")))));
            assertEquals(200, r.status());
            assertEquals(2, r.json().get("successCount"));
            assertEquals(0, r.json().get("failCount"));
            assertEquals(2, emulator.users().size(), "userId is not unique in email projects");

            Map<String, Object> merge = user("ann@example.com", null, Map.of("settings", Map.of("email", true)));
            merge.put("mergeNestedObjects", true);
            http.post("/api/users/bulkUpdate", Map.of("users", List.of(merge)));
            assertEquals(Map.of("mobile", true, "email", true),
                    dataFields(emulator.user("ann@example.com").orElseThrow()).get("settings"));

            http.post("/api/users/bulkUpdate",
                    Map.of("users", List.of(user("ann@example.com", null, Map.of("settings", Map.of("sms", false))))));
            assertEquals(Map.of("sms", false), dataFields(emulator.user("ann@example.com").orElseThrow()).get("settings"),
                    "without mergeNestedObjects a top-level object is overwritten");
            assertEquals("pro", dataFields(emulator.user("ann@example.com").orElseThrow()).get("plan"),
                    "omitted fields are kept");
        }

        @Test
        void userIdOnlyUpdatesExistingAndCreatesOnlyWithPreferUserId(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/bulkUpdate", Map.of("users", List.of(user("ann@example.com", "u1", Map.of("n", 1)))));

            Map<String, Object> unknown = user(null, "u2", Map.of("n", 2));
            Map<String, Object> preferred = user(null, "u3", Map.of("n", 3));
            preferred.put("preferUserId", true);
            Reply r = http.post("/api/users/bulkUpdate",
                    Map.of("users", List.of(user(null, "u1", Map.of("n", 10)), unknown, preferred)));
            assertEquals(2, r.json().get("successCount"));
            assertEquals(1, r.json().get("failCount"));
            assertEquals(List.of("u2"), failed(r).get("notFoundUserIds"));
            assertEquals(10L, ((Number) dataFields(emulator.user("ann@example.com").orElseThrow()).get("n")).longValue());
            Map<String, Object> created = emulator.userByUserId("u3").orElseThrow();
            assertTrue(((String) created.get("email")).endsWith("@placeholder.email"));
            assertTrue(emulator.userByUserId("u2").isEmpty());
        }

        @Test
        void invalidEmailsAndUserIdsFailAloneInFailedUpdates(IterableEmulator emulator) {
            Reply r = new EmulatorHttp(emulator).post("/api/users/bulkUpdate", Map.of("users", List.of(
                    user("not-an-email", null, null),
                    user("ok@example.com", "trailing ", null),
                    user("ok2@example.com", "x".repeat(53), null),
                    user("ok3@example.com", "", null),
                    user("good@example.com", "fine", Map.of("a", "b")))));
            assertEquals(200, r.status());
            assertEquals(1, r.json().get("successCount"));
            assertEquals(4, r.json().get("failCount"));
            assertEquals(List.of("not-an-email"), failed(r).get("invalidEmails"));
            assertEquals(List.of("trailing ", "x".repeat(53), ""), failed(r).get("invalidUserIds"));
            assertEquals(List.of("good@example.com"), emulator.users().stream().map(u -> u.get("email")).toList());
        }

        @Test
        void bulkUpdateAbove4MbIs413AndAppliesNothing(IterableEmulator emulator) {
            List<Map<String, Object>> users = new ArrayList<>();
            String filler = "x".repeat(1000);
            for (int i = 0; users.size() * 1050 < 4 * 1024 * 1024 + 10_000; i++) {
                users.add(user("u" + i + "@example.com", null, Map.of("f", filler)));
            }
            Reply r = new EmulatorHttp(emulator).post("/api/users/bulkUpdate", Map.of("users", users));
            assertEquals(413, r.status());
            assertTrue(r.body().contains("413 Request Entity Too Large"));
            assertTrue(emulator.users().isEmpty());
        }

        @Test
        void getUserAnswersUserOrEmptyObject(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/update", user("a+b@example.com", "u1", Map.of("x", 1)));
            Reply byQuery = http.get("/api/users/getByEmail?email=" + EmulatorHttp.encode("a+b@example.com"));
            assertEquals(200, byQuery.status());
            @SuppressWarnings("unchecked")
            Map<String, Object> u = (Map<String, Object>) byQuery.json().get("user");
            assertEquals("a+b@example.com", u.get("email"));
            assertEquals(1, dataFields(u).get("x"));
            assertEquals(200, http.get("/api/users/" + EmulatorHttp.encode("a+b@example.com")).status());
            assertEquals("u1", ((Map<?, ?>) http.get("/api/users/byUserId/u1").json().get("user")).get("userId"));
            Reply missing = http.get("/api/users/getByEmail?email=nobody%40example.com");
            assertEquals(200, missing.status());
            assertEquals("{}", missing.body());
        }

        @Test
        void deleteRemovesTheUserAndUnknownIs400(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/update", user("a@example.com", "u1", null));
            http.post("/api/users/update", user("b@example.com", "u2", null));
            Reply r = http.delete("/api/users/a%40example.com");
            assertEquals(200, r.status());
            assertEquals("Success", r.code());
            assertEquals(200, http.delete("/api/users/byUserId/u2").status());
            assertTrue(emulator.users().isEmpty());
            assertEquals(List.of("a@example.com", "u2"), emulator.deleted());
            Reply unknown = http.delete("/api/users/byUserId/u9");
            assertEquals(400, unknown.status());
            assertEquals("UnknownUserIdError", unknown.code());
        }

        @Test
        void storedFieldsReadBackAsSentAndMerge(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            // as written by hand: spaces, escapes, a duplicate key (the last wins), a null for a new user (dropped)
            EmulatorHttp.Reply created = http.post("/api/users/bulkUpdate",
                    "{\"users\":[ {\"email\":\"a@example.com\", \"dataFields\" : { \"name\" :"
                            + " \"Ren\\u00e9e \\\"R\\\"\", \"n\": 1, \"n\": 2, \"gone\": null, \"o\": {\"x\": [\"p\", \"q\"]} } } ]}");
            assertEquals(1, created.json().get("successCount"), created.body());
            assertEquals(Map.of("name", "Renée \"R\"", "n", 2L, "o", Map.of("x", List.of("p", "q"))),
                    withoutBuiltIns(dataFields(emulator.user("a@example.com").orElseThrow())));
            http.post("/api/users/update", Map.of("email", "a@example.com", "mergeNestedObjects", true,
                    "dataFields", Map.of("o", Map.of("y", true), "n", 3)));
            assertEquals(Map.of("name", "Renée \"R\"", "n", 3L, "o", Map.of("x", List.of("p", "q"), "y", true)),
                    withoutBuiltIns(dataFields(emulator.user("a@example.com").orElseThrow())));
        }

        private static Map<String, Object> withoutBuiltIns(Map<String, Object> fields) {
            Map<String, Object> out = new java.util.LinkedHashMap<>(fields);
            out.keySet().removeAll(List.of("email", "userId", "signupDate", "profileUpdatedAt"));
            return out;
        }

        @Test
        void userIdIsASharedAttributeFoundInCreationOrder(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                    user("a@example.com", null, null),
                    user("b@example.com", "u3", null),
                    user("c@example.com", "u1", null))));
            http.post("/api/users/update", user("a@example.com", "u3", null));
            assertEquals("a@example.com", emulator.userByUserId("u3").orElseThrow().get("email"),
                    "the first created of the users sharing u3, though its userId was set last");
            http.post("/api/users/update", user("c@example.com", "u2", null));
            assertTrue(emulator.userByUserId("u1").isEmpty(), "c's userId changed from u1 to u2");
            assertEquals("c@example.com", emulator.userByUserId("u2").orElseThrow().get("email"));
            assertEquals(200, http.delete("/api/users/byUserId/u3").status());
            assertEquals(List.of("c@example.com"), emulator.users().stream().map(u -> u.get("email")).toList(),
                    "both users sharing u3 deleted");
            assertEquals("{}", http.get("/api/users/byUserId/u3").body());
        }

        @Test
        void forgottenUsersFailInBulkAndUnforgetResumes(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/update", user("a@example.com", "u1", Map.of("x", 1)));
            assertEquals(200, http.post("/api/users/forget", Map.of("email", "a@example.com")).status());
            assertTrue(emulator.users().isEmpty());
            assertTrue(emulator.forgotten().contains("a@example.com"));
            Reply r = http.post("/api/users/bulkUpdate", Map.of("users", List.of(user("a@example.com", null, null))));
            assertEquals(List.of("a@example.com"), failed(r).get("forgottenEmails"));
            assertEquals(409, http.post("/api/users/update", user("a@example.com", null, null)).status());
            assertEquals(200, http.post("/api/users/unforget", Map.of("email", "a@example.com")).status());
            assertEquals(1,
                    http.post("/api/users/bulkUpdate", Map.of("users", List.of(user("a@example.com", null, null))))
                            .json()
                            .get("successCount"));
        }

        @Test
        void forgetIsCappedAt1000A24Hours(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            for (int i = 0; i < 1000; i++) {
                assertEquals(200, http.post("/api/users/forget", Map.of("email", "f" + i + "@example.com")).status());
            }
            Reply over = http.post("/api/users/forget", Map.of("email", "last@example.com"));
            assertEquals(429, over.status());
            assertEquals("RateLimitExceeded", over.code());
            assertTrue(((String) over.json().get("msg")).contains("Daily limit"));
            assertFalse(emulator.forgotten().contains("last@example.com"));
            assertEquals(200, http.post("/api/users/unforget", Map.of("email", "f1@example.com")).status(),
                    "unforget has its own cap");
        }

        @Test
        void updateEmailRenamesAndRefusesTakenOrForgottenAddresses(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/update", user("old@example.com", "u1", Map.of("x", 1)));
            http.post("/api/users/update", user("taken@example.com", null, null));
            http.post("/api/users/forget", Map.of("email", "gone@example.com"));
            assertEquals(200, http
                    .post("/api/users/updateEmail", Map.of("currentEmail", "old@example.com", "newEmail", "new@example.com"))
                    .status());
            assertTrue(emulator.user("old@example.com").isEmpty());
            assertEquals(1L, dataFields(emulator.user("new@example.com").orElseThrow()).get("x"));
            Reply taken = http.post("/api/users/updateEmail", Map.of("currentUserId", "u1", "newEmail", "taken@example.com"));
            assertEquals(409, taken.status());
            assertEquals("EmailAlreadyExists", taken.code());
            assertEquals("ForgottenUserError", http
                    .post("/api/users/updateEmail", Map.of("currentEmail", "new@example.com", "newEmail", "gone@example.com"))
                    .code());
            Reply missing = http.post("/api/users/updateEmail",
                    Map.of("currentEmail", "nobody@example.com", "newEmail", "n2@example.com"));
            assertEquals(400, missing.status());
        }

        @Test
        void getFieldsListsTheSchema(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            http.post("/api/users/update", user("a@example.com", null, Map.of("age", 3, "score", 1.5, "vip", true,
                    "birthday", "1990-01-02", "address", Map.of("city", "Oslo"))));
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) http.get("/api/users/getFields").json().get("fields");
            assertEquals("long", fields.get("age"));
            assertEquals("double", fields.get("score"));
            assertEquals("boolean", fields.get("vip"));
            assertEquals("date", fields.get("birthday"));
            assertEquals("object", fields.get("address"));
            assertEquals("string", fields.get("address.city"));
            assertEquals("string", fields.get("email"));
        }
    }

    @Nested
    class UserIdProject {
        @RegisterExtension
        final IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
                .projectType(ProjectType.USER_ID)
                .rateLimits(false)
                .build();

        @Test
        void userIdIdentifiesAndEmailIsUnique(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            Reply r = http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                    user("a@example.com", "u1", null),
                    user(null, "u2", Map.of("k", "v")),
                    user("a@example.com", "u3", null),
                    user("nobody@example.com", null, null))));
            assertEquals(2, r.json().get("successCount"));
            assertEquals(List.of("a@example.com"), failed(r).get("conflictEmails"));
            assertEquals(List.of("nobody@example.com"), failed(r).get("notFoundEmails"));
            assertEquals(2, emulator.users().size());
            http.post("/api/users/bulkUpdate", Map.of("users", List.of(user("a2@example.com", "u1", null))));
            assertEquals("a2@example.com", emulator.userByUserId("u1").orElseThrow().get("email"),
                    "email is an attribute here");
            assertEquals(400, http.delete("/api/users/a2%40example.com").status(),
                    "delete by email is not for userId projects");
            assertEquals(400,
                    http.post("/api/users/updateEmail", Map.of("currentUserId", "u1", "newEmail", "z@example.com")).status());
        }
    }

    @Nested
    class HybridProject {
        @RegisterExtension
        final IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
                .projectType(ProjectType.HYBRID)
                .rateLimits(false)
                .build();

        @Test
        void eitherIdentifierFindsTheUser(IterableEmulator emulator) {
            EmulatorHttp http = new EmulatorHttp(emulator);
            Reply r = http.post("/api/users/bulkUpdate", Map.of("users", List.of(
                    user("a@example.com", null, Map.of("n", 1)),
                    user(null, "u2", Map.of("n", 2)),
                    user("a@example.com", "u1", Map.of("n", 3)),
                    user("a@example.com", "u2", null))));
            assertEquals(3, r.json().get("successCount"));
            assertEquals(List.of("a@example.com"), failed(r).get("conflictEmails"), "the email belongs to another user");
            assertEquals(2, emulator.users().size());
            assertEquals("u1", emulator.user("a@example.com").orElseThrow().get("userId"));
            assertEquals(3L, ((Number) dataFields(emulator.userByUserId("u1").orElseThrow()).get("n")).longValue());
            http.post("/api/users/update", user("new@example.com", "u1", null));
            assertEquals("new@example.com", emulator.userByUserId("u1").orElseThrow().get("email"),
                    "userId found: email updated");
        }
    }
}
