package io.github.cameliterable.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Client-side rate limits, one budget per API key and Iterable endpoint, shared by everything that calls Iterable with
 * that key (one instance per CamelContext): {@code limit} places a second under the rule of {@link Places}, held in
 * memory; callers wait in turn and are woken when a place frees. The budget across JVMs is {@link SharedRateLimits}.
 * <p>
 * Why not a library's limiter: resilience4j's, Guava's and bucket4j's space permits in time, and a request that
 * reaches Iterable a few hundred ms after its permit (a busy machine, a GC) lands within a second of the next on-time
 * one: a window-counting server sees {@code limit + 1}. Places are held until the answer, so such delays cannot crowd
 * a window.
 */
public final class RateLimits implements RateBudget {

    /** Runs a task after a delay: the JVM's timer, or a test's. */
    interface Timer {
        void after(long micros, Runnable task);
    }

    private static final Timer JVM_TIMER = (micros, task) -> CompletableFuture.delayedExecutor(micros, TimeUnit.MICROSECONDS)
            .execute(task);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<ApiEndpoint, Integer> overrides = new ConcurrentHashMap<>();
    private final LongSupplier micros;
    private final Timer timer;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean enabled = true;

    public RateLimits() {
        this(() -> System.nanoTime() / 1000, JVM_TIMER);
    }

    /** On a given clock (microseconds) and timer: tests move both by hand. */
    RateLimits(LongSupplier micros, Timer timer) {
        this.micros = micros;
        this.timer = timer;
    }

    /** Replaces Iterable's published limit for one endpoint (requests per second). */
    public void override(ApiEndpoint endpoint, int requestsPerSecond) {
        overrides.put(endpoint, requestsPerSecond);
        windows.keySet().removeIf(key -> key.endsWith("/" + endpoint.name()));
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int limitOf(ApiEndpoint endpoint) {
        return overrides.getOrDefault(endpoint, endpoint.requestsPerSecond());
    }

    @Override
    public CompletableFuture<Permit> acquire(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (!enabled) {
            return CompletableFuture.completedFuture(Permit.NONE);
        }
        return windows.computeIfAbsent(windowKey(apiKeyFingerprint, endpoint), name -> new Window(limitOf(endpoint)))
                .acquire();
    }

    @Override
    public boolean busy(String apiKeyFingerprint, ApiEndpoint endpoint) {
        if (!enabled) {
            return false;
        }
        Window window = windows.get(windowKey(apiKeyFingerprint, endpoint));
        return window != null && window.busy();
    }

    private static String windowKey(String apiKeyFingerprint, ApiEndpoint endpoint) {
        return apiKeyFingerprint + "/" + endpoint.name();
    }

    /** Per endpoint: limit, places held, callers waiting and the earliest a place frees, for the console. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        windows.forEach((name, window) -> out.put(name.substring(name.indexOf('/') + 1), window.describe()));
        return out;
    }

    static String describe(int limit, int held, long nextFreeInMicros, int waiting) {
        return limit + "/s, " + held + " of " + limit + " places held, " + waiting + " waiting, next place free in "
                + Math.max(0, nextFreeInMicros / 1000) + " ms";
    }

    /** The places of one key and endpoint, and the callers waiting for one, first come first served. */
    final class Window {
        private final int limit;
        private final Places places = new Places();
        private final Deque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
        private long wakeAt = Long.MAX_VALUE;

        Window(int limit) {
            this.limit = limit;
        }

        CompletableFuture<Permit> acquire() {
            CompletableFuture<Permit> permit = new CompletableFuture<>();
            synchronized (this) {
                waiting.add(permit);
            }
            serve();
            return permit;
        }

        /** Grants the free places to the first waiters, and sets the timer for the next one. */
        void serve() {
            List<Runnable> granted = new ArrayList<>();
            long wait = 0;
            synchronized (this) {
                long now = micros.getAsLong();
                if (wakeAt <= now) {
                    wakeAt = Long.MAX_VALUE;
                }
                while (!waiting.isEmpty()) {
                    long id = ids.incrementAndGet();
                    long w = places.take(id, limit, now);
                    if (w >= 0) {
                        wait = w;
                        break;
                    }
                    CompletableFuture<Permit> next = waiting.poll();
                    Permit permit = new HeldPlace(this, id, now);
                    granted.add(() -> next.complete(permit));
                }
                if (wait > 0 && now + wait < wakeAt) {
                    wakeAt = now + wait;
                } else {
                    wait = 0;
                }
            }
            if (wait > 0) {
                timer.after(wait, this::serve);
            }
            // completed outside the lock: the callers' continuations run here
            granted.forEach(Runnable::run);
        }

        synchronized boolean busy() {
            return !waiting.isEmpty() || places.expire(micros.getAsLong()) >= limit;
        }

        synchronized void release(long id, long tookMicros) {
            places.release(id, tookMicros);
        }

        synchronized String describe() {
            long now = micros.getAsLong();
            int held = places.expire(now);
            return RateLimits.describe(limit, held, places.nextFree(now) - now, waiting.size());
        }

        long now() {
            return micros.getAsLong();
        }
    }

    /** A place of a {@link Window}, released with the time the call took since its permit. */
    private record HeldPlace(Window window, long id, long permitAt) implements Permit {
        @Override
        public void release() {
            window.release(id, window.now() - permitAt);
        }
    }
}
