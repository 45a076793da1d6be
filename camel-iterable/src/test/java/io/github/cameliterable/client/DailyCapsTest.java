package io.github.cameliterable.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Iterable's daily caps over a sliding 24 hours, on a clock the test moves. */
class DailyCapsTest {

    /** A clock that stands still until the test moves it. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theCapHoldsForTwentyFourHoursFromEachCall() {
        ManualClock clock = new ManualClock();
        DailyCaps caps = new DailyCaps(clock);
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 2));
        clock.advance(Duration.ofHours(12));
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 2));
        assertFalse(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 2));
        assertTrue(caps.tryTake("other-key", ApiEndpoint.USERS_FORGET, 2), "each key has its own allowance");
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_UNFORGET, 2), "and each endpoint");

        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 2), "the first call left the window");
        assertFalse(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 2));
    }

    @Test
    void aCallGivenBackFreesItsPlace() {
        DailyCaps caps = new DailyCaps(new ManualClock());
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 1));
        assertFalse(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 1));
        caps.giveBack("key", ApiEndpoint.USERS_FORGET);
        assertTrue(caps.tryTake("key", ApiEndpoint.USERS_FORGET, 1));
    }
}
