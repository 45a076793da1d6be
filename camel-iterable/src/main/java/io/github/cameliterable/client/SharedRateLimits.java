package io.github.cameliterable.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rate budget per Iterable project across JVMs: the places of {@link Places}, one set per API key fingerprint,
 * endpoint and limit, kept in PostgreSQL ({@link PostgresPlaces}) or Redis ({@link RedisPlaces}) on the store's clock,
 * so that the JVMs' clocks never matter. A call takes a place in the store before it is sent and gives it back with
 * the time its answer took; a JVM that dies holding places loses them at {@code permit + D + 1 s}.
 * <p>
 * In each JVM a few threads talk to the store: the callers of a key wait in turn, the first asks the store, and when
 * no place is free asks again when the earliest can free. The limits themselves
 * ({@link RateLimits#limitOf(ApiEndpoint)},
 * with overrides) come from the local limiter, and a key carries its limit, so a changed limit starts fresh places.
 * <p>
 * When the store cannot be reached the JVM takes its permits from its local limiter (one WARN line), and tries the
 * store again every {@link #STORE_RETRY_INTERVAL}: syncs go on, but together the JVMs may then exceed Iterable's
 * limit, and Iterable's 429s are retried with backoff as always.
 */
public final class SharedRateLimits implements RateBudget, AutoCloseable {

    /** The PostgreSQL table of the places, created when missing. */
    public static final String TABLE = PostgresPlaces.TABLE;

    /** The prefix of the places' keys in Redis. */
    public static final String REDIS_KEY_PREFIX = "camel-iterable:rate-places:";

    /** How long the local limiter stands in after the store failed, before the store is tried again. */
    static final Duration STORE_RETRY_INTERVAL = Duration.ofSeconds(5);

    /**
     * How often {@link #busy} asks the store whether every place of an endpoint is held (by any JVM): a look is one
     * short read, made by the run loop when a request's linger time is up, so at most ten a second per endpoint.
     */
    static final Duration LOOK_INTERVAL = Duration.ofMillis(100);

    /** Threads that talk to the store: each key's callers are served by one at a time, keys and answers in parallel. */
    private static final int STORE_THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimits.class);

    private final PlaceStore store;
    private final String keyPrefix;
    private final RateLimits local;
    private final ScheduledThreadPoolExecutor storeThreads;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private volatile long storeRetryAtNanos;
    private volatile long lookIntervalNanos = LOOK_INTERVAL.toNanos();

    SharedRateLimits(PlaceStore store, String keyPrefix, RateLimits local) {
        this.store = store;
        this.keyPrefix = keyPrefix;
        this.local = Objects.requireNonNull(local, "local");
        AtomicInteger threads = new AtomicInteger();
        this.storeThreads = new ScheduledThreadPoolExecutor(STORE_THREADS, r -> {
            Thread t = new Thread(r, "iterable-shared-rate-budget-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        storeThreads.setRemoveOnCancelPolicy(true);
    }

    /** Places in PostgreSQL, table {@value #TABLE} (created on first use); the DataSource stays the caller's. */
    public static SharedRateLimits onPostgres(DataSource dataSource, RateLimits local) {
        return new SharedRateLimits(new PostgresPlaces(Objects.requireNonNull(dataSource, "dataSource")), "", local);
    }

    /**
     * Places in Redis at {@code redisUri} ({@code redis://host:port}, Lettuce's URI syntax), keys
     * {@value #REDIS_KEY_PREFIX}..., expiring when idle. Needs {@code io.lettuce:lettuce-core} on the class path.
     */
    public static SharedRateLimits onRedis(String redisUri, RateLimits local) {
        PlaceStore redis;
        try {
            redis = new RedisPlaces(redisUri);
        } catch (NoClassDefFoundError noLettuce) {
            throw new IllegalStateException("rateLimiter=redis needs io.lettuce:lettuce-core on the class path (an"
                    + " optional dependency of camel-iterable)", noLettuce);
        }
        return new SharedRateLimits(redis, REDIS_KEY_PREFIX, local);
    }

    @Override
    public CompletableFuture<Permit> acquire(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (storeAway()) {
            return local.acquire(apiKeyFingerprint, endpoint);
        }
        Queue queue = queue(apiKeyFingerprint, endpoint);
        CompletableFuture<Permit> permit = new CompletableFuture<>();
        boolean first;
        synchronized (queue) {
            queue.waiting.add(permit);
            first = !queue.serving;
            queue.serving = true;
        }
        if (first) {
            submit(queue::serve, 0);
        }
        return permit;
    }

    /**
     * Busy while a caller of this JVM already waits for a place of the endpoint (known here without asking the store),
     * or while every place is held, by this JVM or others: then a request that is not full goes on filling instead of
     * queuing for a place. The store is asked at most every {@link #LOOK_INTERVAL} per endpoint; a store that does not
     * answer counts as not busy (the call's own take then finds out).
     */
    @Override
    public boolean busy(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (storeAway()) {
            return local.busy(apiKeyFingerprint, endpoint);
        }
        Queue queue = queue(apiKeyFingerprint, endpoint);
        synchronized (queue) {
            if (!queue.waiting.isEmpty()) {
                return true;
            }
        }
        return queue.allHeld();
    }

    /** Asks the store on every {@link #busy} look (tests: another JVM's places are seen at once). */
    SharedRateLimits lookingEvery(Duration interval) {
        lookIntervalNanos = interval.toNanos();
        return this;
    }

    private Queue queue(String apiKeyFingerprint, ApiEndpoint endpoint) {
        return queues.computeIfAbsent(queueKey(apiKeyFingerprint, endpoint),
                k -> new Queue(k, apiKeyFingerprint, endpoint, local.limitOf(endpoint)));
    }

    /** The store failed lately and is not tried again yet: the local limiter stands in. */
    private boolean storeAway() {
        return unreachable.get() && System.nanoTime() - storeRetryAtNanos < 0;
    }

    /** The store's key of an endpoint's places: per API key, endpoint and limit. */
    private String queueKey(String apiKeyFingerprint, ApiEndpoint endpoint) {
        return keyPrefix + apiKeyFingerprint + ":" + endpoint.name() + ":" + local.limitOf(endpoint);
    }

    /** Where the places are, for logs and the console (no credentials). */
    public String storeName() {
        return store.describe();
    }

    /** Per endpoint: the limit, the places held in the store (by every JVM), the callers waiting here, the next free. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        queues.values().forEach(queue -> {
            String name = queue.endpoint.name();
            try {
                long[] seen = store.peek(queue.key);
                int waiting;
                synchronized (queue) {
                    waiting = queue.waiting.size();
                }
                out.put(name, RateLimits.describe(queue.limit, (int) seen[0], seen[1], waiting) + " (shared)");
            } catch (RuntimeException e) {
                out.put(name, queue.limit + "/s, store unreachable: " + e.getMessage());
            }
        });
        return out;
    }

    @Override
    public void close() {
        storeThreads.shutdownNow();
        // callers still waiting are not left hanging: the local limiter serves them
        queues.values().forEach(Queue::toLocal);
        queues.clear();
        store.close();
    }

    private void submit(Runnable task, long delayMicros) {
        try {
            storeThreads.schedule(task, delayMicros, TimeUnit.MICROSECONDS);
        } catch (RuntimeException closed) {
            // closed: the callers still waiting go to the local limiter
            LOG.debug("shared rate budget closed: {}", closed.toString());
        }
    }

    /** The callers of one key in this JVM, served in turn by the store threads. */
    private final class Queue {
        final String key;
        final String fingerprint;
        final ApiEndpoint endpoint;
        final int limit;
        final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
        boolean serving;
        /** The last look at the store ({@link #allHeld}): when, and until when every place was held then. */
        private boolean looked;
        private long lookedAtNanos;
        private long allHeldUntilNanos;

        Queue(String key, String fingerprint, ApiEndpoint endpoint, int limit) {
            this.key = key;
            this.fingerprint = fingerprint;
            this.endpoint = endpoint;
            this.limit = limit;
        }

        /** Whether every place is held, by any JVM, from a look at the store at most {@link #LOOK_INTERVAL} old. */
        boolean allHeld() {
            long now = System.nanoTime();
            synchronized (this) {
                if (looked && now - lookedAtNanos < lookIntervalNanos) {
                    return now - allHeldUntilNanos < 0;
                }
                looked = true;
                lookedAtNanos = now;
            }
            long until = now;
            try {
                long[] seen = store.peek(key);
                if (seen[0] >= limit) {
                    until = now + Math.max(1, seen[1]) * 1000;
                }
            } catch (RuntimeException e) {
                LOG.debug("could not look at the shared rate limiter's places ({}): {}", storeName(), e.toString());
            }
            synchronized (this) {
                allHeldUntilNanos = until;
            }
            return until - now > 0;
        }

        /** On a store thread: grants places to the waiters in turn until none is free, then asks again later. */
        void serve() {
            while (true) {
                CompletableFuture<Permit> next;
                synchronized (this) {
                    next = waiting.peek();
                    if (next == null) {
                        serving = false;
                        return;
                    }
                }
                long id = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
                PlaceStore.Taken taken;
                try {
                    taken = store.take(key, id, limit);
                    if (unreachable.compareAndSet(true, false)) {
                        LOG.info("The shared rate limiter ({}) answers again: permits come from it", storeName());
                    }
                } catch (RuntimeException e) {
                    storeFailed(e);
                    toLocal();
                    return;
                }
                if (taken.waitMicros() >= 0) {
                    submit(this::serve, taken.waitMicros());
                    return;
                }
                synchronized (this) {
                    waiting.poll();
                }
                next.complete(new StorePlace(key, id, taken.startedNanos()));
            }
        }

        /** The store failed: every caller waiting here takes its permit from the local limiter. */
        private void toLocal() {
            while (true) {
                CompletableFuture<Permit> next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        serving = false;
                        return;
                    }
                }
                local.acquire(fingerprint, endpoint).whenComplete((permit, failure) -> {
                    if (failure != null) {
                        next.completeExceptionally(failure);
                    } else {
                        next.complete(permit);
                    }
                });
            }
        }
    }

    /** A place in the store, given back with the time from just before the store's step that took it until the answer. */
    private final class StorePlace implements Permit {
        private final String key;
        private final long id;
        private final long startedNanos;
        private final AtomicBoolean released = new AtomicBoolean();

        StorePlace(String key, long id, long startedNanos) {
            this.key = key;
            this.id = id;
            this.startedNanos = startedNanos;
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            long took = (System.nanoTime() - startedNanos) / 1000;
            submit(() -> {
                try {
                    store.release(key, id, took);
                } catch (RuntimeException e) {
                    // the place frees itself at permit + D + 1 s
                    LOG.debug("could not give a place back to the shared rate limiter ({}): {}", storeName(), e.toString());
                }
            }, 0);
        }
    }

    private void storeFailed(RuntimeException e) {
        storeRetryAtNanos = System.nanoTime() + STORE_RETRY_INTERVAL.toNanos();
        if (unreachable.compareAndSet(false, true)) {
            LOG.warn("The shared rate limiter ({}) cannot be reached; this JVM takes its permits from its own limiter"
                    + " until it answers again (tried every {} s), so the JVMs together may exceed Iterable's limit"
                    + " and its 429s are retried. Cause: {}", storeName(), STORE_RETRY_INTERVAL.toSeconds(), e.toString());
        }
    }
}
