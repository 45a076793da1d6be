package io.github.cameliterable.state;

import java.util.List;

/**
 * The durable intake: records accepted from a source and not yet acknowledged by Iterable, per sync. A record is
 * {@link #add added} (durably: the source may then be acknowledged), {@link #claim claimed} by the sender, and
 * either {@link #remove removed} once Iterable acknowledged it or moved to the failed records with its reason. Claimed
 * records that were never settled (the JVM died) are queued again by {@link #recover}. Implementations must let
 * several senders claim concurrently without handing a record to two of them.
 */
public interface IntakeQueue {

    /** A queued record: its id in the queue and the record as it was queued. */
    record Queued(long id, String record) {
    }

    /** A record Iterable refused, kept with its reason. */
    record Failed(long id, String primaryKey, String field, String reason, String record) {
    }

    /**
     * Queues records, each a JSON object's UTF-8 bytes, in one transaction; when it returns they survive a crash.
     * Returns the id of the first record when the records got consecutive ids in their order, else -1 (unknown).
     * Concurrent adds are safe; a caller with many small adds groups them (each add costs a commit, or a write of
     * RocksDB's log).
     */
    long add(String syncId, List<byte[]> records);

    /**
     * Whether callers should group their adds, one writing those of all that wait (a group commit): true where each
     * add costs a commit or a log write; false where an add costs little more than a copy (the waits would cost more).
     */
    default boolean groupAdds() {
        return true;
    }

    /** Claims at most {@code max} queued records of the sync, oldest first. */
    List<Queued> claim(String syncId, int max);

    /**
     * Iterable acknowledged these records (or they needed nothing): they leave the queue. The ids are records this
     * sender claimed and did not remove or fail before (the embedded queue deletes them without reading them).
     */
    void remove(String syncId, List<Long> ids);

    /**
     * Iterable never answered for these claimed records of this sender (after every retry): they are queued again, to
     * be claimed before the records queued after them. Called once none of this sender's other claims of the sync
     * is outstanding (the embedded queue's claims are a cursor: it moves back to the first of them).
     */
    void release(String syncId, List<Long> ids);

    /** Iterable refused these records: they leave the queue for the failed records, with their reasons. */
    void fail(String syncId, List<Failed> failed);

    /**
     * Claimed records never settled by a sender that died are queued again; returns how many. Call when the sync
     * starts. Where several processes share the queue, only claims their sender stopped renewing are (see
     * {@link #keepClaims}): a live sender's claims are never handed to another.
     */
    int recover(String syncId);

    /**
     * The sender calls this regularly while it lives (each turn of its loop; the queue decides how often to act):
     * where several processes share the queue, it renews this sender's claims and queues again those of dead
     * senders; returns how many it queued again. A queue only one process opens has nothing to do.
     */
    default int keepClaims(String syncId) {
        return 0;
    }

    /** Records of the sync waiting in the queue, claimed or not. */
    long size(String syncId);

    /** How many records of the sync failed. */
    long failedCount(String syncId);

    /** The latest failed records of the sync, newest first, at most {@code max}. */
    List<Failed> failed(String syncId, int max);
}
