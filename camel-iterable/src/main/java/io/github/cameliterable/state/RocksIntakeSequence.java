package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

import org.rocksdb.ColumnFamilyHandle;

/**
 * The ids of the durable intake's records ({@link RocksIntakeQueue}): handed out in order, recorded in the database a
 * million at a time (not once per add), and tracked while their adds are written, so that adds may write side by
 * side (the intakes of several syncs, each grouping its own callers' adds) and a claim still never passes a record
 * whose add is being written. After a restart, ids start above every id recorded as taken: none is used twice.
 */
final class RocksIntakeSequence {
    private static final byte[] SEQUENCE_KEY = "intake-sequence".getBytes(StandardCharsets.UTF_8);
    /** Ids recorded as taken at a time. */
    private static final long RESERVED = 1 << 20;

    private final RocksStateStore store;
    private final ColumnFamilyHandle meta;
    /** The last id handed out. */
    private long sequence;
    /** Ids up to this one are recorded as taken. */
    private long reservedUpTo;
    /** The first ids of adds being written. */
    private final TreeSet<Long> writing = new TreeSet<>();

    RocksIntakeSequence(RocksStateStore store, ColumnFamilyHandle meta) {
        this.store = store;
        this.meta = meta;
        byte[] last = store.get(meta, SEQUENCE_KEY);
        this.sequence = last == null ? 0 : ByteBuffer.wrap(last).getLong();
        this.reservedUpTo = sequence;
    }

    /**
     * Hands out {@code n} consecutive ids and returns the first; they count as being written until {@link #written}
     * (call it whether the write succeeded or not). Ids of a failed write are never used: a gap, read as no record.
     * The lock is held for no write but the rare reservation.
     */
    synchronized long take(int n) {
        long first = sequence + 1;
        sequence += n;
        if (sequence > reservedUpTo) {
            long reserve = sequence + RESERVED;
            store.write(store.durable, batch -> batch.put(meta, SEQUENCE_KEY, RocksKeys.longBytes(reserve)));
            reservedUpTo = reserve;
        }
        writing.add(first);
        return first;
    }

    synchronized void written(long first) {
        writing.remove(first);
    }

    /** The highest id such that the adds of it and of every id below it have been written (or failed). */
    synchronized long writtenUpTo() {
        return writing.isEmpty() ? sequence : writing.first() - 1;
    }
}
