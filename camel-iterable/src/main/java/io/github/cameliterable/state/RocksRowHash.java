package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Which {@link RowHash.Function} an embedded store's hashes are made with, kept in the database's default column
 * family: XXH3-128 for a database made from 2026-12-04 on, which says so as it is made; SHA-256 for every other (made
 * by an earlier version, or migrated from its H2 files), which says nothing. A state is never read with another
 * function than its own: every record of it would look changed, and a record keyed by its content new.
 */
final class RocksRowHash {
    private static final byte[] KEY = "row-hash".getBytes(StandardCharsets.UTF_8);
    private static final byte[] XXH3_128 = "xxh3-128".getBytes(StandardCharsets.UTF_8);

    private RocksRowHash() {
    }

    /** The store's function; a database {@code made} by this open is marked for XXH3-128 first. */
    static RowHash.Function of(RocksStateStore store, boolean made) {
        if (made) {
            store.put(store.defaultFamily, KEY, XXH3_128);
        }
        byte[] marked = store.get(store.defaultFamily, KEY);
        return Arrays.equals(marked, XXH3_128) ? RowHash.Function.XXH3_128 : RowHash.Function.SHA_256;
    }
}
