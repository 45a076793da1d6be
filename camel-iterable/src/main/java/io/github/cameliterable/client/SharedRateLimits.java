package io.github.cameliterable.client;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rate budget per Iterable project across JVMs: a bucket4j token bucket per API key fingerprint and Iterable
 * endpoint, kept in PostgreSQL or Redis, from which every JVM takes its permits. A bucket holds one permit and
 * refills one every {@code (1 s + }{@value #WINDOW_SLACK_MILLIS}{@code  ms) / limit}, so permits are spread evenly
 * whoever takes them and no one-second window of Iterable's sees more than its limit, even when requests arrive a
 * little later than their permit allowed (scheduling, GC). Permits are reserved, as {@link RateLimits} does: the
 * caller waits its turn, it is never refused.
 * <p>
 * The limits themselves ({@link RateLimits#limitOf(ApiEndpoint)}, with overrides) come from the local limiter. A
 * bucket's key carries the limit, so a changed limit starts a fresh bucket instead of inheriting the stored one.
 * <p>
 * When the store cannot be reached the JVM takes its permits from its local limiter (one WARN line), and tries the
 * store again every {@link #STORE_RETRY_INTERVAL}: syncs go on, but together the JVMs may then exceed Iterable's
 * limit, and Iterable's 429s are retried with backoff as always.
 */
public final class SharedRateLimits implements RateBudget, AutoCloseable {

    /** The PostgreSQL table of the buckets, created when missing. */
    public static final String TABLE = "iterable_rate_budget";

    /** The prefix of the buckets' keys in Redis. */
    public static final String REDIS_KEY_PREFIX = "camel-iterable:rate-budget:";

    /** Added to each second of the budget: what a request may arrive late without crowding a window. */
    static final long WINDOW_SLACK_MILLIS = 25;

    /** How long the local limiter stands in after the store failed, before the store is tried again. */
    static final Duration STORE_RETRY_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimits.class);

    private final String storeName;
    private final String keyPrefix;
    private final Supplier<ProxyManager<String>> connect;
    private final Runnable onClose;
    private final RateLimits local;
    private final Map<String, BucketProxy> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private ProxyManager<String> store;
    private volatile long storeRetryAtNanos;

    SharedRateLimits(String storeName, String keyPrefix, Supplier<ProxyManager<String>> connect, Runnable onClose,
                     RateLimits local) {
        this.storeName = storeName;
        this.keyPrefix = keyPrefix;
        this.connect = connect;
        this.onClose = onClose;
        this.local = Objects.requireNonNull(local, "local");
    }

    /**
     * Buckets in PostgreSQL, table {@value #TABLE} (created on first use), one row per API key fingerprint and
     * endpoint, updated under {@code SELECT ... FOR UPDATE}; the DataSource stays the caller's.
     */
    public static SharedRateLimits onPostgres(DataSource dataSource, RateLimits local) {
        return onPostgres(dataSource, local, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /**
     * Buckets in Redis at {@code redisUri} ({@code redis://host:port}, Lettuce's URI syntax), keys
     * {@value #REDIS_KEY_PREFIX}..., expiring when idle. Needs {@code io.lettuce:lettuce-core} on the class path.
     */
    public static SharedRateLimits onRedis(String redisUri, RateLimits local) {
        return onRedis(redisUri, local, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /** {@link #onPostgres(DataSource, RateLimits)} on a given clock: wall-clock time, the same in every JVM. */
    static SharedRateLimits onPostgres(DataSource dataSource, RateLimits local, TimeMeter clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new SharedRateLimits("PostgreSQL table " + TABLE, "", () -> {
            createTable(dataSource);
            return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table(TABLE)
                    .idColumn("id")
                    .stateColumn("state")
                    .clientClock(clock)
                    .build();
        }, () -> {
        }, local);
    }

    /** {@link #onRedis(String, RateLimits)} on a given clock: wall-clock time, the same in every JVM. */
    static SharedRateLimits onRedis(String redisUri, RateLimits local, TimeMeter clock) {
        RedisBuckets redis;
        try {
            redis = new RedisBuckets(redisUri, clock);
        } catch (NoClassDefFoundError noLettuce) {
            throw new IllegalStateException("rateLimiter=redis needs io.lettuce:lettuce-core on the class path (an"
                                            + " optional dependency of camel-iterable)", noLettuce);
        }
        return new SharedRateLimits("Redis " + redis.describe(), REDIS_KEY_PREFIX, redis::connect, redis::close, local);
    }

    @Override
    public Duration reserve(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (unreachable.get() && System.nanoTime() - storeRetryAtNanos < 0) {
            return local.reserve(apiKeyFingerprint, endpoint);
        }
        int limit = local.limitOf(endpoint);
        String key = keyPrefix + apiKeyFingerprint + ":" + endpoint.name() + ":" + limit;
        try {
            long waitNanos = bucket(key, limit).consumeIgnoringRateLimits(1);
            if (unreachable.compareAndSet(true, false)) {
                LOG.info("The shared rate limiter ({}) answers again: permits come from it", storeName);
            }
            return waitNanos <= 0 ? Duration.ZERO : Duration.ofNanos(waitNanos);
        } catch (RuntimeException e) {
            storeFailed(e);
            return local.reserve(apiKeyFingerprint, endpoint);
        }
    }

    /** Where the buckets are, for logs and the console (no credentials). */
    public String storeName() {
        return storeName;
    }

    @Override
    public void close() {
        buckets.clear();
        onClose.run();
    }

    private BucketProxy bucket(String key, int limit) {
        ProxyManager<String> manager = connected();
        return buckets.computeIfAbsent(key, k -> manager.builder().build(k, () -> configuration(limit)));
    }

    /** The store's bucket manager, connected on first use so that a store down at start does not stop the route. */
    private synchronized ProxyManager<String> connected() {
        if (store == null) {
            if (unreachable.get() && System.nanoTime() - storeRetryAtNanos < 0) {
                // callers that queued here while another one's connection attempt failed do not try again each
                throw new IllegalStateException("not connected");
            }
            store = connect.get();
        }
        return store;
    }

    /** One permit, refilled evenly: {@code limit} permits per second plus the slack. */
    static BucketConfiguration configuration(int limit) {
        long periodNanos = Duration.ofMillis(1000 + WINDOW_SLACK_MILLIS).toNanos() / Math.max(1, limit);
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos(periodNanos)).build())
                .build();
    }

    private void storeFailed(RuntimeException e) {
        storeRetryAtNanos = System.nanoTime() + STORE_RETRY_INTERVAL.toNanos();
        if (unreachable.compareAndSet(false, true)) {
            LOG.warn("The shared rate limiter ({}) cannot be reached; this JVM takes its permits from its own limiter"
                     + " until it answers again (tried every {} s), so the JVMs together may exceed Iterable's limit"
                     + " and its 429s are retried. Cause: {}", storeName, STORE_RETRY_INTERVAL.toSeconds(), e.toString());
        }
    }

    private static void createTable(DataSource dataSource) {
        String ddl = "CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(200) PRIMARY KEY, state BYTEA)";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                st.execute(ddl);
            } catch (SQLException raced) {
                // two JVMs creating the table at once: PostgreSQL lets one of them fail on its catalog; the table is there
                st.execute(ddl);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create " + TABLE + ": " + e.getMessage(), e);
        }
    }
}
