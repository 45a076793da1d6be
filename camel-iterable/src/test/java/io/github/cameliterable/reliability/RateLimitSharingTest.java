package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's rate limiters are per API key and Iterable endpoint, shared by every route of the CamelContext:
 * two routes calling bulkUpdate at once with one key stay, together, under Iterable's 5 requests per second.
 */
@ExtendWith(NoApiKeyInLogs.class)
class RateLimitSharingTest {
    @RegisterExtension
    static IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(true).build();

    @TempDir
    Path state;

    @Test
    void twoRoutesWithOneKeyNeverGetA429() throws Exception {
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            warmUp(harness);
            // 10 requests each (20 records a request), both routes at once: 20 bulkUpdates for a 5/s limit
            harness.route("a", "iterable:users?syncId=a&batchSize=20&maxAttempts=1")
                    .route("b", "iterable:users?syncId=b&batchSize=20&maxAttempts=1");
            SyncReport[] reports = bothAtOnce(harness, Reliability.users(1, 200), Reliability.users(201, 400));
            for (SyncReport report : reports) {
                assertEquals(200, report.getSucceeded(), report.toString());
                assertEquals(0, report.getRateLimited(), report.toString());
                assertEquals(10, report.getApiCalls(), report.toString());
            }
        }
        assertEquals(20, iterable.emulator().requestCount("/api/users/bulkUpdate"));
        assertEquals(0, iterable.emulator().count429(), "the emulator, limits on, refused none");
        assertEquals(400, iterable.emulator().users().size());
    }

    @Test
    void withoutTheSharedLimiterTheSameLoadIsRefused() throws Exception {
        // proof that the test above can fail: raise the client's limit above Iterable's, and the emulator answers 429
        try (SyncHarness harness = new SyncHarness(iterable.emulator(), state, null)) {
            String uri = "iterable:users?batchSize=20&rateLimit=1000&maxAttempts=30&" + Reliability.FAST_RETRIES;
            harness.route("a", uri + "&syncId=a").route("b", uri + "&syncId=b");
            warmUp(harness);
            SyncReport[] reports = bothAtOnce(harness, Reliability.users(1, 200), Reliability.users(201, 400));
            long refused = reports[0].getRateLimited() + reports[1].getRateLimited();
            assertTrue(refused > 0, "429s were expected without the client's limiter: " + List.of(reports));
            // and the retries still landed every record
            assertEquals(400, reports[0].getSucceeded() + reports[1].getSucceeded());
        }
        assertTrue(iterable.emulator().count429() > 0);
        assertEquals(400, iterable.emulator().users().size());
    }

    /**
     * One call first, so that the measured calls do not queue behind the cold start of the JVM, the HTTP client and
     * the emulator (a queue the emulator then drains as a burst); then a pause that refills the emulator's bucket.
     */
    private static void warmUp(SyncHarness harness) throws InterruptedException {
        harness.route("warm", "iterable:users?syncId=warm&changeDetection=false");
        assertEquals(1, harness.sync("warm", Reliability.users(0, 0)).getSucceeded());
        Thread.sleep(1500);
        iterable.emulator().reset();
    }

    private static SyncReport[] bothAtOnce(SyncHarness harness, List<Map<String, Object>> a, List<Map<String, Object>> b)
            throws Exception {
        ProducerTemplate producer = harness.camel().createProducerTemplate();
        CompletableFuture<SyncReport> first = producer.asyncRequestBody("direct:a", a, SyncReport.class);
        CompletableFuture<SyncReport> second = producer.asyncRequestBody("direct:b", b, SyncReport.class);
        return new SyncReport[]{first.get(), second.get()};
    }
}
