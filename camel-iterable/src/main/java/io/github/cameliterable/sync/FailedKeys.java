package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.StateStore;

/**
 * The keys of a model's rows that failed as they were mapped (a bad value, a bad field name): the rows are still in
 * the model, so before a snapshot's removals their keys are marked seen in the run, their state kept as it was, and
 * they are not taken for records that left it (a value turned NaN deleted its user, cleared their fields or took
 * them off their list). Marked after every valid row was classified, so that a valid row of the same key, before or
 * after the failed one, is its record (marked as they came, the read-ahead's failed keys were marked before the
 * valid rows of the chunk they belonged to, which then counted as duplicates and were not sent). At most
 * {@link #MAX} keys are kept; a run with more failed rows removes nothing.
 */
final class FailedKeys {
    /** The most failed keys a run keeps (about 100 bytes each): past it, its snapshot removes nothing. */
    static final int MAX = 100_000;
    /** A hash no record has: a failed row's class is not used, only its key's mark in the run. */
    private static final String NO_HASH = "0".repeat(32);

    private final Queue<String> keys = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A row that failed, keyed as the state keys it; nothing when it has no key (keyed by its content, empty). */
    void add(String key) {
        if (key != null && count.incrementAndGet() <= MAX) {
            keys.add(key);
        }
    }

    /**
     * Marks the failed rows' keys seen in {@code staged}, a chunk at a time (on the loop's thread, as any
     * classification); false, with nothing marked, when more rows failed than the run keeps keys of.
     */
    boolean markSeen(StateStore.Run staged, int chunk) {
        if (count.get() > MAX) {
            keys.clear();
            return false;
        }
        List<Fingerprint> fingerprints = new ArrayList<>(chunk);
        for (String key; (key = keys.poll()) != null;) {
            fingerprints.add(new Fingerprint(key, NO_HASH, null));
            if (fingerprints.size() == chunk || keys.isEmpty()) {
                staged.classify(fingerprints);
                fingerprints = new ArrayList<>(chunk);
            }
        }
        return true;
    }

    /** How many rows with a key failed as they were mapped (kept or not). */
    int count() {
        return count.get();
    }
}
