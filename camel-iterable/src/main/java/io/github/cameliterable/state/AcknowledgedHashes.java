package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The acknowledged hashes of a chunk's keys as a {@link JdbcRun} reads them: from the database, or from the state read
 * at once ({@link StateReadAtOnce}), where each key found also has its place in that read, so that the run marks it
 * seen by a bit of the heap ({@link LocalRunKeys#markUnseen}) instead of writing it to disk (a tenth of an unchanged
 * rerun on PostgreSQL).
 */
final class AcknowledgedHashes {
    /** The place of a key not read at once. */
    static final int NO_PLACE = -1;

    private final Map<String, String> hashes;
    private final Map<String, Integer> places;

    private AcknowledgedHashes(Map<String, String> hashes, Map<String, Integer> places) {
        this.hashes = hashes;
        this.places = places;
    }

    /** Hashes read from the database: no key has a place. */
    static AcknowledgedHashes read(Map<String, String> hashes) {
        return new AcknowledgedHashes(hashes, null);
    }

    /** Hashes of the state read at once, {@link #put} key by key. */
    static AcknowledgedHashes placed(int expected) {
        return new AcknowledgedHashes(new HashMap<>(expected * 2), new HashMap<>(expected * 2));
    }

    /** Puts a key's {@link #value} as the state read at once keeps it. */
    void put(String key, byte[] value) {
        hashes.put(key, new String(value, 0, value.length - 4, StandardCharsets.UTF_8));
        int place = placeOf(value);
        if (place != NO_PLACE) {
            places.put(key, place);
        }
    }

    /** Whether the keys found have their places in the state read at once. */
    boolean placed() {
        return places != null;
    }

    /** A key's value in the state read at once: its hash's bytes, then its place's 4. */
    static byte[] value(String hash, int place) {
        byte[] bytes = hash.getBytes(StandardCharsets.UTF_8);
        byte[] value = Arrays.copyOf(bytes, bytes.length + 4);
        for (int b = 0; b < 4; b++) {
            value[bytes.length + b] = (byte) (place >>> (24 - 8 * b));
        }
        return value;
    }

    /** The place in a {@link #value}. */
    static int placeOf(byte[] value) {
        int place = 0;
        for (int b = value.length - 4; b < value.length; b++) {
            place = place << 8 | value[b] & 0xff;
        }
        return place;
    }

    /** Key to acknowledged hash, for the keys the state holds. */
    Map<String, String> hashes() {
        return hashes;
    }

    /** The key's place in the state read at once, or {@link #NO_PLACE}. */
    int place(String key) {
        Integer place = places == null ? null : places.get(key);
        return place == null ? NO_PLACE : place;
    }
}
