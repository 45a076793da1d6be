package io.github.cameliterable.users;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Byte packing and Iterable's per-record answers on bulkUpdate. */
class UsersBatchingTest {

    private static CamelContext camel() {
        CamelContext camel = new DefaultCamelContext();
        camel.getComponent("iterable", IterableComponent.class).getConfiguration().setApiKey(StubIterable.API_KEY);
        camel.start();
        return camel;
    }

    /** Records streamed from an Iterator, never held in a list. */
    private static Iterator<Map<String, Object>> users(int count, int padding) {
        String pad = "x".repeat(padding);
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Map<String, Object> next() {
                next++;
                Map<String, Object> row = new HashMap<>();
                row.put("email", "user" + next + "@example.com");
                row.put("bio", pad);
                return row;
            }
        };
    }

    @Test
    void recordsOverFourMegabytesGoInSeveralRequestsEachUnderTheLimitAndEachRecordOnce() {
        try (StubIterable iterable = new StubIterable()) {
            CamelContext camel = camel();
            int count = 6_000; // about 6,000 x 1 KB = 6 MB of JSON
            SyncReport report = camel.createProducerTemplate()
                    .requestBody(iterable.endpoint("users"), users(count, 1000), SyncReport.class);
            camel.stop();

            List<LoggedRequest> requests = iterable.requests("/api/users/bulkUpdate");
            assertTrue(requests.size() >= 2, "expected several requests, got " + requests.size());
            long total = 0;
            for (LoggedRequest request : requests) {
                assertTrue(request.getBody().length <= 4 * 1024 * 1024, "a request of " + request.getBody().length + " bytes");
                total += request.getBody().length;
            }
            assertTrue(total > 4 * 1024 * 1024, "the records total " + total + " bytes");
            Set<String> emails = new HashSet<>();
            for (JsonNode user : iterable.bulkUpdateUsers()) {
                assertTrue(emails.add(user.path("email").asText()), "sent twice: " + user.path("email"));
            }
            assertEquals(count, emails.size());
            assertEquals(count, report.getSucceeded(), report.toString());
            assertEquals(requests.size(), report.getApiCalls());
        }
    }

    @Test
    void failedUpdatesMarkExactlyThoseRecordsFailedWithTheirReasons() {
        try (StubIterable iterable = new StubIterable()) {
            iterable.server.stubFor(post(urlPathEqualTo("/api/users/bulkUpdate"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                            {"successCount":3,"failCount":2,
                             "failedUpdates":{"invalidEmails":["c@example.com"],"conflictUserIds":["taken"],
                                              "notFoundEmails":[],"forgottenEmails":[]},
                             "createdFields":[],"filteredOutFields":[]}""")));
            CamelContext camel = camel();
            SyncReport report = camel.createProducerTemplate()
                    .requestBody(
                            iterable.endpoint("users?projectType=hybrid"), List.of(
                                    Map.of("email", "a@example.com", "plan", "pro"),
                                    Map.of("email", "b@example.com", "plan", "pro"),
                                    Map.of("email", "C@example.com", "plan", "pro"),
                                    Map.of("email", "d@example.com", "userId", "taken", "plan", "pro"),
                                    Map.of("email", "e@example.com", "plan", "pro")),
                            SyncReport.class);
            camel.stop();
            assertEquals(5, report.getSent(), report.toString());
            assertEquals(3, report.getSucceeded(), report.toString());
            assertEquals(2, report.getFailed());
            Map<String, String> reasons = new HashMap<>();
            report.getFailures().forEach(f -> reasons.put(f.primaryKey(), f.reason()));
            // a record keyed by email is keyed as Iterable compares emails: lower-cased
            assertEquals(Set.of("c@example.com", "d@example.com"), reasons.keySet());
            assertTrue(reasons.get("c@example.com").contains("invalidEmails"), reasons.toString());
            assertTrue(reasons.get("d@example.com").contains("conflictUserIds"), reasons.toString());
        }
    }
}
