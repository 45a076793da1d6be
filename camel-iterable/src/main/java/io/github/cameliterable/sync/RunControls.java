package io.github.cameliterable.sync;

import java.util.List;

import io.github.cameliterable.state.RecordClass;

/**
 * What one exchange asks of its run, besides its records (headers, read by the shell):
 * {@code confirmRemovals} lets a snapshot remove more than the removal safeguards allow; {@code resync} sends every
 * record as new, whatever the state says, and removes nothing; {@code reset} forgets the state of the syncId and
 * sends nothing.
 */
public record RunControls(boolean confirmRemovals, boolean resync, boolean reset) {

    /** An exchange that asks nothing special. */
    public static final RunControls NONE = new RunControls(false, false, false);

    /** Whether the keys that left the model are handled after the last record (only for snapshots). */
    boolean removesKeys(boolean snapshot) {
        return snapshot && !resync;
    }

    /** The classes a run uses: in a resync everything the state knew is sent again as new; duplicates stay. */
    List<RecordClass> apply(List<RecordClass> classes) {
        if (!resync) {
            return classes;
        }
        return classes.stream().map(c -> c == RecordClass.DUPLICATE ? c : RecordClass.NEW).toList();
    }
}
