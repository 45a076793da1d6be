package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.RecordedRequest;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries on 429, 5xx, connection resets and timeouts: bounded in attempts and in time, Retry-After honoured, and a
 * record still failing after them is failed in the report with the last reason, never dropped.
 */
@ExtendWith(NoApiKeyInLogs.class)
class RetriesTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(false).build();

    @TempDir
    Path state;

    SyncHarness harness;

    @BeforeEach
    void harness() {
        harness = new SyncHarness(emulator(), state, null);
    }

    @AfterEach
    void close() {
        harness.close();
        emulator().faults(FaultPlan.none()).retryAfter(false);
    }

    static IterableEmulator emulator() {
        return iterable.emulator();
    }

    @Test
    void retryAfterIsHonoured() {
        emulator().retryAfterSeconds(1)
                .faults(FaultPlan.builder()
                        .seed(8)
                        .endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(0.25, 0, 0, 0))
                        .build());
        // backoffs of at most 200 ms: only Retry-After can make a retry wait a second
        harness.route("users", "iterable:users?batchSize=1&maxConcurrentRequests=1&maxAttempts=20&" + Reliability.FAST_RETRIES);
        SyncReport report = harness.sync("users", Reliability.users(1, 5));
        assertEquals(5, report.getSucceeded(), report.toString());
        assertTrue(report.getRateLimited() > 0, "the seed gives 429s: " + report);
        assertEquals(report.getRateLimited(), report.getRetries(), report.toString());

        List<RecordedRequest> calls = emulator().requests();
        int checked = 0;
        for (int i = 1; i < calls.size(); i++) {
            if (calls.get(i - 1).status() == 429) {
                Duration gap = Duration.between(calls.get(i - 1).at(), calls.get(i).at());
                // backoffs here are at most 200 ms, so a gap of most of a second is the Retry-After's; the exact
                // wait is IterableClientTest's, on a clock the test sets
                assertTrue(gap.toMillis() >= 800, "retry " + i + " came " + gap.toMillis() + " ms after a Retry-After: 1");
                checked++;
            }
        }
        assertEquals(report.getRateLimited(), checked);
        assertEquals(5, emulator().users().size());
    }

    @Test
    void aRetryAfterBeyondTheTimeBoundEndsTheRetriesAndFailsTheRecordsWithTheLastAnswer() {
        emulator().retryAfterSeconds(30)
                .faults(FaultPlan.builder()
                        .endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(1.0, 0, 0, 0))
                        .build());
        harness.route("users", "iterable:users?maxAttempts=10&maxRetryTime=2000&" + Reliability.FAST_RETRIES);
        SyncReport report = harness.sync("users", Reliability.users(1, 3));
        assertEquals(3, report.getFailed(), report.toString());
        assertEquals(1, emulator().requestCount("/api/users/bulkUpdate"), "waiting 30 s would pass maxRetryTime");
        report.getFailures().forEach(f -> assertTrue(f.reason().contains("429 RateLimitExceeded"), f.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "429,        1.0, 0,   0,   0,   Iterable answered 429 RateLimitExceeded after all retries",
            "500,        0,   1.0, 0,   0,   Iterable answered 500 GenericError after all retries",
            "503,        0,   0,   1.0, 0,   Iterable answered 503 after all retries",
            "reset,      0,   0,   0,   1.0, no answer from Iterable after retries: IOException"})
    void bulkRecordsStillFailingAfterTheLastAttemptAreReportedWithTheLastReason(
            String fault, double r429, double r500, double r503, double reset, String reason) {
        emulator().faults(
                FaultPlan.builder().endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(r429, r500, r503, reset)).build());
        harness.route("users", "iterable:users?batchSize=10&maxAttempts=3&rateLimit=200&" + Reliability.FAST_RETRIES);
        SyncReport report = harness.sync("users", Reliability.users(1, 30));
        assertEquals(30, report.getSent(), report.toString());
        assertEquals(30, report.getFailed(), report.toString());
        assertEquals(0, report.getSucceeded());
        assertEquals(9, emulator().requestCount("/api/users/bulkUpdate"), "3 batches x 3 attempts");
        assertEquals(9, report.getApiCalls());
        assertEquals(6, report.getRetries());
        List<String> keys = new ArrayList<>();
        report.getFailures().forEach(f -> {
            assertTrue(f.reason().startsWith(reason), f.toString());
            keys.add(f.primaryKey());
        });
        assertEquals(Reliability.users(1, 30).stream().map(u -> (String) u.get("email")).toList(), keys.stream()
                .sorted(
                        (a, b) -> Integer.compare(Integer.parseInt(a.replaceAll("\\D", "")),
                                Integer.parseInt(b.replaceAll("\\D", ""))))
                .toList(), "every record is accounted for");
        assertTrue(emulator().users().isEmpty());

        // nothing was acknowledged: the next run, without faults, sends them all
        emulator().faults(FaultPlan.none());
        SyncReport next = harness.sync("users", Reliability.users(1, 30));
        assertEquals(30, next.getNew(), next.toString());
        assertEquals(30, next.getSucceeded());
        assertEquals(30, emulator().users().size());
    }

    @Test
    void singleRecordCallsAreRetriedAndFailedTheSameWay() {
        // trackPurchase: one call a record; 500 on every attempt
        emulator()
                .faults(FaultPlan.builder().endpoint("/api/commerce/trackPurchase", new FaultPlan.Rates(0, 1.0, 0, 0)).build());
        harness.route("purchases",
                "iterable:events?eventType=purchase&primaryKey=orderId&maxAttempts=2&" + Reliability.FAST_RETRIES);
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", "o" + i);
            order.put("email", Reliability.email(i));
            order.put("total", 10.5);
            order.put("items", List.of(Map.of("id", "sku1", "name", "Mug", "price", 10.5, "quantity", 1)));
            orders.add(order);
        }
        SyncReport report = harness.sync("purchases", orders);
        assertEquals(4, report.getFailed(), report.toString());
        assertEquals(8, emulator().requestCount("/api/commerce/trackPurchase"));
        report.getFailures().forEach(f -> assertTrue(f.reason().contains("500 GenericError"), f.toString()));
        assertTrue(emulator().purchases().isEmpty());
    }

    @Test
    void timeoutsAreRetriedThenReported() {
        // every answer comes after 1.5 s, the client waits 300 ms
        emulator().faults(FaultPlan.builder().latencyMillis(1500).build());
        harness.route("users", "iterable:users?requestTimeout=300&maxAttempts=2&" + Reliability.FAST_RETRIES);
        SyncReport report = harness.sync("users", Reliability.users(1, 2));
        assertEquals(2, report.getFailed(), report.toString());
        assertEquals(2, report.getApiCalls());
        assertEquals(1, report.getRetries());
        report.getFailures().forEach(f -> assertTrue(f.reason().contains("HttpTimeoutException"), f.toString()));
        assertFalse(report.toString().contains(Reliability.API_KEY));
    }

    @Test
    void transientFaultsThatClearWithinTheAttemptsLoseNothing() {
        emulator().faults(FaultPlan.builder()
                .seed(11)
                .endpoint("/api/users/bulkUpdate", new FaultPlan.Rates(0.2, 0.2, 0.2, 0.2))
                .build());
        harness.route("users", "iterable:users?batchSize=25&maxAttempts=30&rateLimit=200&" + Reliability.FAST_RETRIES);
        SyncReport report = harness.sync("users", Reliability.users(1, 500));
        assertEquals(500, report.getSucceeded(), report.toString());
        assertEquals(0, report.getFailed());
        assertTrue(report.getRetries() > 0, report.toString());
        assertEquals(report.getApiCalls(), emulator().requestCount("/api/users/bulkUpdate"));
        assertEquals(500, emulator().users().size());
    }
}
