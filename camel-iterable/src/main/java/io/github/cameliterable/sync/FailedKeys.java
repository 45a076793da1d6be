package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.StateStore;

/**
 * The keys of a model's rows that failed as they were mapped (a bad value, a bad field name): the rows are still in
 * the model, so their keys are marked seen in the run, their state kept as it was, and a snapshot does not take them
 * for records that left it (a value turned NaN deleted its user, cleared its fields or took it off its list). Marked
 * after each chunk, so that at most a chunk or two of them wait in memory.
 */
final class FailedKeys {
    /** A hash no record has: a failed row's class is not used, only its key's mark in the run. */
    private static final String NO_HASH = "0".repeat(32);

    private final Queue<String> keys = new ConcurrentLinkedQueue<>();

    /** A row that failed, keyed as the state keys it; nothing when it has no key (keyed by its content). */
    void add(String key) {
        if (key != null) {
            keys.add(key);
        }
    }

    /** Marks the keys failed so far as seen in {@code staged} (on the loop's thread, as any classification). */
    void markSeen(StateStore.Run staged) {
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (String key; (key = keys.poll()) != null;) {
            fingerprints.add(new Fingerprint(key, NO_HASH, null));
        }
        if (!fingerprints.isEmpty()) {
            staged.classify(fingerprints);
        }
    }
}
