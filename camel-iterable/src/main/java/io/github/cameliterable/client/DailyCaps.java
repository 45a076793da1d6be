package io.github.cameliterable.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Iterable's daily caps (forget and unforget: 1,000 calls per 24 hours), counted per API key and endpoint over a
 * sliding 24 hours in this JVM. A caller that gets no permit defers the work to a later run.
 */
public final class DailyCaps {
    private static final Duration WINDOW = Duration.ofHours(24);
    private final Map<String, Deque<Instant>> taken = new ConcurrentHashMap<>();
    private final Clock clock;

    public DailyCaps() {
        this(Clock.systemUTC());
    }

    /** With the clock that dates each call (tests move it by hand). */
    public DailyCaps(Clock clock) {
        this.clock = clock;
    }

    /** Takes one call of today's allowance; false when the cap is reached. */
    public boolean tryTake(String apiKeyFingerprint, ApiEndpoint endpoint, int cap) {
        Deque<Instant> calls = taken.computeIfAbsent(apiKeyFingerprint + "/" + endpoint.name(), k -> new ArrayDeque<>());
        synchronized (calls) {
            Instant now = clock.instant();
            while (!calls.isEmpty() && calls.peekFirst().isBefore(now.minus(WINDOW))) {
                calls.removeFirst();
            }
            if (calls.size() >= cap) {
                return false;
            }
            calls.addLast(now);
            return true;
        }
    }

    /** Returns a call taken for work that was not done after all. */
    public void giveBack(String apiKeyFingerprint, ApiEndpoint endpoint) {
        Deque<Instant> calls = taken.get(apiKeyFingerprint + "/" + endpoint.name());
        if (calls != null) {
            synchronized (calls) {
                calls.pollLast();
            }
        }
    }
}
