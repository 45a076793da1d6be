package io.github.cameliterable.state;

/** What change detection says of a record in this run. */
public enum RecordClass {
    /** The primary key was never acknowledged by Iterable for this sync. */
    NEW,
    /** Acknowledged before, with another content hash. */
    CHANGED,
    /** Acknowledged before with the same content hash: not sent. */
    UNCHANGED,
    /** Seen earlier in this same run: not sent again (the first occurrence wins). */
    DUPLICATE,
    /** Acknowledged in an earlier run, absent from this run's snapshot. */
    REMOVED
}
