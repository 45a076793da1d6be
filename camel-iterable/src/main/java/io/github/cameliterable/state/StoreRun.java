package io.github.cameliterable.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run of every store keeps: its sync, whether it is a snapshot, its counts by class, and whether it finished.
 */
abstract class StoreRun implements StateStore.Run {

    final String syncId;
    final String runId;
    final boolean snapshot;
    private final Map<RecordClass, Long> counts = new EnumMap<>(RecordClass.class);
    private boolean finished;

    StoreRun(String syncId, String runId, boolean snapshot) {
        this.syncId = syncId;
        this.runId = runId;
        this.snapshot = snapshot;
        for (RecordClass rc : RecordClass.values()) {
            counts.put(rc, 0L);
        }
    }

    @Override
    public String syncId() {
        return syncId;
    }

    @Override
    public Map<RecordClass, Long> counts() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    void count(RecordClass recordClass, long n) {
        counts.merge(recordClass, n, Long::sum);
    }

    /** Counts a classified chunk; called once the chunk is stored, so that a failed chunk does not skew the report. */
    void countAll(RecordClass[] classes) {
        // counted by class first: one merge into the map a class, not a boxed merge a record
        long[] byClass = new long[RecordClass.values().length];
        for (RecordClass rc : classes) {
            byClass[rc.ordinal()]++;
        }
        for (RecordClass rc : RecordClass.values()) {
            if (byClass[rc.ordinal()] > 0) {
                count(rc, byClass[rc.ordinal()]);
            }
        }
    }

    /**
     * The first index of each key of the chunk, in the chunk's order; marks every later occurrence DUPLICATE in
     * {@code result} at once.
     */
    static Map<String, Integer> firstOccurrences(List<Fingerprint> chunk, RecordClass[] result) {
        Map<String, Integer> firstIndex = new LinkedHashMap<>(chunk.size() * 2);
        for (int i = 0; i < chunk.size(); i++) {
            String key = Objects.requireNonNull(chunk.get(i).primaryKey(), "primaryKey");
            if (firstIndex.putIfAbsent(key, i) != null) {
                result[i] = RecordClass.DUPLICATE;
            }
        }
        return firstIndex;
    }

    /** Checks {@link #removed}'s chunk size; false when the run lists nothing (it is not a snapshot). */
    boolean listsRemoved(int chunkSize) {
        checkNotFinished();
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        return snapshot;
    }

    boolean finished() {
        return finished;
    }

    void markFinished() {
        finished = true;
    }

    void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("The run " + runId + " of sync " + syncId + " is finished");
        }
    }
}
