package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of an embedded store that began on a sync whose state held no key, and so take every key they have not
 * seen for NEW without looking it up, until a key reaches the sync's state other than through the run itself: a
 * stream's acknowledgement, or another run's (an earlier exchange's answers, the real run beside a dry run). From then
 * on such a run looks its keys up as every other run does. A run's own acknowledgements are of keys it has seen, which
 * it finds among its own keys first, so they change nothing.
 * <p>
 * One process only can open the store, so every write to a sync's state goes through {@link #written}: nothing is
 * missed, unlike the JDBC store's first runs (docs/state.md). A run is registered before it looks at the state, and a
 * write tells the runs after it is stored: a key stored before a run looked is seen by its look, one stored after is
 * told to the run.
 */
final class FirstRuns {
    private final Map<String, List<RocksRun>> bySync = new HashMap<>();

    /** Registers a run that is about to look whether its sync's state is empty. */
    synchronized void begin(RocksRun run) {
        bySync.computeIfAbsent(run.syncId, id -> new ArrayList<>(1)).add(run);
    }

    /** The run no longer takes the state for empty (it found keys, was told of a write, or finished). */
    synchronized void end(RocksRun run) {
        List<RocksRun> runs = bySync.get(run.syncId);
        if (runs != null && runs.removeIf(r -> r == run) && runs.isEmpty()) {
            bySync.remove(run.syncId);
        }
    }

    /** Keys were stored in {@code syncId}'s state through {@code writer} (null: outside any run). */
    void written(String syncId, RocksRun writer) {
        List<RocksRun> told;
        synchronized (this) {
            List<RocksRun> runs = bySync.get(syncId);
            if (runs == null) {
                return;
            }
            told = new ArrayList<>(runs.size());
            for (RocksRun run : runs) {
                if (run != writer) {
                    told.add(run);
                }
            }
        }
        told.forEach(RocksRun::stateWritten);
    }
}
