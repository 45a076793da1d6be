package io.github.cameliterable.client;

/** Where the permits of Iterable's rate limits are kept: in this JVM, or in a store that several JVMs share. */
public enum RateLimiterStore {
    /** {@link RateLimits}: one budget per CamelContext. */
    local,
    /** {@link SharedRateLimits#onPostgres}: one budget per Iterable project across JVMs, in PostgreSQL. */
    postgresql,
    /** {@link SharedRateLimits#onRedis}: one budget per Iterable project across JVMs, in Redis. */
    redis
}
