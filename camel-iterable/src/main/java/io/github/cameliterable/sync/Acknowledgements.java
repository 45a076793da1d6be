package io.github.cameliterable.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.state.Fingerprint;
import io.github.cameliterable.state.StateStore;

/**
 * What Iterable acknowledged, queued by the HTTP client's threads and taken by the run loop to be written to the
 * state store, so that no database call ever blocks an answer; and the runs whose every record has an outcome, which
 * complete only once what they acknowledged is written.
 */
final class Acknowledgements {
    private final Queue<Fingerprint> records = new ConcurrentLinkedQueue<>();
    private final Queue<String> removals = new ConcurrentLinkedQueue<>();
    private final Queue<SyncRun> ended = new ConcurrentLinkedQueue<>();
    /** Records and removals queued and not yet taken. */
    private final AtomicLong queued = new AtomicLong();

    void record(Fingerprint fingerprint) {
        records.add(fingerprint);
        queued.incrementAndGet();
    }

    void removal(String primaryKey) {
        removals.add(primaryKey);
        queued.incrementAndGet();
    }

    /** How many records and removals wait to be taken. */
    long queued() {
        return queued.get();
    }

    /** A run with every outcome in: its acknowledgements were queued before this call. */
    void ended(SyncRun run) {
        ended.add(run);
    }

    /** The runs that may complete, and the state store's failure to write their acknowledgements, or null. */
    record Drained(List<SyncRun> runs, RuntimeException failure) {
    }

    /** What was queued, taken to be written: the runs that ended, and the acknowledgements they queued before. */
    record Taken(List<SyncRun> runs, List<Fingerprint> records, List<String> removed) {
        boolean isEmpty() {
            return runs.isEmpty() && records.isEmpty() && removed.isEmpty();
        }

        boolean writesNothing() {
            return records.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * Takes what is queued. The runs are taken first: each queued its acknowledgements before it was queued, so they
     * are all in what is taken with it.
     */
    Taken take() {
        List<SyncRun> runs = take(ended);
        Taken taken = new Taken(runs, take(records), take(removals));
        queued.addAndGet(-(taken.records().size() + taken.removed().size()));
        return taken;
    }

    /** Writes what was taken (when there is a store) and returns the runs that may now complete. */
    static Drained write(Taken taken, StateStore store, String syncId) {
        try {
            if (store != null) {
                store.acknowledge(syncId, taken.records());
                store.forget(syncId, taken.removed());
            }
            return new Drained(taken.runs(), null);
        } catch (RuntimeException e) {
            return new Drained(taken.runs(), e);
        } catch (Error e) {
            // an OutOfMemoryError while storing: the runs complete with it (their exchanges waited for ever before)
            return new Drained(taken.runs(), new IllegalStateException("The run stopped on an error of the JVM while"
                    + " storing what Iterable acknowledged: " + e, e));
        }
    }

    private static <T> List<T> take(Queue<T> queue) {
        List<T> taken = new ArrayList<>();
        for (T t; (t = queue.poll()) != null;) {
            taken.add(t);
        }
        return taken;
    }
}
