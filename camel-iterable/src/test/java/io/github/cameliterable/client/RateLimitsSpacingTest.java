package io.github.cameliterable.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The client's permits leave no one-second window, wherever it starts, with more requests than Iterable's limit. */
class RateLimitsSpacingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noWindowHoldsMoreThanTheLimitWheneverTheCallsCome() {
        int limit = ApiEndpoint.USERS_BULK_UPDATE.requestsPerSecond();
        RateLimits.Spacing spacing = new RateLimits.Spacing(RateLimits.spacingNanos(limit));
        List<Long> sent = new ArrayList<>();
        // idle, then one call late in a second, then a burst of twelve callers at once, then a pause and more
        long now = 5 * SECOND + 990_000_000L;
        sent.add(now + spacing.reserve(now));
        now += 2_000_000L;
        for (int i = 0; i < 12; i++) {
            sent.add(now + spacing.reserve(now));
        }
        now = sent.get(sent.size() - 1) + 700_000_000L;
        for (int i = 0; i < 6; i++) {
            sent.add(now + spacing.reserve(now));
        }
        for (long start : sent) {
            long inWindow = sent.stream().filter(t -> t >= start && t < start + SECOND).count();
            assertTrue(inWindow <= limit, inWindow + " requests in the second from " + start + ": " + sent);
        }
        assertEquals(now, sent.get(13), "after a pause a call goes at once");
    }

    @Test
    void theMarginCostsTwoPercentOfTheRate() {
        long spacing = RateLimits.spacingNanos(5);
        assertEquals(SECOND / 5 * 1.02, spacing, 1.0);
        assertTrue(SECOND / (double) spacing >= 0.98 * 5);
    }
}
