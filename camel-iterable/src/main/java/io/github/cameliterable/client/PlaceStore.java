package io.github.cameliterable.client;

/**
 * Where {@link SharedRateLimits} keeps the places ({@link Places}) of each API key fingerprint, endpoint and limit, on
 * the store's own clock: {@link PostgresPlaces} or {@link RedisPlaces}. Each method is one atomic step in the store.
 */
interface PlaceStore extends AutoCloseable {

    /**
     * Takes a place under {@code id}: {@link Taken#waitMicros()} {@code -1} when granted, else the microseconds to wait
     * before asking again.
     */
    Taken take(String key, long id, int limit);

    /**
     * A take's answer, and the JVM's {@link System#nanoTime()} just before the store's step began (connection in hand),
     * never after the store read its clock: the call's duration is measured from there, so waiting for a pooled
     * connection does not lengthen the place's hold.
     */
    record Taken(long waitMicros, long startedNanos) {
    }

    /** Records the answer of the call that holds {@code id}, {@code tookMicros} after its permit. */
    void release(String key, long id, long tookMicros);

    /** The places held now and the microseconds until the earliest can be free, for the console. */
    long[] peek(String key);

    /** Where the places are, without credentials. */
    String describe();

    @Override
    void close();
}
