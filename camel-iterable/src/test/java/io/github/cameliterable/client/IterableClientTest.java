package io.github.cameliterable.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a local HTTP stub that answers from a script: what it sends (key, method, body), which answers
 * it retries and which it returns, and how long it waits before a retry, on a clock the test sets.
 */
class IterableClientTest {
    private static final String KEY = "test-key-0123456789";
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    /** One scripted answer: status, body and headers. */
    private record Answer(int status, String body, String retryAfter) {
    }

    private record Seen(String method, String path, String apiKey, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Api-Key"), body));
        Answer next;
        synchronized (script) {
            next = script.isEmpty() ? new Answer(200, "{\"code\":\"Success\"}", null) : script.poll();
        }
        if (next.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", next.retryAfter());
        }
        byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(next.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private IterableClient client(int maxAttempts) {
        RetrySettings retry = new RetrySettings(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMinutes(1));
        ClientSettings settings = new ClientSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5), retry, null);
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        return new IterableClient(settings, limits, null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void then(int status, String body) {
        script.add(new Answer(status, body, null));
    }

    @Test
    void sendsTheKeyInItsHeaderAndTheBodyAsIs() {
        byte[] body = "{\"users\":[{\"email\":\"a@example.com\"}]}".getBytes(StandardCharsets.UTF_8);
        ApiResponse answer = client(1).call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, body)).join();
        assertEquals(200, answer.status());
        assertEquals("Success", answer.code());
        assertEquals(List.of(new Seen("POST", "/api/users/bulkUpdate", KEY, new String(body, StandardCharsets.UTF_8))), seen);
    }

