package io.github.cameliterable.client;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Client-side rate limiters, one per API key and Iterable endpoint, shared by everything that calls Iterable with
 * that key (one instance per CamelContext). Permits are spread evenly across the second so that no one-second
 * window on Iterable's side ever sees more than the limit.
 */
public final class RateLimits {
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<ApiEndpoint, Integer> overrides = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;

    /** Replaces Iterable's published limit for one endpoint (requests per second). */
    public void override(ApiEndpoint endpoint, int requestsPerSecond) {
        overrides.put(endpoint, requestsPerSecond);
        limiters.keySet().removeIf(key -> key.endsWith("/" + endpoint.name()));
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int limitOf(ApiEndpoint endpoint) {
        return overrides.getOrDefault(endpoint, endpoint.requestsPerSecond());
    }

    /** Reserves a permit; the answer is how long to wait before sending, zero when the call may go now. */
    public Duration reserve(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (!enabled) {
            return Duration.ZERO;
        }
        RateLimiter limiter = limiters.computeIfAbsent(apiKeyFingerprint + "/" + endpoint.name(),
                name -> RateLimiter.of(name, configFor(endpoint)));
        long nanos = limiter.reservePermission();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos);
    }

    /** Name, limit and free permits of each limiter, for the console. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        limiters.forEach((name, limiter) -> out.put(name.substring(name.indexOf('/') + 1),
                limitOf(ApiEndpoint.valueOf(name.substring(name.indexOf('/') + 1))) + "/s, waiting "
                                                                                       + limiter.getMetrics()
                                                                                               .getNumberOfWaitingThreads()));
        return out;
    }

    private RateLimiterConfig configFor(ApiEndpoint endpoint) {
        int perSecond = Math.max(1, limitOf(endpoint));
        long periodNanos = Math.max(1, 1_000_000_000L / perSecond);
        return RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                // a reservation never times out: the sync waits its turn rather than failing
                .timeoutDuration(Duration.ofDays(1))
                .build();
    }
}
