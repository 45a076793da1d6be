package io.github.cameliterable.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local budget on a clock and a timer moved by hand: limit places at once, the next caller woken when a place
 * frees (a second after its answer), callers served in turn, keys and endpoints apart, overrides, disabled limits.
 */
class RateLimitsTest {
    private long now = 5_000_000;
    private final List<long[]> timerAt = new ArrayList<>();
    private final List<Runnable> timerTasks = new ArrayList<>();
    private final RateLimits limits = new RateLimits(() -> now, (micros, task) -> {
        timerAt.add(new long[]{now + micros});
        timerTasks.add(task);
    });

    /** Moves the clock to {@code at}, running the timer's tasks due by then. */
    private void advanceTo(long at) {
        now = at;
        for (int i = 0; i < timerTasks.size(); i++) {
            if (timerAt.get(i)[0] <= now) {
                Runnable task = timerTasks.remove(i);
                timerAt.remove(i);
                task.run();
                i = -1;
            }
        }
    }

    private List<CompletableFuture<RateBudget.Permit>> acquire(String key, ApiEndpoint endpoint, int count) {
        List<CompletableFuture<RateBudget.Permit>> permits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            permits.add(limits.acquire(key, endpoint));
        }
        return permits;
    }

    @Test
    void limitPlacesAtOnceAndTheNextCallerWhenOneFrees() {
        List<CompletableFuture<RateBudget.Permit>> permits = acquire("key", ApiEndpoint.USERS_BULK_UPDATE, 7);
        for (int i = 0; i < 5; i++) {
            assertTrue(permits.get(i).isDone(), "place " + i);
        }
        assertFalse(permits.get(5).isDone());
        long start = now;
        advanceTo(start + 30_000);
        permits.get(0).join().release();
        permits.get(1).join().release();
        assertTrue(limits.describe().get("USERS_BULK_UPDATE").startsWith("5/s, 5 of 5 places held, 2 waiting"),
                limits.describe().toString());
        advanceTo(start + 1_000_000);
        assertFalse(permits.get(5).isDone(), "answered at 30 ms: free at 1.03 s, not before");
        advanceTo(start + 1_030_000);
        assertTrue(permits.get(5).isDone(), "woken when the place freed");
        assertTrue(permits.get(6).isDone(), "the second answered place freed at the same time");
    }

    @Test
    void callersAreServedInTurn() {
        limits.override(ApiEndpoint.USERS_FORGET, 1);
        List<CompletableFuture<RateBudget.Permit>> permits = acquire("key", ApiEndpoint.USERS_FORGET, 3);
        assertEquals(List.of(true, false, false), permits.stream().map(CompletableFuture::isDone).toList());
        permits.get(0).join().release();
        advanceTo(now + 1_000_000);
        assertEquals(List.of(true, true, false), permits.stream().map(CompletableFuture::isDone).toList());
        permits.get(1).join().release();
        advanceTo(now + 1_000_000);
        assertTrue(permits.get(2).isDone());
    }

    @Test
    void aCallThatNeverAnswersHoldsItsPlaceForDAndASecond() {
        limits.override(ApiEndpoint.USERS_BULK_UPDATE, 1);
        long start = now;
        assertTrue(limits.acquire("key", ApiEndpoint.USERS_BULK_UPDATE).isDone());
        CompletableFuture<RateBudget.Permit> next = limits.acquire("key", ApiEndpoint.USERS_BULK_UPDATE);
        advanceTo(start + Places.HOLD_CAP_MICROS + 999_999);
        assertFalse(next.isDone());
        advanceTo(start + Places.HOLD_CAP_MICROS + 1_000_000);
        assertTrue(next.isDone());
    }

    @Test
    void anEndpointIsBusyWhileEveryPlaceIsHeldOrCallersWait() {
        // what a lingering request asks before it is cut: busy, it goes on filling instead
        limits.override(ApiEndpoint.USERS_BULK_UPDATE, 2);
        assertFalse(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "no call yet");
        long start = now;
        RateBudget.Permit first = limits.acquire("key", ApiEndpoint.USERS_BULK_UPDATE).join();
        assertFalse(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "one place of two held");
        RateBudget.Permit second = limits.acquire("key", ApiEndpoint.USERS_BULK_UPDATE).join();
        assertTrue(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "both held");
        assertFalse(limits.busy("key", ApiEndpoint.EVENTS_TRACK_BULK), "another endpoint's places are its own");
        assertFalse(limits.busy("other-key", ApiEndpoint.USERS_BULK_UPDATE), "another key's too");
        advanceTo(start + 100_000);
        first.release();
        second.release();
        assertTrue(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "a place is held a second after the answer");
        advanceTo(start + 1_100_000);
        assertFalse(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "both free again");
        limits.setEnabled(false);
        assertFalse(limits.busy("key", ApiEndpoint.USERS_BULK_UPDATE), "no limits, never busy");
    }

    @Test
    void keysAndEndpointsHaveBudgetsOfTheirOwn() {
        limits.override(ApiEndpoint.USERS_BULK_UPDATE, 1);
        assertTrue(limits.acquire("key-a", ApiEndpoint.USERS_BULK_UPDATE).isDone());
        assertTrue(limits.acquire("key-b", ApiEndpoint.USERS_BULK_UPDATE).isDone());
        assertTrue(limits.acquire("key-a", ApiEndpoint.EVENTS_TRACK_BULK).isDone());
        assertFalse(limits.acquire("key-a", ApiEndpoint.USERS_BULK_UPDATE).isDone());
    }

    @Test
    void anOverrideReplacesThePublishedLimitForEveryKey() {
        assertEquals(5, limits.limitOf(ApiEndpoint.USERS_BULK_UPDATE));
        acquire("key-a", ApiEndpoint.USERS_BULK_UPDATE, 5);
        limits.override(ApiEndpoint.USERS_BULK_UPDATE, 2);
        assertEquals(2, limits.limitOf(ApiEndpoint.USERS_BULK_UPDATE));
        for (String key : new String[]{"key-a", "key-b"}) {
            List<CompletableFuture<RateBudget.Permit>> permits = acquire(key, ApiEndpoint.USERS_BULK_UPDATE, 3);
            assertTrue(permits.get(0).isDone() && permits.get(1).isDone(), key + " starts a new budget");
            assertFalse(permits.get(2).isDone(), key + ": 2 a second");
        }
        assertTrue(limits.describe().get("USERS_BULK_UPDATE").startsWith("2/s, 2 of 2 places held"),
                limits.describe().toString());
    }

    @Test
    void disabledLimitsNeverWait() {
        limits.setEnabled(false);
        for (int i = 0; i < 20; i++) {
            assertSame(RateBudget.Permit.NONE, limits.acquire("key", ApiEndpoint.USERS_FORGET).join());
        }
    }
}
