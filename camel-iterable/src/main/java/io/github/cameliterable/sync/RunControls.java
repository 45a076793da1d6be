package io.github.cameliterable.sync;

import java.util.List;

import io.github.cameliterable.state.RecordClass;

/**
 * What one exchange asks of its run, besides its records (headers, read by the shell):
 * {@code confirmRemovals} lets a snapshot remove more than the removal safeguards allow; {@code resync} sends every
 * record as new, whatever the state says, and removes nothing; {@code reset} forgets the state of the syncId and
 * sends nothing; {@code messages} says the body is a batch of a stream's messages (camel-kafka's {@code batching=true}
 * poll), whose records are handled as single messages are: each classified against the state and the versions still
 * in flight, so that a key's last version in the batch is the one that lands last, not its first.
 */
public record RunControls(boolean confirmRemovals, boolean resync, boolean reset, boolean messages) {

    /** An exchange that asks nothing special. */
    public static final RunControls NONE = new RunControls(false, false, false, false);

    /** As an exchange of a model asks, without {@code messages}. */
    public RunControls(boolean confirmRemovals, boolean resync, boolean reset) {
        this(confirmRemovals, resync, reset, false);
    }

    /** Whether the keys that left the model are handled after the last record (only for snapshots). */
    boolean removesKeys(boolean snapshot) {
        return snapshot && !resync;
    }

    /** The classes a run uses: in a resync everything the state knew is sent again as new; duplicates stay. */
    List<RecordClass> apply(List<RecordClass> classes) {
        if (!resync) {
            return classes;
        }
        return classes.stream().map(this::apply).toList();
    }

    /** The class a run uses for a record of class {@code recordClass} ({@link #apply(List)}). */
    RecordClass apply(RecordClass recordClass) {
        return !resync || recordClass == RecordClass.DUPLICATE ? recordClass : RecordClass.NEW;
    }
}
