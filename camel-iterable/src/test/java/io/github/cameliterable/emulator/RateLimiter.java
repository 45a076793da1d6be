package io.github.cameliterable.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Iterable's per-endpoint limits as token buckets: capacity = the per-second limit, refilled continuously, so a
 * client that spaces its calls evenly at the limit is never refused while a burst above it is.
 */
final class RateLimiter {
    private static final Map<String, Integer> LIMITS = Map.ofEntries(
            Map.entry("POST /api/users/bulkUpdate", 5),
            Map.entry("POST /api/events/trackBulk", 10),
            Map.entry("POST /api/users/update", 500),
            Map.entry("POST /api/events/track", 2000),
            Map.entry("POST /api/catalogs/{catalogName}/items", 100),
            Map.entry("GET /api/catalogs/{catalogName}/items", 100),
            Map.entry("DELETE /api/users/{email}", 100),
            Map.entry("DELETE /api/users/byUserId/{userId}", 100),
            Map.entry("GET /api/lists", 100),
            Map.entry("GET /api/users/getFields", 3),
            Map.entry("POST /api/users/forget", 3),
            Map.entry("POST /api/users/unforget", 3));
    // endpoints for which Iterable publishes no limit
    static final int DEFAULT_LIMIT = 100;

    private static final class Bucket {
        double tokens;
        long lastRefillNanos;
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    static int limitOf(String endpointKey) {
        return LIMITS.getOrDefault(endpointKey, DEFAULT_LIMIT);
    }

    /** Takes a token; returns 0 when granted, else the nanoseconds until one is available. */
    synchronized long tryAcquire(String endpointKey, long nowNanos) {
        int limit = limitOf(endpointKey);
        Bucket b = buckets.computeIfAbsent(endpointKey, k -> {
            Bucket n = new Bucket();
            n.tokens = limit;
            n.lastRefillNanos = nowNanos;
            return n;
        });
        b.tokens = Math.min(limit, b.tokens + (nowNanos - b.lastRefillNanos) / 1e9 * limit);
        b.lastRefillNanos = nowNanos;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - b.tokens) / limit * 1e9);
    }

    synchronized void reset() {
        buckets.clear();
    }
}
