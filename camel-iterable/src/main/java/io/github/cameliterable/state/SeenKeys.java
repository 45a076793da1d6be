package io.github.cameliterable.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a run has seen, as a Bloom filter in memory: a key it never saw is known without asking RocksDB, so only
 * the few a filter answers "maybe" for are looked up among the run's seen keys (one native look-up a record fewer:
 * about a sixth of an unchanged rerun). It grows with the model, a filter four times the size of the last at a time
 * (from 16,384 keys to at most 4 million a filter: 20 KB for a small model, 1.7 MB for a million keys, 17 MB for ten
 * million), each a blocked filter of 10 bits a key: a key's bits share one 64-bit word, so asking a filter costs at
 * most one cache miss, for about 2% false positives (which are looked up as before). Hand-written rather than taken
 * from Guava, whose BloomFilter would be the component's only use of a 3 MB dependency.
 */
final class SeenKeys {
    private static final int FIRST_CAPACITY = 1 << 14;
    private static final int MAX_CAPACITY = 1 << 22;
    /** Bits per key; each key sets {@link #HASHES} bits of one 64-bit word (one cache miss a filter). */
    private static final int BITS_PER_KEY = 10;
    private static final int HASHES = 6;

    private final List<long[]> filters = new ArrayList<>();
    private long[] current;
    private int capacity;
    private int held;

    /** Whether the key of this {@link #hash} may have been added: false means it certainly was not. */
    synchronized boolean mayContain(long h) {
        long mask = mask(h);
        for (long[] words : filters) {
            if ((words[word(h, words)] & mask) == mask) {
                return true;
            }
        }
        return false;
    }

    /** Adds the key of this {@link #hash}. */
    synchronized void add(long h) {
        if (current == null || held == capacity) {
            capacity = current == null ? FIRST_CAPACITY : Math.min(capacity * 4, MAX_CAPACITY);
            current = new long[capacity / 64 * BITS_PER_KEY];
            filters.add(current);
            held = 0;
        }
        current[word(h, current)] |= mask(h);
        held++;
    }

    /** The word a key's bits are in: the hash's high half, scaled to the filter's size. */
    private static int word(long h, long[] words) {
        return (int) (((h >>> 32) * words.length) >>> 32);
    }

    /** The key's bits within its word: six positions of six bits each from the hash's low half. */
    private static long mask(long h) {
        long mask = 0;
        for (int i = 0; i < HASHES; i++) {
            mask |= 1L << ((h >>> (6 * i)) & 63);
        }
        return mask;
    }

    /**
     * A key's hash, as {@link #mayContain} and {@link #add} take it (a run asks, then adds, each key once: hashed
     * once). Kept in memory only, never stored, so it may change from version to version.
     */
    static long hash(byte[] key) {
        return hash(key, 0, key.length);
    }

    /**
     * The {@link #hash} of the key in {@code bytes} from {@code from}, {@code length} bytes long: xxHash64's rounds
     * for inputs shorter than 32 bytes, applied to keys of any length, eight bytes a step (FNV-1a a byte at a time was
     * 6% of the run loop's work), then its avalanche, so that every bit depends on every byte.
     */
    static long hash(byte[] bytes, int from, int length) {
        int end = from + length;
        int i = from;
        long h = P5 + length;
        for (; i + 8 <= end; i += 8) {
            long k = Long.rotateLeft((long) LONGS.get(bytes, i) * P2, 31) * P1;
            h = Long.rotateLeft(h ^ k, 27) * P1 + P4;
        }
        if (i + 4 <= end) {
            h = Long.rotateLeft(h ^ (((int) INTS.get(bytes, i) & 0xffffffffL) * P1), 23) * P2 + P3;
            i += 4;
        }
        for (; i < end; i++) {
            h = Long.rotateLeft(h ^ ((bytes[i] & 0xff) * P5), 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
}
