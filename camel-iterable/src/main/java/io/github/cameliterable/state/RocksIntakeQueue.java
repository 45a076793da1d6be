package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable intake of a {@link RocksStateStore}, in two column families of its database (one engine, one
 * write-ahead log): {@code intake} (syncId prefix + an 8-byte big-endian sequence -> the record, so a sync's queue is
 * one key range in arrival order) and {@code intake_failed} (syncId prefix + sequence -> the refused record with its
 * reason). A record is durable once {@link #add} returns: it was appended to the ring ({@link RocksIntakeLog}, a
 * copy into a mapped file: the sender claims it there, and only records not settled when the ring needs their room
 * move into the database, in large batches), which survives a killed JVM;
 * through {@link #synced()} it went into the database through the write-ahead log synced to the disk, which survives
 * a power loss (slower). Adds too large for the ring go through the write-ahead log, not synced.
 *
 * <p>
 * Only one process opens the database, so a claim is a cursor: records up to it are claimed (or gone). The cursor
 * is kept in the default column family, so that {@link #recover} after a crash knows how many were claimed.
 */
final class RocksIntakeQueue implements IntakeQueue {
    private static final byte[] CURSOR_KEY = "intake-claimed:".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DRAINED_KEY = "intake-h2-drained".getBytes(StandardCharsets.UTF_8);
    /**
     * Consecutive ids removed as one range tombstone from this many on; fewer are deleted one by one (many small
     * ranges would slow the queue's reads, which look at every range tombstone of a memtable).
     */
    private static final int MIN_RANGE = 16;

    private final RocksStateStore store;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle failedRecords;
    private final ColumnFamilyHandle meta;
    private final RocksIntakeSequence sequence;
    private final Map<String, SyncQueue> syncs;
    /** How adds are written: through the write-ahead log, or also syncing it ({@link #synced()}). */
    private final WriteOptions adds;
    /** Where adds not synced are appended before the sender moves them into the database. */
    private final RocksIntakeLog log;

    /** One sync's claim cursor and counts, read from the database on first use. */
    private static final class SyncQueue {
        final byte[] prefix;
        /** Its records in the ring. */
        final RocksIntakeLane lane;
        long claimedUpTo;
        /** Without the sync's lock: adds count without waiting for the sender. */
        final AtomicLong size = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        SyncQueue(byte[] prefix, RocksIntakeLane lane) {
            this.prefix = prefix;
            this.lane = lane;
        }
    }

    RocksIntakeQueue(RocksStateStore store, ColumnFamilyHandle queue, ColumnFamilyHandle failedRecords,
            ColumnFamilyHandle meta, int ringSize) {
        this.store = store;
        this.queue = queue;
        this.failedRecords = failedRecords;
        this.meta = meta;
        this.sequence = new RocksIntakeSequence(store, meta);
        this.syncs = new ConcurrentHashMap<>();
        this.adds = store.durable;
        this.log = RocksIntakeLog.open(store, queue, meta, sequence, ringSize);
    }

    /** The same queue (same sequence, cursors and counts) whose adds are written with {@code adds}. */
    private RocksIntakeQueue(RocksIntakeQueue queue, WriteOptions adds) {
        this.store = queue.store;
        this.queue = queue.queue;
        this.failedRecords = queue.failedRecords;
        this.meta = queue.meta;
        this.sequence = queue.sequence;
        this.syncs = queue.syncs;
        this.adds = adds;
        this.log = queue.log;
    }

    private SyncQueue sync(String syncId) {
        return syncs.computeIfAbsent(syncId, id -> {
            byte[] prefix = RocksKeys.syncPrefix(id);
            SyncQueue q = new SyncQueue(prefix, log.lane(prefix));
            byte[] cursor = store.get(meta, cursorKey(q.prefix));
            q.claimedUpTo = cursor == null ? 0 : ByteBuffer.wrap(cursor).getLong();
            q.size.set(count(queue, q.prefix));
            q.failed.set(count(failedRecords, q.prefix));
            return q;
        });
    }

    @Override
    public long add(String syncId, List<byte[]> records) {
        if (records.isEmpty()) {
            return -1;
        }
        SyncQueue q = sync(syncId);
        if (appendsToRing()) {
            long first = log.append(q.lane, records);
            if (first >= 0) {
                q.size.addAndGet(records.size());
                return first;
            }
        }
        long first = sequence.take(records.size());
        try {
            store.write(adds, batch -> {
                long id = first;
                for (byte[] record : records) {
                    batch.put(queue, key(q.prefix, id++), record);
                }
            });
            log.inDatabase(q.lane, first + records.size() - 1); // before the ids count as written: claims read them
        } finally {
            sequence.written(first);
        }
        q.size.addAndGet(records.size());
        return first;
    }

    /** Adds not synced are appended to the ring, a copy: not worth a group commit. */
    @Override
    public boolean groupAdds() {
        return !appendsToRing();
    }

    private boolean appendsToRing() {
        return adds == store.durable;
    }

    @Override
    public List<Queued> claim(String syncId, int max) {
        SyncQueue q = sync(syncId);
        synchronized (q) {
            long upTo = sequence.writtenUpTo(); // every record up to it is in the ring's lanes or the database
            if (upTo <= q.claimedUpTo) {
                return List.of();
            }
            store.checkOpen();
            List<Queued> claimed = log.claim(q.lane, q.claimedUpTo, upTo, max);
            if (!claimed.isEmpty()) {
                moveCursor(q, claimed.get(claimed.size() - 1).id());
            }
            return claimed;
        }
    }

    /**
     * The ids are claimed records of this queue (a claimed chunk less its deferred and failed records), so none was
     * removed before: they are deleted without reading them, each run of consecutive ids as one range (a claimed
     * chunk is a run of the sequence, less the few it keeps).
     */
    @Override
    public void remove(String syncId, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        SyncQueue q = sync(syncId);
        long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().toArray();
        synchronized (q) {
            log.settle(q.lane, sorted, false, (batch, inDatabase, fromRing) -> delete(batch, q.prefix, inDatabase));
            q.size.addAndGet(-sorted.length);
        }
    }

    /** Deletes these queued records (sorted ids), each run of consecutive ids as one range. */
    private void delete(WriteBatch batch, byte[] prefix, long[] sorted) throws RocksDBException {
        int from = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i < sorted.length && sorted[i] == sorted[i - 1] + 1) {
                continue;
            }
            if (i - from < MIN_RANGE) {
                for (int j = from; j < i; j++) {
                    batch.delete(queue, key(prefix, sorted[j]));
                }
            } else {
                batch.deleteRange(queue, key(prefix, sorted[from]), key(prefix, sorted[i - 1] + 1));
            }
            from = i;
        }
    }

    @Override
    public void release(String syncId, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        SyncQueue q = sync(syncId);
        long cursor = ids.stream().mapToLong(Long::longValue).min().getAsLong() - 1;
        synchronized (q) {
            if (cursor < q.claimedUpTo) {
                moveCursor(q, cursor);
            }
        }
    }

    /** Records up to {@code id} are claimed (or gone), the sync's claim cursor says; under the sync's lock. */
    private void moveCursor(SyncQueue q, long id) {
        store.write(store.durable, batch -> batch.put(meta, cursorKey(q.prefix), RocksKeys.longBytes(id)));
        q.claimedUpTo = id;
    }

    @Override
    public void fail(String syncId, List<Failed> failed) {
        if (failed.isEmpty()) {
            return;
        }
        SyncQueue q = sync(syncId);
        synchronized (q) {
            long[] ids = failed.stream().mapToLong(Failed::id).toArray();
            long now = StoredState.nowSeconds();
            int[] moved = {0};
            long first = sequence.take(failed.size());
            try {
                log.settle(q.lane, ids, true, (batch, inDatabase, fromRing) -> {
                    Map<Long, byte[]> records = new HashMap<>(fromRing);
                    List<byte[]> keys = new ArrayList<>(inDatabase.length);
                    for (long id : inDatabase) {
                        keys.add(key(q.prefix, id));
                    }
                    List<byte[]> values = keys.isEmpty() ? List.of() : multiGet(keys);
                    for (int i = 0; i < inDatabase.length; i++) {
                        if (values.get(i) != null) {
                            records.put(inDatabase[i], values.get(i));
                            batch.delete(queue, keys.get(i));
                        }
                    }
                    long id = first;
                    for (Failed f : failed) {
                        byte[] record = records.remove(f.id());
                        if (record != null) {
                            String text = new String(record, StandardCharsets.UTF_8);
                            batch.put(failedRecords, key(q.prefix, id++), RocksFailedRecord.encode(f, text, now));
                            moved[0]++;
                        }
                    }
                });
            } finally {
                sequence.written(first);
            }
            q.size.addAndGet(-moved[0]);
            q.failed.addAndGet(moved[0]);
        }
    }

    @Override
    public int recover(String syncId) {
        SyncQueue q = sync(syncId);
        synchronized (q) {
            if (q.claimedUpTo == 0) {
                return 0;
            }
            long upTo = q.claimedUpTo;
            int[] released = {log.unsettled(q.lane, upTo)}; // an endpoint restarted while the store stayed open
            store.scan(queue, q.prefix, (key, value) -> {
                if (RocksKeys.queueId(key) <= upTo) {
                    released[0]++;
                }
            });
            store.write(store.durable, batch -> batch.delete(meta, cursorKey(q.prefix)));
            q.claimedUpTo = 0;
            return released[0];
        }
    }

    @Override
    public long size(String syncId) {
        SyncQueue q = sync(syncId);
        return q.size.get();
    }

    @Override
    public long failedCount(String syncId) {
        SyncQueue q = sync(syncId);
        return q.failed.get();
    }

    @Override
    public List<Failed> failed(String syncId, int max) {
        byte[] prefix = RocksKeys.syncPrefix(syncId);
        List<Failed> failed = new ArrayList<>();
        store.checkOpen();
        try (Slice lower = new Slice(prefix);
                ReadOptions read = new ReadOptions().setIterateLowerBound(lower);
                RocksIterator it = store.db().newIterator(failedRecords, read)) {
            // newest first: the keys' sequence is the order they failed in
            for (it.seekForPrev(RocksKeys.prefixEnd(prefix)); it.isValid() && failed.size() < max; it.prev()) {
                if (!Arrays.equals(it.key(), 0, prefix.length, prefix, 0, prefix.length)) {
                    continue;
                }
                failed.add(RocksFailedRecord.decode(it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw store.failure("list the failed records of " + syncId, e);
        }
        return failed;
    }

    /** Moves what the ring holds and is not settled into the database (when the store closes). */
    void moveRing() {
        log.move();
    }

    /** This queue, whose adds sync the write-ahead log to the disk before they return. */
    IntakeQueue synced() {
        return new RocksIntakeQueue(this, store.durableSynced);
    }

    /** Whether the H2 intake of an earlier version was drained into this queue already. */
    boolean drainedH2() {
        return store.get(meta, DRAINED_KEY) != null;
    }

    /**
     * Puts the rows of an earlier version's H2 intake into this queue in one write: queued ones {syncId, record},
     * unclaimed, and failed ones {syncId, record, id, primaryKey, field, reason}.
     */
    void restore(List<String[]> queued, List<String[]> failed) {
        long now = StoredState.nowSeconds();
        long first = sequence.take(queued.size() + failed.size());
        try {
            store.write(store.durable, batch -> {
                long id = first;
                for (String[] row : queued) {
                    batch.put(queue, key(RocksKeys.syncPrefix(row[0]), id++), row[1].getBytes(StandardCharsets.UTF_8));
                }
                for (String[] row : failed) {
                    Failed f = new Failed(Long.parseLong(row[2]), row[3], row[4], row[5], null);
                    batch.put(failedRecords, key(RocksKeys.syncPrefix(row[0]), id++), RocksFailedRecord.encode(f, row[1], now));
                }
                batch.put(meta, DRAINED_KEY, new byte[0]);
            });
            // every sync restored: its records in the database reach no further than the last id
            queued.stream()
                    .map(row -> row[0])
                    .distinct()
                    .forEach(syncId -> log.inDatabase(log.lane(RocksKeys.syncPrefix(syncId)), first + queued.size() - 1));
        } finally {
            sequence.written(first);
        }
        syncs.clear();
    }

    // ---- keys and values

    private List<byte[]> multiGet(List<byte[]> keys) {
        store.checkOpen();
        try {
            return store.db().multiGetAsList(Collections.nCopies(keys.size(), queue), keys);
        } catch (RocksDBException e) {
            throw store.failure("read queued records", e);
        }
    }

    private long count(ColumnFamilyHandle family, byte[] prefix) {
        long[] n = {0};
        store.scan(family, prefix, (key, value) -> n[0]++);
        return n[0];
    }

    private static byte[] key(byte[] prefix, long id) {
        return RocksKeys.queueKey(prefix, id);
    }

    private static byte[] cursorKey(byte[] prefix) {
        return ByteBuffer.allocate(CURSOR_KEY.length + prefix.length).put(CURSOR_KEY).put(prefix).array();
    }
}
