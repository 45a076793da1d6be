package io.github.cameliterable.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The rule of every rate budget, local or shared: an endpoint's second has {@code limit} places. A call holds one from
 * its permit until {@code min(its answer, permit + }{@link #HOLD_CAP_MICROS D}{@code )}, and then one second more; a
 * permit is granted only while fewer than {@code limit} places are held.
 * <p>
 * Why it holds: Iterable counts a request at some instant between our send (after the permit) and its answer. Take
 * any two requests counted within one second: at the later of their two permits the other one's place is still held
 * (it is held until a second after its count). Places pairwise held together are all held together at one instant
 * (intervals on a line), so {@code limit + 1} requests counted in one second would have needed {@code limit + 1}
 * places. This holds whatever the delay between a permit and the request's arrival, as long as the answer comes within
 * D; a place then serves one call per {@code 1 s + latency}, never fewer than one per {@code 1 s + D}.
 * <p>
 * A place whose call never answers (its JVM died) frees itself at {@code permit + D + 1 s}. Times are microseconds of
 * one clock: the JVM's (local budget) or the shared store's (PostgreSQL's {@code clock_timestamp()}, Redis' TIME), so
 * the clocks of the JVMs never matter; an answer's time is its permit plus the call's duration as the JVM measured it
 * from just before the store's step that granted it (never shorter than the truth). The Redis script (RedisPlaces)
 * writes the same
 * rule in Lua.
 */
final class Places {
    /**
     * D, 2 s: the longest a call's place stays held before its answer is taken as come. It costs nothing while answers
     * come sooner (a place is held for 1 s + the call's own latency); it bounds how late after its permit a request
     * may reach Iterable and still be counted in its place (JVMs on a machine at load 25 were seen sending requests
     * 0.5 to 0.9 s after their permits), how long a dead JVM's places stay taken (3 s), and the rate when every call is
     * slower than D (limit / 3: a call that slow is one whose count Iterable may place anywhere in those seconds).
     */
    static final long HOLD_CAP_MICROS = 2_000_000;
    /** The window Iterable counts in. */
    static final long WINDOW_MICROS = 1_000_000;

    /** One held place: its id, its permit and its answer's time ({@code -1} while the call is in flight). */
    record Place(long id, long permitAt, long answeredAt) {
        /** When the place is free again. */
        long freeAt() {
            long last = permitAt + HOLD_CAP_MICROS;
            return (answeredAt >= 0 ? Math.min(answeredAt, last) : last) + WINDOW_MICROS;
        }

        /** The earliest it can be free, seen at {@code now}: a call in flight may answer now at the soonest. */
        long earliestFreeAt(long now) {
            long last = permitAt + HOLD_CAP_MICROS;
            return (answeredAt >= 0 ? Math.min(answeredAt, last) : Math.min(Math.max(now, permitAt), last))
                    + WINDOW_MICROS;
        }
    }

    private final List<Place> held;

    Places(List<Place> held) {
        this.held = new ArrayList<>(held);
    }

    Places() {
        this(List.of());
    }

    List<Place> held() {
        return List.copyOf(held);
    }

    /**
     * Takes a place at {@code now} under the id given: {@code -1} when granted, else the microseconds to wait before
     * trying again (the earliest a place can be free; it may not be, then the answer is another wait).
     */
    long take(long id, int limit, long now) {
        expire(now);
        if (held.size() < Math.max(1, limit)) {
            held.add(new Place(id, now, -1));
            return -1;
        }
        return Math.max(1, nextFree(now) - now);
    }

    /** Records the answer of the call holding {@code id}: {@code tookMicros} after its permit. */
    void release(long id, long tookMicros) {
        for (int i = 0; i < held.size(); i++) {
            Place p = held.get(i);
            if (p.id() == id && p.answeredAt() < 0) {
                held.set(i, new Place(id, p.permitAt(), p.permitAt() + Math.max(0, tookMicros)));
            }
        }
    }

    /** Drops the places free at {@code now}; the number still held. */
    int expire(long now) {
        for (Iterator<Place> it = held.iterator(); it.hasNext();) {
            if (it.next().freeAt() <= now) {
                it.remove();
            }
        }
        return held.size();
    }

    /** The earliest instant a held place can be free, {@code now} when none is held. */
    long nextFree(long now) {
        long next = Long.MAX_VALUE;
        for (Place p : held) {
            next = Math.min(next, p.earliestFreeAt(now));
        }
        return next == Long.MAX_VALUE ? now : next;
    }

    /** {@code id:permit:answered,...}: how PostgreSQL keeps them. */
    String encode() {
        StringBuilder out = new StringBuilder();
        for (Place p : held) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(p.id()).append(':').append(p.permitAt()).append(':').append(p.answeredAt());
        }
        return out.toString();
    }

    static Places decode(String text) {
        List<Place> places = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String place : text.split(",")) {
                String[] f = place.split(":");
                places.add(new Place(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return new Places(places);
    }
}
