package io.github.cameliterable.client;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client-side rate limits, one per API key and Iterable endpoint, shared by everything that calls Iterable with
 * that key (one instance per CamelContext). Iterable does not publish how it counts, so the permits are spaced so
 * that no one-second window, wherever it starts, sees more than the limit: consecutive permits are at least
 * 1/limit of a second apart, plus a small margin for the jitter between sending a request and Iterable counting it.
 * <p>
 * Why not a library's limiter: resilience4j's (and Guava's) hand out permits per refresh cycle, so a permit taken
 * late in one cycle and the next one early in the following are a moment apart, and a window-counting server sees
 * {@code limit + 1} requests in one second.
 */
public final class RateLimits implements RateBudget {
    /** Spacing added to 1/limit of a second: 2%, what the network's jitter takes, at a 2% cost in throughput. */
    static final double MARGIN = 0.02;

    private final Map<String, Spacing> limiters = new ConcurrentHashMap<>();
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

    @Override
    public Duration reserve(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (!enabled) {
            return Duration.ZERO;
        }
        Spacing limiter = limiters.computeIfAbsent(apiKeyFingerprint + "/" + endpoint.name(),
                name -> new Spacing(spacingNanos(limitOf(endpoint))));
        long nanos = limiter.reserve(System.nanoTime());
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos);
    }

    /** Name, limit and the wait of the next permit of each limiter, for the console. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        long now = System.nanoTime();
        limiters.forEach((name, limiter) -> {
            String endpoint = name.substring(name.indexOf('/') + 1);
            out.put(endpoint, limitOf(ApiEndpoint.valueOf(endpoint)) + "/s, next permit in "
                              + Math.max(0, (limiter.next.get() - now) / 1_000_000) + " ms");
        });
        return out;
    }

    static long spacingNanos(int requestsPerSecond) {
        return (long) (1_000_000_000L / (double) Math.max(1, requestsPerSecond) * (1 + MARGIN));
    }

    /** Permits at least {@code spacingNanos} apart, never two at once (a virtual scheduling clock, lock-free). */
    static final class Spacing {
        private final long spacingNanos;
        final AtomicLong next;

        Spacing(long spacingNanos) {
            this.spacingNanos = spacingNanos;
            // the first permit is free whenever it comes
            this.next = new AtomicLong(Long.MIN_VALUE / 2);
        }

        /** The nanoseconds from {@code now} until the reserved permit. */
        long reserve(long now) {
            while (true) {
                long free = next.get();
                long at = Math.max(now, free);
                if (next.compareAndSet(free, at + spacingNanos)) {
                    return at - now;
                }
            }
        }
    }
}
