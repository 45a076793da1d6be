package io.github.cameliterable.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.sql.DataSource;

import io.github.bucket4j.TimeMeter;
import io.github.cameliterable.support.LocalRedis;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.Unreachable;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared budget as several JVMs use it: three limiters on one store (each as one JVM holds it), nine threads
 * taking permits at the same instant (a frozen clock), are granted waits that put the permits one period apart, in
 * one queue across the three: never more than the limit in a second. And when the store is away, the limiter falls
 * back to the JVM's own, says so once, and the calls still go.
 */
class SharedRateLimitsTest {
    private static final TimeMeter FROZEN = new TimeMeter() {
        private final long now = System.currentTimeMillis() * 1_000_000L;

        @Override
        public long currentTimeNanos() {
            return now;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    @Test
    void threeJvmsOnPostgresShareOneQueueOfPermits() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        assertOneQueue(local -> SharedRateLimits.onPostgres(ds, local, FROZEN));
    }

    @Test
    void threeJvmsOnRedisShareOneQueueOfPermits() throws Exception {
        String redis = LocalRedis.uriOrSkip();
        assertOneQueue(local -> SharedRateLimits.onRedis(redis, local, FROZEN));
    }

    @Test
    void anOverriddenLimitHoldsInTheSharedBudget() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        RateLimits local = new RateLimits();
        local.override(ApiEndpoint.USERS_BULK_UPDATE, 2);
        try (SharedRateLimits shared = SharedRateLimits.onPostgres(ds, local, FROZEN)) {
            String fingerprint = "override-" + System.nanoTime();
            assertEquals(Duration.ZERO, shared.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE));
            assertEquals(period(2), shared.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE));
        }
    }

    @Test
    void postgresUnreachableFallsBackToTheLocalLimiter() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + Unreachable.port() + "/none");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(1);
        assertFallsBack(SharedRateLimits.onPostgres(nowhere, new RateLimits()), "PostgreSQL table iterable_rate_budget");
    }

    @Test
    void redisUnreachableFallsBackToTheLocalLimiter() {
        assertFallsBack(SharedRateLimits.onRedis("redis://127.0.0.1:" + Unreachable.port(), new RateLimits()), "Redis 127.0.0.1:");
    }

    @Test
    void theRedisUriOfALogLineHasNoPassword() {
        try (SharedRateLimits shared = SharedRateLimits.onRedis("redis://s3cret-pass@127.0.0.1:6379/2", new RateLimits())) {
            assertEquals("Redis 127.0.0.1:6379/2", shared.storeName());
        }
    }

    private static void assertFallsBack(SharedRateLimits shared, String store) {
        try (shared; LogCapture log = new LogCapture()) {
            String fingerprint = "down-" + System.nanoTime();
            // the local limiter stands in: the first permit at once, the next one a period later (not at once)
            assertEquals(Duration.ZERO, shared.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE));
            Duration second = shared.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE);
            assertTrue(second.compareTo(Duration.ofMillis(100)) > 0, "spaced by the local limiter: " + second);
            shared.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE);
            List<String> warnings = log.lines().stream().filter(l -> l.contains("cannot be reached")).toList();
            assertEquals(1, warnings.size(), "one warning per outage: " + log.lines());
            assertTrue(warnings.get(0).contains(store), warnings.get(0));
            assertTrue(warnings.get(0).contains("own limiter"), warnings.get(0));
        }
    }

    private static void assertOneQueue(Function<RateLimits, SharedRateLimits> jvm) throws Exception {
        List<SharedRateLimits> jvms = List.of(jvm.apply(new RateLimits()), jvm.apply(new RateLimits()),
                jvm.apply(new RateLimits()));
        String fingerprint = "queue-" + System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(9);
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        try (LogCapture log = new LogCapture()) {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (SharedRateLimits limiter : jvms) {
                for (int t = 0; t < 3; t++) {
                    all.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 4; i++) {
                            waits.add(limiter.reserve(fingerprint, ApiEndpoint.USERS_BULK_UPDATE));
                        }
                    }, threads));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("cannot be reached")), "the store answered");
        } finally {
            threads.shutdownNow();
            jvms.forEach(SharedRateLimits::close);
        }
        // at one instant, 36 permits: the waits are 0, 1, 2 ... 35 periods, each granted once, whichever JVM asked
        List<Duration> expected = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            expected.add(period(ApiEndpoint.USERS_BULK_UPDATE.requestsPerSecond()).multipliedBy(i));
        }
        List<Duration> granted = new ArrayList<>(waits);
        Collections.sort(granted);
        assertEquals(expected, granted);
    }

    /** One permit's period: a second and the slack, divided by the limit. */
    private static Duration period(int limit) {
        return Duration.ofNanos(Duration.ofMillis(1000 + SharedRateLimits.WINDOW_SLACK_MILLIS).toNanos() / limit);
    }
}
