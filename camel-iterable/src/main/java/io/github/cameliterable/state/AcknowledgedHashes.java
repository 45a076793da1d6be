package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The acknowledged hashes of a chunk's distinct keys as a {@link JdbcRun} reads them, by the keys' index in the list
 * it asked for (no map a chunk: the run classifies by index): from the database, or from the state read at once
 * ({@link StateReadAtOnce}), where each key found also has its place in that read, so that the run marks it seen by a
 * bit of the heap ({@link LocalRunKeys#markUnseen}) instead of writing it to disk.
 */
final class AcknowledgedHashes {
    /** The place of a key not read at once. */
    static final int NO_PLACE = -1;

    private final List<String> keys;
    private final String[] hashes;
    private final int[] places;
    private boolean holdsAny;

    private AcknowledgedHashes(List<String> keys, int[] places) {
        this.keys = keys;
        this.hashes = new String[keys.size()];
        this.places = places;
    }

    /** None of {@code keys} is held (an empty state). */
    static AcknowledgedHashes none(List<String> keys) {
        return new AcknowledgedHashes(keys, null);
    }

    /** The hashes of {@code keys} read from the database, by key: no key has a place. */
    static AcknowledgedHashes read(List<String> keys, Map<String, String> byKey) {
        AcknowledgedHashes read = new AcknowledgedHashes(keys, null);
        if (!byKey.isEmpty()) {
            for (int i = 0; i < keys.size(); i++) {
                read.hashes[i] = byKey.get(keys.get(i));
                read.holdsAny |= read.hashes[i] != null;
            }
        }
        return read;
    }

    /** Hashes of the state read at once, {@link #put} by index. */
    static AcknowledgedHashes placed(List<String> keys) {
        int[] places = new int[keys.size()];
        Arrays.fill(places, NO_PLACE);
        return new AcknowledgedHashes(keys, places);
    }

    /** Puts the {@code i}th key's {@link #value} as the state read at once keeps it. */
    void put(int i, byte[] value) {
        hashes[i] = new String(value, 0, value.length - 4, StandardCharsets.UTF_8);
        places[i] = placeOf(value);
        holdsAny = true;
    }

    /** The keys asked for, distinct. */
    List<String> keys() {
        return keys;
    }

    /** The {@code i}th key's acknowledged hash, or null when the state does not hold it. */
    String hash(int i) {
        return hashes[i];
    }

    /** Whether the state holds any of the keys. */
    boolean holdsAny() {
        return holdsAny;
    }

    /** Whether the keys found have their places in the state read at once. */
    boolean placed() {
        return places != null;
    }

    /** The {@code i}th key's place in the state read at once, or {@link #NO_PLACE}. */
    int place(int i) {
        return places == null ? NO_PLACE : places[i];
    }

    /** A key's value in the state read at once: its hash's bytes, then its place's 4. */
    static byte[] value(byte[] bytes, int place) {
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
}
