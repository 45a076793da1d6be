package io.github.cameliterable.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.sql.DataSource;

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
 * The shared budget as several JVMs use it: three stores (each as one JVM holds it) on one PostgreSQL or Redis, nine
 * callers asking at once, are granted exactly the limit's places, the others told to wait no longer than a place in
 * flight can be held (D + 1 s, on the store's clock); an answered place frees a second after its answer, and a caller
 * waiting in a JVM gets it. When the store is away, the JVM's own budget stands in, says so once, and the calls go.
 */
class SharedRateLimitsTest {

    @Test
    void threeJvmsOnPostgresShareTheLimitsPlaces() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        assertOnePlaceSet(() -> new PostgresPlaces(ds));
        assertAWaiterGetsTheFreedPlace(SharedRateLimits.onPostgres(ds, oneASecond()),
                SharedRateLimits.onPostgres(ds, oneASecond()));
    }

    @Test
    void threeJvmsOnRedisShareTheLimitsPlaces() throws Exception {
        String redis = LocalRedis.uriOrSkip();
        assertOnePlaceSet(() -> new RedisPlaces(redis));
        assertAWaiterGetsTheFreedPlace(SharedRateLimits.onRedis(redis, oneASecond()),
                SharedRateLimits.onRedis(redis, oneASecond()));
    }

    @Test
    void theConsoleSeesThePlacesHeldByEveryJvm() {
        DataSource ds = PostgresState.dataSourceOrSkip();
        try (SharedRateLimits a = SharedRateLimits.onPostgres(ds, new RateLimits());
                SharedRateLimits b = SharedRateLimits.onPostgres(ds, new RateLimits())) {
            String fingerprint = "console-" + System.nanoTime();
            a.acquire(fingerprint, ApiEndpoint.USERS_BULK_UPDATE).join();
            b.acquire(fingerprint, ApiEndpoint.USERS_BULK_UPDATE).join();
            String seen = a.describe().get("USERS_BULK_UPDATE");
            assertTrue(seen.startsWith("5/s, 2 of 5 places held, 0 waiting, next place free in "), seen);
            assertTrue(seen.endsWith("(shared)"), seen);
        }
    }

    @Test
    void postgresUnreachableFallsBackToTheLocalLimiter() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + Unreachable.port() + "/none");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(1);
        RateLimits local = new RateLimits();
        assertFallsBack(SharedRateLimits.onPostgres(nowhere, local), local, "PostgreSQL table iterable_rate_places");
    }

    @Test
    void redisUnreachableFallsBackToTheLocalLimiter() {
        RateLimits local = new RateLimits();
        assertFallsBack(SharedRateLimits.onRedis("redis://127.0.0.1:" + Unreachable.port(), local), local, "Redis 127.0.0.1:");
    }

    @Test
    void theRedisUriOfALogLineHasNoPassword() {
        try (SharedRateLimits shared = SharedRateLimits.onRedis("redis://s3cret-pass@127.0.0.1:6379/2", new RateLimits())) {
            assertEquals("Redis 127.0.0.1:6379/2", shared.storeName());
        }
    }

    private static RateLimits oneASecond() {
        RateLimits local = new RateLimits();
        local.override(ApiEndpoint.USERS_BULK_UPDATE, 1);
        return local;
    }

    private static void assertFallsBack(SharedRateLimits shared, RateLimits local, String store) {
        try (shared; LogCapture log = new LogCapture()) {
            String fingerprint = "down-" + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                shared.acquire(fingerprint, ApiEndpoint.USERS_BULK_UPDATE).join();
            }
            assertTrue(local.describe().get("USERS_BULK_UPDATE").startsWith("5/s, 3 of 5 places held"),
                    "the local budget stood in: " + local.describe());
            List<String> warnings = log.lines().stream().filter(l -> l.contains("cannot be reached")).toList();
            assertEquals(1, warnings.size(), "one warning per outage: " + log.lines());
            assertTrue(warnings.get(0).contains(store), warnings.get(0));
            assertTrue(warnings.get(0).contains("own limiter"), warnings.get(0));
        }
    }

    /** Nine takes at once through three stores: five places (bulkUpdate's limit), four waits of at most D + 1 s. */
    private static void assertOnePlaceSet(Supplier<PlaceStore> jvm) throws Exception {
        List<PlaceStore> jvms = List.of(jvm.get(), jvm.get(), jvm.get());
        String key = "places-" + System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(9);
        List<Long> answers = Collections.synchronizedList(new ArrayList<>());
        try {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                PlaceStore store = jvms.get(i % 3);
                long id = i;
                all.add(CompletableFuture.runAsync(() -> answers.add(store.take(key, id, 5).waitMicros()), threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            assertEquals(5, answers.stream().filter(a -> a == -1).count(), "granted: " + answers);
            assertTrue(answers.stream().allMatch(a -> a == -1 || (a > 0 && a <= Places.HOLD_CAP_MICROS + 1_000_000)),
                    "waits within D + 1 s: " + answers);
            assertEquals(5, jvms.get(1).peek(key)[0], "every JVM sees the five places");
            // answered: each place frees a second after its answer, so the wait shrinks to about a second
            for (long id = 0; id < 9; id++) {
                jvms.get(2).release(key, id, 0);
            }
            long wait = jvms.get(0).take(key, 99, 5).waitMicros();
            // (granted at once when this machine took more than a second since the takes)
            assertTrue(wait == -1 || wait > 0 && wait <= 1_000_000, "wait " + wait);
        } finally {
            threads.shutdownNow();
            jvms.forEach(PlaceStore::close);
        }
    }

    /**
     * One place a second: the second caller waits until the first's answer, and a second more, then gets it. Busy
     * (a request goes on filling) while a caller waits here or the place is held, by this JVM or the other.
     */
    private static void assertAWaiterGetsTheFreedPlace(SharedRateLimits shared, SharedRateLimits otherJvm)
            throws InterruptedException {
        try (shared; otherJvm) {
            shared.lookingEvery(Duration.ZERO);
            otherJvm.lookingEvery(Duration.ZERO);
            String fingerprint = "waiter-" + System.nanoTime();
            ApiEndpoint bulk = ApiEndpoint.USERS_BULK_UPDATE;
            assertFalse(otherJvm.busy(fingerprint, bulk), "no place held yet");
            RateBudget.Permit first = shared.acquire(fingerprint, bulk).join();
            assertTrue(otherJvm.busy(fingerprint, bulk), "the other JVM sees the one place held, none of its callers waiting");
            CompletableFuture<RateBudget.Permit> second = shared.acquire(fingerprint, bulk);
            assertTrue(shared.busy(fingerprint, bulk), "a caller of this JVM waits for a place");
            first.release();
            second.join().release();
            assertTrue(shared.describe().get("USERS_BULK_UPDATE").startsWith("1/s, 1 of 1 places held"),
                    shared.describe().toString());
            // the place frees a second after its answer (on the store's clock); then nobody is busy
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (otherJvm.busy(fingerprint, bulk) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(otherJvm.busy(fingerprint, bulk), "the place freed: " + otherJvm.describe());
            assertFalse(shared.busy(fingerprint, bulk), shared.describe().toString());
        }
    }
}
