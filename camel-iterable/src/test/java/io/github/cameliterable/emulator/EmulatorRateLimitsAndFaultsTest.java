package io.github.cameliterable.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.emulator.EmulatorHttp.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.cameliterable.emulator.EmulatorUsersTest.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorRateLimitsAndFaultsTest {
    private final List<IterableEmulator> started = new ArrayList<>();

    private IterableEmulator start(IterableEmulator.Builder builder) {
        IterableEmulator e = builder.start();
        started.add(e);
        return e;
    }

    @AfterEach
    void stop() {
        started.forEach(IterableEmulator::close);
    }

    private static Map<String, Object> oneUser(int i) {
        return Map.of("users", List.of(user("u" + i + "@example.com", null, null)));
    }

    @Test
    void aBurstAboveFivePerSecondOnBulkUpdateGets429WithRetryAfter() {
        IterableEmulator emulator = start(IterableEmulator.builder().retryAfter(true));
        EmulatorHttp http = new EmulatorHttp(emulator);
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replies.add(http.post("/api/users/bulkUpdate", oneUser(i)));
        }
        Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertEquals("RateLimitExceeded", limited.code());
        assertEquals("Rate limit exceeded", limited.json().get("msg"));
        assertTrue(limited.json().containsKey("params"));
        assertEquals("1", limited.header("Retry-After"));
        long ok = replies.stream().filter(r -> r.status() == 200).count();
        assertTrue(ok >= 5 && ok < 12, "5 in the bucket plus the refill during the burst: " + ok);
        assertEquals(12 - ok, emulator.count429());
        assertEquals(ok, emulator.users().size(), "a refused request changes nothing");

        emulator.rateLimits(false);
        assertEquals(200, http.post("/api/users/bulkUpdate", oneUser(99)).status());
    }

    @Test
    void retryAfterIsOffByDefaultAndCanBeFixed() {
        IterableEmulator emulator = start(IterableEmulator.builder());
        EmulatorHttp http = new EmulatorHttp(emulator);
        Reply r = null;
        for (int i = 0; i < 5; i++) {
            r = http.get("/api/users/getFields");
        }
        assertEquals(429, r.status(), "getFields allows 3 per second");
        assertNull(r.header("Retry-After"));
        emulator.retryAfterSeconds(7);
        assertEquals("7", http.get("/api/users/getFields").header("Retry-After"));
    }

    @Test
    void requestsSpacedAtTheLimitAreNeverRefused() throws InterruptedException {
        IterableEmulator emulator = start(IterableEmulator.builder());
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i < 12; i++) {
            assertEquals(200, http.post("/api/users/bulkUpdate", oneUser(i)).status());
            Thread.sleep(205);
        }
        assertEquals(0, emulator.count429());
    }

    private static List<Integer> statuses(IterableEmulator emulator, int n) {
        EmulatorHttp http = new EmulatorHttp(emulator);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                out.add(http.sendRaw("POST", "/api/users/bulkUpdate", oneUser(i)).status());
            } catch (IOException e) {
                out.add(-1);
            }
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameFaultsAndFaultedRequestsChangeNothing() {
        FaultPlan plan = FaultPlan.builder().seed(42).rate429(0.15).rate500(0.1).rate503(0.1).connectionResetRate(0.1).build();
        IterableEmulator emulator = start(IterableEmulator.builder().rateLimits(false).faults(plan));
        List<Integer> first = statuses(emulator, 40);
        int ok = (int) first.stream().filter(s -> s == 200).count();
        assertEquals(ok, emulator.users().size(), "only the unfaulted requests created users");
        assertTrue(first.containsAll(List.of(200, 429, 500, 503, -1)), first.toString());

        emulator.reset();
        assertEquals(first, statuses(emulator, 40), "reset restarts the fault sequence");

        IterableEmulator twin = start(IterableEmulator.builder().rateLimits(false).faults(plan));
        assertEquals(first, statuses(twin, 40), "same seed, same faults");

        twin.faults(FaultPlan.builder().seed(43).rate429(0.15).rate500(0.1).rate503(0.1).connectionResetRate(0.1).build());
        assertNotEquals(first, statuses(twin, 40));
        twin.faults(FaultPlan.none());
        assertTrue(statuses(twin, 5).stream().allMatch(s -> s == 200));
    }

    @Test
    void perEndpointRatesLatencyAndForced413() {
        FaultPlan plan = FaultPlan.builder()
                .seed(1)
                .endpoint("/api/events/trackBulk", new FaultPlan.Rates(0, 0, 1.0, 0))
                .latencyMillis(150)
                .force413Above(2_000)
                .build();
        IterableEmulator emulator = start(IterableEmulator.builder().rateLimits(false).faults(plan));
        EmulatorHttp http = new EmulatorHttp(emulator);
        long t0 = System.nanoTime();
        assertEquals(200, http.post("/api/users/bulkUpdate", oneUser(1)).status(), "other endpoints are not faulted");
        assertTrue(System.nanoTime() - t0 >= 150_000_000L, "latency added");
        assertEquals(503, http.post("/api/events/trackBulk", Map.of("events", List.of())).status());
        Reply big = http.post("/api/users/bulkUpdate",
                Map.of("users", List.of(user("a@example.com", null, Map.of("f", "x".repeat(3000))))));
        assertEquals(413, big.status());
        assertTrue(emulator.user("a@example.com").isEmpty());
        assertEquals(3, emulator.requests().size());
        assertEquals(List.of(200, 503, 413), emulator.requests().stream().map(RecordedRequest::status).toList());
        assertEquals(2, emulator.requestCount("/api/users/"));
    }

    @Test
    void connectionResetIsARealTransportFailure() {
        IterableEmulator emulator = start(IterableEmulator.builder()
                .rateLimits(false)
                .faults(FaultPlan.builder().connectionResetRate(1.0).build()));
        EmulatorHttp http = new EmulatorHttp(emulator);
        assertThrows(IOException.class, () -> http.sendRaw("POST", "/api/users/bulkUpdate", oneUser(1)));
        assertTrue(emulator.users().isEmpty());
        assertEquals(0, emulator.requests().get(0).status());
    }
}
