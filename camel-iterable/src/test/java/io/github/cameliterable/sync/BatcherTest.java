package io.github.cameliterable.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.client.ClientSettings;
import io.github.cameliterable.client.IterableClient;
import io.github.cameliterable.client.RateBudget;
import io.github.cameliterable.client.RateLimits;
import io.github.cameliterable.client.RetrySettings;
import io.github.cameliterable.mapping.FieldMapping;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.mapping.ProjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batcher alone, under a run without state, against a local stub of bulkUpdate that answers from the request:
 * packing by count and by bytes, a 413 split down to the record, a type mismatch pinned to its records.
 */
class BatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BulkOperation BULK_UPDATE = new PlainBulkOperation(ApiEndpoint.USERS_BULK_UPDATE, "{\"users\":[",
            "]}");

    private HttpServer server;
    private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<List<JsonNode>, String[]> answer = users -> new String[]{"200", "{\"successCount\":0}"};

    /** A sync type that sends each record's fields to bulkUpdate, as UsersSync does at its simplest. */
    private static final class PlainUsers implements SyncType {
        @Override
        public String name() {
            return "users";
        }

        @Override
        public ApiEndpoint mainEndpoint() {
            return ApiEndpoint.USERS_BULK_UPDATE;
        }

        @Override
        public void accept(List<Classified> chunk, SyncRun run) {
            for (Classified classified : chunk) {
                ObjectNode user = JSON.createObjectNode().put("email", classified.record().identity().email());
                user.set("dataFields", classified.record().dataFields().node());
                run.batcher(BULK_UPDATE).add(run.item(classified.record(), classified.record().identity().email(), user));
            }
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        List<JsonNode> users = new ArrayList<>();
        body.path("users").forEach(users::add);
        requests.add(users.stream().map(u -> u.path("email").asText()).toList());
        String[] reply = answer.apply(users);
        byte[] bytes = reply[1].getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(Integer.parseInt(reply[0]), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private SyncReport run(int batchSize, long maxBatchBytes, List<Map<String, Object>> rows) {
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        // one request at a time, and no linger: the requests' order is the batches' order
        SyncPipeline pipeline = pipeline(limits, batchSize, maxBatchBytes, Duration.ZERO);
        try {
            return pipeline.submit(rows, null, -1, RunControls.NONE).join();
        } finally {
            pipeline.close();
        }
    }

    private SyncPipeline pipeline(RateBudget budget, int batchSize, long maxBatchBytes, Duration linger) {
        ClientSettings settings = new ClientSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "batcher-test-key", Duration.ofSeconds(5), Duration.ofSeconds(5),
                new RetrySettings(1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(10)), null);
        FieldMapping mapping = new FieldMapping(new FieldMapping.Settings(ProjectType.email, MatchBy.email, "email",
                "userId", null, null, Set.of(), true, false), JSON, false);
        SyncPipeline pipeline = new SyncPipeline(new RunSettings("batcher", false, false, 1, batchSize, maxBatchBytes,
                linger, 20, false, Duration.ZERO), new IterableClient(settings, budget, null), new PlainUsers(),
                mapping, JSON, null, null, Runnable::run, report -> {
                });
        pipeline.start("batcher-test");
        return pipeline;
    }

    @Test
    void aRequestPastItsLingerGoesOnFillingWhileEveryPlaceOfItsEndpointIsHeld() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        RateBudget budget = new RateBudget() {
            @Override
            public CompletableFuture<Permit> acquire(String apiKeyFingerprint, ApiEndpoint endpoint) {
                return CompletableFuture.completedFuture(Permit.NONE);
            }

            @Override
            public boolean busy(String apiKeyFingerprint, ApiEndpoint endpoint) {
                return busy.get();
            }
        };
        SyncPipeline pipeline = pipeline(budget, 0, 0, Duration.ofMillis(5));
        try {
            List<CompletableFuture<SyncReport>> results = new ArrayList<>();
            for (Map<String, Object> user : users(5)) {
                results.add(pipeline.submit(List.of(user), null, -1, RunControls.NONE));
                Thread.sleep(20); // each record waits more than the linger time
            }
            Thread.sleep(100);
            assertEquals(List.of(), requests, "a request would wait for a place: nothing is cut");
            busy.set(false);
            for (CompletableFuture<SyncReport> result : results) {
                assertEquals(1, result.get(10, TimeUnit.SECONDS).getSucceeded());
            }
            assertEquals(List.of(5), requests.stream().map(List::size).toList(), "one request carries all five");
        } finally {
            pipeline.close();
        }
    }

    private static List<Map<String, Object>> users(int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(Map.of("email", "u" + i + "@example.com", "plan", "p" + i));
        }
        return rows;
    }

    @Test
    void packsByCount() {
        SyncReport report = run(2, 0, users(5));
        assertEquals(5, report.getSucceeded(), report.toString());
        assertEquals(List.of(2, 2, 1), requests.stream().map(List::size).toList());
    }

    @Test
    void packsByBytesAndFailsARecordTooLargeForAnyRequest() {
        List<Map<String, Object>> rows = new ArrayList<>(users(4));
        rows.add(Map.of("email", "big@example.com", "blob", "x".repeat(400)));
        // a user here is about 60 bytes: 150 bytes hold two, with the envelope and commas
        SyncReport report = run(0, 150, rows);
        assertEquals(4, report.getSucceeded(), report.toString());
        assertEquals(List.of(2, 2), requests.stream().map(List::size).toList());
        assertEquals(1, report.getFailed());
        assertTrue(report.getFailures().get(0).reason().contains("takes at most 150 bytes"), report.toString());
    }

    @Test
    void a413SplitsInHalvesUntilTheRequestsPass() {
        answer = users -> users.size() > 2 ? new String[]{"413", ""} : new String[]{"200", "{\"successCount\":2}"};
        SyncReport report = run(0, 0, users(8));
        assertEquals(8, report.getSucceeded(), report.toString());
        // 8 -> 4+4 -> 2+2+2+2: three refused requests and four that pass
        assertEquals(7, requests.size(), requests.toString());
    }

    @Test
    void aTypeMismatchFailsExactlyTheRecordsHoldingTheValuesAndResendsTheRest() {
        answer = users -> {
            boolean bad = users.stream().anyMatch(u -> u.path("dataFields").path("plan").asText().equals("p3"));
            if (!bad) {
                return new String[]{"200", "{\"successCount\":" + users.size() + "}"};
            }
            // Iterable lists the batch's first value, then the offending one
            return new String[]{"400", "{\"code\":\"RequestFieldsTypesMismatched\",\"msg\":\"mismatch\",\"params\":"
                    + "{\"validationErrors\":{\"plan\":{\"expectedType\":\"long\","
                    + "\"offendingValue\":[\"p1\",\"p3\"]}}}}"};
        };
        SyncReport report = run(0, 0, users(4));
        assertEquals(3, report.getSucceeded(), report.toString());
        assertEquals(List.of(List.of("u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com"),
                List.of("u1@example.com", "u2@example.com", "u4@example.com")), requests);
        SyncReport.FailedRecord failed = report.getFailures().get(0);
        assertEquals("plan", failed.field());
        assertEquals("u3@example.com", failed.primaryKey());
        assertEquals("the value \"p3\" does not fit the field's type long in Iterable (RequestFieldsTypesMismatched)",
                failed.reason());
    }

    @Test
    void aTypeMismatchQuotingAnElementOfAnArrayFailsTheRecordHoldingTheArray() {
        // a field that is an object in the first record and an array in another: Iterable quotes the array's elements
        answer = users -> users.stream().anyMatch(u -> u.path("dataFields").path("prefs").isArray())
                ? new String[]{"400", "{\"code\":\"RequestFieldsTypesMismatched\",\"msg\":\"mismatch\",\"params\":"
                        + "{\"validationErrors\":{\"prefs\":{\"expectedType\":\"object\","
                        + "\"offendingValue\":[{\"a\":1},1]}}}}"}
                : new String[]{"200", "{\"successCount\":" + users.size() + "}"};
        List<Map<String, Object>> rows = List.of(Map.of("email", "u1@example.com", "prefs", Map.of("a", 1)),
                Map.of("email", "u2@example.com", "prefs", List.of(1, 2)),
                Map.of("email", "u3@example.com", "prefs", Map.of("a", 3)));
        SyncReport report = run(0, 0, rows);
        assertEquals(2, report.getSucceeded(), report.toString());
        // pinned down at once (before: halves down to the record alone, which then failed naming no field)
        assertEquals(List.of(List.of("u1@example.com", "u2@example.com", "u3@example.com"),
                List.of("u1@example.com", "u3@example.com")), requests);
        assertEquals("prefs", report.getFailures().get(0).field());
        assertEquals("u2@example.com", report.getFailures().get(0).primaryKey());
    }

    @Test
    void aTypeMismatchOfARecordAloneNamesTheFieldThoughItsValueIsNotQuoted() {
        answer = users -> new String[]{"400", "{\"code\":\"RequestFieldsTypesMismatched\",\"msg\":\"mismatch\","
                + "\"params\":{\"validationErrors\":{\"prefs\":{\"expectedType\":\"object\",\"offendingValue\":[7]}}}}"};
        SyncReport report = run(0, 0, List.of(Map.of("email", "u1@example.com", "prefs", List.of("x"))));
        SyncReport.FailedRecord failed = report.getFailures().get(0);
        assertEquals("prefs", failed.field(), report.toString());
        assertEquals("the value [\"x\"] does not fit the field's type object in Iterable (RequestFieldsTypesMismatched)",
                failed.reason());
    }
}
