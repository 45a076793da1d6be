package io.github.cameliterable.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule of every budget, on a clock moved by hand (microseconds): whatever the delay between a permit and the
 * instant Iterable counts the request (anywhere up to its answer, within D), no one-second window sees more than the
 * limit; a place is held one second past its answer, and a place whose call never answers frees at permit + D + 1 s.
 */
class PlacesTest {
    private static final long SECOND = 1_000_000;

    @Test
    void aFastAnswerFreesItsPlaceASecondLater() {
        Places places = new Places();
        for (int i = 0; i < 5; i++) {
            assertEquals(-1, places.take(i, 5, 0));
        }
        assertEquals(SECOND, places.take(9, 5, 0), "full: the earliest a call in flight can free its place");
        places.release(0, 20_000);
        assertEquals(20_000, places.take(9, 5, SECOND), "answered at 20 ms: free at 1.02 s");
        assertEquals(-1, places.take(9, 5, SECOND + 20_000));
    }

    @Test
    void aPlaceWhoseCallNeverAnswersFreesAtPermitPlusDAndASecond() {
        Places places = new Places();
        assertEquals(-1, places.take(1, 1, 0));
        assertTrue(places.take(2, 1, Places.HOLD_CAP_MICROS + SECOND - 1) > 0, "still held just before");
        assertEquals(-1, places.take(2, 1, Places.HOLD_CAP_MICROS + SECOND));
    }

    @Test
    void theStoredFormReadsBackTheSame() {
        Places places = new Places();
        places.take(7, 5, 1_733_000_000_000_000L);
        places.take(8, 5, 1_733_000_000_100_000L);
        places.release(7, 35_000);
        assertEquals(places.held(), Places.decode(places.encode()).held());
        assertEquals(List.of(), Places.decode("").held());
    }

    /**
     * A late request (the case that made 429s with permits spaced 1/limit apart): five calls at once, one of them
     * reaches Iterable 400 ms after its permit; the next permits come as soon as the budget allows. Spaced permits
     * put six requests into the second from the late arrival; places do not.
     */
    @Test
    void aRequestArrivingLateCannotCrowdAWindow() {
        Places places = new Places();
        List<Long> counted = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 5; i++) {
            places.take(i, 5, now);
            long delay = i == 4 ? 400_000 : 2_000;
            counted.add(now + delay);
            places.release(i, delay + 1_000);
        }
        for (int i = 5; i < 30; i++) {
            long wait;
            while ((wait = places.take(i, 5, now)) >= 0) {
                now += wait;
            }
            counted.add(now + 2_000);
            places.release(i, 3_000);
        }
        assertAtMost(5, counted);
    }

    /**
     * Twenty callers in a closed loop, random delays from permit to answer (up to D), Iterable counting each request
     * anywhere in between: no window over the limit, and the rate at least limit / (1 + D).
     */
    @Test
    void noWindowHoldsMoreThanTheLimitWhateverTheDelays() {
        Random random = new Random(16);
        for (int limit : new int[]{1, 5, 10}) {
            Places places = new Places();
            List<Long> counted = new ArrayList<>();
            // each caller's next wish to send: a queue of instants
            PriorityQueue<long[]> callers = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            for (int c = 0; c < 20; c++) {
                callers.add(new long[]{random.nextInt(1_000_000), c});
            }
            PriorityQueue<long[]> answers = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            long id = 0;
            long end = 60 * SECOND;
            while (!callers.isEmpty() && callers.peek()[0] < end) {
                long[] caller = callers.poll();
                long now = caller[0];
                while (!answers.isEmpty() && answers.peek()[0] <= now) {
                    long[] a = answers.poll();
                    places.release(a[1], a[2]);
                }
                long wait = places.take(++id, limit, now);
                if (wait >= 0) {
                    callers.add(new long[]{now + Math.min(wait, 1_000), caller[1]});
                    continue;
                }
                long took = 1 + (long) (random.nextDouble() * Places.HOLD_CAP_MICROS);
                counted.add(now + (long) (random.nextDouble() * took));
                answers.add(new long[]{now + took, id, took});
                callers.add(new long[]{now + took + random.nextInt(5_000), caller[1]});
            }
            assertAtMost(limit, counted);
            double rate = counted.size() / 60.0;
            assertTrue(rate >= limit / (1 + Places.HOLD_CAP_MICROS / (double) SECOND) * 0.97,
                    "limit " + limit + ": " + rate + " a second");
        }
    }

    private static void assertAtMost(int limit, List<Long> counted) {
        List<Long> sorted = new ArrayList<>(counted);
        Collections.sort(sorted);
        for (int i = 0; i + limit < sorted.size(); i++) {
            assertTrue(sorted.get(i + limit) - sorted.get(i) >= SECOND, (limit + 1) + " requests within a second from "
                    + sorted.get(i) + ": " + sorted.subList(i, i + limit + 1));
        }
    }
}