    @Test
    void anAnswerStandsWhenTheCallListenerThrowsAnError() {
        // slf4j-api 1.7 on an application's class path threw NoSuchMethodError after the answer: the request looked
        // unanswered and was sent again and again
        RetrySettings retry = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMinutes(1));
        ClientSettings settings = new ClientSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5), retry, null);
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        CallListener broken = new CallListener() {
            @Override
            public void attempted(ApiCall call, int attempt, int status, long durationNanos, Throwable failure) {
                throw new NoSuchMethodError("org.slf4j.Logger.isEnabledForLevel");
            }
        };
        IterableClient client = new IterableClient(settings, limits, broken, Clock.fixed(NOW, ZoneOffset.UTC));
        ApiResponse answer = client.call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, new byte[]{'{', '}'})).join();
        assertEquals(200, answer.status());
        assertEquals(1, seen.size(), "sent once, not retried");
    }

    /** What the health check reads: each call's end once, after its retries, before its caller sees it. */
    @Test
    void theListenerIsToldOfEachCallsEndOnceAfterItsRetries() {
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        CallListener listener = new CallListener() {
            @Override
            public void ended(ApiCall call, int attempts, ApiResponse answer, Throwable failure) {
                ended.add(call.endpoint() + " " + attempts + " " + (answer == null ? "none" : answer.status()) + " "
                        + (failure == null ? "" : failure.getClass().getSimpleName()));
            }
        };
        RetrySettings retry = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMinutes(1));
        ClientSettings settings = new ClientSettings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5), retry, null);
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        IterableClient client = new IterableClient(settings, limits, listener, Clock.fixed(NOW, ZoneOffset.UTC));

        then(503, "");
        then(503, "");
        client.call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, new byte[]{'{', '}'}))
                .thenRun(() -> assertEquals(1, ended.size(), "told before the caller"))
                .join();
        then(401, "{\"code\":\"BadApiKey\",\"msg\":\"Invalid API key\"}");
        client.call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        server.stop(0);
        assertThrows(CompletionException.class, () -> client.call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join());

        assertEquals(List.of("USERS_BULK_UPDATE 3 200 ", "LISTS_GET 1 401 ", "LISTS_GET 3 none ConnectException"), ended);
    }

    @Test
    void pathValuesAreEncodedAsOneSegment() {
        client(1).call(ApiCall.withPath(ApiEndpoint.USERS_DELETE_BY_EMAIL, null, "a b/c@example.com")).join();
        assertEquals("DELETE", seen.get(0).method());
        assertEquals("/api/users/a%20b%2Fc%40example.com", seen.get(0).path());
    }

    @Test
    void retriesServerErrorsAndRateLimitsUntilAnAnswerThatIsNot() {
        then(503, "");
        then(429, "{\"code\":\"RateLimitExceeded\"}");
        then(500, "{\"code\":\"GenericError\"}");
        ApiResponse answer = client(6).call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, new byte[]{'{', '}'})).join();
        assertEquals(200, answer.status());
        assertEquals(4, seen.size());
    }

    @Test
    void returnsAClientErrorAtOnceWithIterablesCodeAndMessage() {
        then(400, "{\"code\":\"InvalidJsonError\",\"msg\":\"bad json\",\"params\":{\"field\":\"x\"}}");
        ApiResponse answer = client(6).call(ApiCall.of(ApiEndpoint.USERS_BULK_UPDATE, new byte[]{'{', '}'})).join();
        assertEquals(400, answer.status());
        assertEquals("InvalidJsonError", answer.code());
        assertEquals("bad json", answer.msg());
        assertEquals("x", answer.params().path("field").asText());
        assertEquals(1, seen.size(), "a 400 is never retried");
    }

    @Test
    void aRefusedKeyIsAnAuthFailureAndIsNotRetried() {
        then(401, "{\"code\":\"BadApiKey\",\"msg\":\"Invalid API key\"}");
        ApiResponse answer = client(6).call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        assertTrue(answer.isAuthFailure());
        assertTrue(answer.toException().isAuthFailure());
        assertFalse(answer.toException().getMessage().contains(KEY), answer.toException().getMessage());
        assertEquals(1, seen.size());
    }

    @Test
    void theLastRetryableAnswerIsReturnedWhenTheAttemptsRunOut() {
        for (int i = 0; i < 3; i++) {
            then(503, "{\"code\":\"Unavailable\"}");
        }
        ApiResponse answer = client(3).call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        assertEquals(503, answer.status());
        assertEquals(3, seen.size());
    }

    @Test
    void noAnswerAtAllFailsTheFutureWithTheCause() {
        IterableClient client = client(2);
        server.stop(0);
        CompletionException failure = assertThrows(CompletionException.class,
                () -> client.call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join());
        assertInstanceOf(IOException.class, Failures.cause(failure));
        assertTrue(Failures.describe(failure).startsWith("ConnectException"), Failures.describe(failure));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateOnTheClientsClock() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(7), IterableClient.parseRetryAfter(" 7 ", clock));
        String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(30), IterableClient.parseRetryAfter(inThirtySeconds, clock));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ZERO, IterableClient.parseRetryAfter(past, clock));
        assertNull(IterableClient.parseRetryAfter("soon", clock));
    }

    @Test
    void anHttpDateRetryAfterFromTheServerBecomesTheWait() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
        script.add(new Answer(429, "{\"code\":\"RateLimitExceeded\"}", date));
        // one attempt: the answer comes back with the wait the client would honour before a second one
        ApiResponse answer = client(1).call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        assertEquals(Duration.ofSeconds(12), answer.retryAfter().orElseThrow());
        assertEquals(Duration.ofSeconds(12), client(1).backoff(1, answer));
    }

    @Test
    void backoffWithoutRetryAfterDoublesWithEqualJitterUpToTheCap() {
        RetrySettings retry = new RetrySettings(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        IterableClient client = new IterableClient(new ClientSettings(URI.create("http://127.0.0.1:1"), KEY, null, null,
                retry, null), null, null, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 50; i++) {
            long first = client.backoff(1, null).toMillis();
            assertTrue(first >= 50 && first <= 100, "attempt 1 waited " + first);
            long third = client.backoff(3, null).toMillis();
            assertTrue(third >= 200 && third <= 400, "attempt 3 waited " + third);
            long capped = client.backoff(9, null).toMillis();
            assertTrue(capped >= 500 && capped <= 1000, "attempt 9 waited " + capped);
        }
    }

    @Test
    void aRetryThatWouldEndPastTheDeadlineIsNotMade() {
        String farAway = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3600).atOffset(ZoneOffset.UTC));
        script.add(new Answer(429, "{\"code\":\"RateLimitExceeded\"}", farAway));
        ApiResponse answer = client(5).call(ApiCall.of(ApiEndpoint.LISTS_GET, null)).join();
        assertEquals(429, answer.status(), "an hour's Retry-After is past maxRetryTime (1 minute)");
        assertEquals(1, seen.size());
    }
}
