package io.github.cameliterable.state;

import java.util.Arrays;

import org.rocksdb.RocksIterator;

/**
 * A cursor over the keys of a column family of {@link LocalRunKeys}, asked whether it holds keys that mostly come in
 * its order: steps forward to a key that follows the last one asked, seeks to any other (a step costs less than a
 * look-up).
 */
final class KeyCursor {
    private static final int MAX_STEPS = 8;
    private final RocksIterator it;
    private byte[] last;
    /** The key the iterator is at; null past the end. */
    private byte[] at;

    KeyCursor(RocksIterator it) {
        this.it = it;
    }

    boolean holds(byte[] key) {
        if (last != null && Arrays.compareUnsigned(last, key) < 0) {
            for (int i = 0; i < MAX_STEPS && at != null && Arrays.compareUnsigned(at, key) < 0; i++) {
                it.next();
                at = it.isValid() ? it.key() : null;
            }
            if (at != null && Arrays.compareUnsigned(at, key) < 0) {
                seek(key);
            }
        } else {
            seek(key);
        }
        last = key;
        return at != null && Arrays.equals(at, key);
    }

    private void seek(byte[] key) {
        it.seek(key);
        at = it.isValid() ? it.key() : null;
    }
}
