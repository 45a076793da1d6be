package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;

/**
 * Which {@link RowHash.Function} an embedded store's hashes are made with, kept in the database's default column
 * family: the newest function for a database this version makes, which says so as it is made (XXH3-128 over the
 * canonical text for one the version before made, on 2026-12-04); SHA-256 for every other (made by an earlier version,
 * or migrated from
 * its H2 files), which says nothing. A state is never read with another
 * function than its own: every record of it would look changed, and a record keyed by its content new.
 */
final class RocksRowHash {
    private static final byte[] KEY = "row-hash".getBytes(StandardCharsets.UTF_8);

    private RocksRowHash() {
    }

    /** The store's function; a database {@code made} by this open is marked for {@link RowHash.Function#NEWEST} first. */
    static RowHash.Function of(RocksStateStore store, boolean made) {
        if (made) {
            store.put(store.defaultFamily, KEY, RowHash.Function.NEWEST.mark().getBytes(StandardCharsets.UTF_8));
        }
        byte[] marked = store.get(store.defaultFamily, KEY);
        return RowHash.Function.marked(marked == null ? null : new String(marked, StandardCharsets.UTF_8));
    }
}
