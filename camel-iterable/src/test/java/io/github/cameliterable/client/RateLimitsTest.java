package io.github.cameliterable.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limiters per API key and Iterable endpoint: permits spread over the second, overrides, keys apart. */
class RateLimitsTest {

    /**
     * The waits of {@code count} reservations made at once; with the nanoseconds they took to make, since a limiter's
     * permit i comes i periods after the first reservation, whatever the machine's load.
     */
    private static long[] waits(RateLimits limits, String key, ApiEndpoint endpoint, int count) {
        long[] waits = new long[count + 1];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            waits[i] = limits.reserve(key, endpoint).toNanos();
        }
        waits[count] = System.nanoTime() - start;
        return waits;
    }

    @Test
    void callsMadeAtOnceAreSpreadOverTheSecond() {
        // bulkUpdate: 5 a second, so one permit every 200 ms and the margin (204 ms): no second ever holds six
        long spacing = (long) (200_000_000L * (1 + RateLimits.MARGIN));
        long[] waits = waits(new RateLimits(), "key", ApiEndpoint.USERS_BULK_UPDATE, 6);
        long took = waits[6];
        assertEquals(0, waits[0]);
        for (int i = 1; i < 6; i++) {
            assertTrue(waits[i] + took >= i * spacing, "permit " + i + " waits " + waits[i] + " ns");
            assertTrue(waits[i] <= i * spacing, "permit " + i + " waits " + waits[i] + " ns");
        }
    }

    @Test
    void keysAndEndpointsHaveLimitersOfTheirOwn() {
        RateLimits limits = new RateLimits();
        assertEquals(Duration.ZERO, limits.reserve("key-a", ApiEndpoint.USERS_BULK_UPDATE));
        assertEquals(Duration.ZERO, limits.reserve("key-b", ApiEndpoint.USERS_BULK_UPDATE));
        assertEquals(Duration.ZERO, limits.reserve("key-a", ApiEndpoint.EVENTS_TRACK_BULK));
    }

    @Test
    void anOverrideReplacesThePublishedLimitForEveryKey() {
        RateLimits limits = new RateLimits();
        assertEquals(5, limits.limitOf(ApiEndpoint.USERS_BULK_UPDATE));
        limits.reserve("key-a", ApiEndpoint.USERS_BULK_UPDATE);
        limits.override(ApiEndpoint.USERS_BULK_UPDATE, 1);
        assertEquals(1, limits.limitOf(ApiEndpoint.USERS_BULK_UPDATE));
        for (String key : new String[] { "key-a", "key-b" }) {
            long[] waits = waits(limits, key, ApiEndpoint.USERS_BULK_UPDATE, 2);
            assertEquals(0, waits[0], key + " starts a new limiter");
            assertTrue(waits[1] + waits[2] >= 1_000_000_000L, key + ": 1 a second, but waits " + waits[1] + " ns");
        }
        assertTrue(limits.describe().get("USERS_BULK_UPDATE").startsWith("1/s, next permit in "),
                limits.describe().toString());
    }

    @Test
    void disabledLimitsNeverWait() {
        RateLimits limits = new RateLimits();
        limits.setEnabled(false);
        for (int i = 0; i < 20; i++) {
            assertEquals(Duration.ZERO, limits.reserve("key", ApiEndpoint.USERS_FORGET));
        }
    }
}
