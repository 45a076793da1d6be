package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded durable intake's log: callers' adds are appended to a ring file mapped into memory
 * ({@link RocksIntakeRing}), a copy into the page cache, which survives a killed JVM as RocksDB's own log does
 * (neither is synced to the disk), without the system call and the database write an add would cost each caller.
 *
 * <p>
 * Appends are serialized, so the ring holds the records in the order of their ids, with no hole; the last one may be
 * torn by a crash, and was then never acknowledged. Each sync's records in the ring are indexed in memory
 * ({@link RocksIntakeLane}): the sender claims them from the ring, and those settled while there never reach the
 * database. The ring's head is its oldest record neither settled nor moved; a caller that finds no room before it
 * moves the records not settled into the {@code intake} column family, in one write with the new head. The head is
 * kept in the database with the records settled after it ({@link RocksIntakeHead}), written with each settle. After
 * a restart, the records from the head on whose CRC is right and whose ids keep rising, less those settled, are
 * moved; what follows (a torn record, or records of an earlier lap, with lower ids) is not. The ring is not synced to
 * the disk, as RocksDB's log is not: a power loss may lose the last accepts (the synced adds of
 * {@code durableIntakeFsync} go to the database, not here).
 *
 * <p>
 * The head's key is written when the ring is created: a ring found without it belongs to no database of this
 * directory (the database was deleted, or the ring never used) and is started anew.
 */
final class RocksIntakeLog {
    static final Logger LOG = LoggerFactory.getLogger(RocksIntakeLog.class);
    private static final byte[] HEAD_KEY = "intake-log-head".getBytes(StandardCharsets.UTF_8);

    private final RocksStateStore store;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle meta;
    private final RocksIntakeSequence sequence;
    private final RocksIntakeRing ring;

    private final Object appendLock = new Object();
    /** Where the next record goes; under the append lock. */
    private long appendAt;

    /** The records before {@code position} are whole; {@code lastId} is the id of the last of them. */
    private record Mark(long position, long lastId) {
    }

    /** The end of the appended records, set with their lanes' entries (under the lock). */
    private volatile Mark appended = new Mark(0, 0);

    /** Guards the lanes and the head's moves; taken after the append lock, never before it. */
    private final Object lock = new Object();
    /** Each sync's records in the ring, by its key prefix. */
    private final Map<ByteBuffer, RocksIntakeLane> lanes = new LinkedHashMap<>();
    /** The oldest record neither settled nor moved: appends never pass it by a lap. */
    private volatile long head;
    /**
     * The most runs of settled records a head is written with: records settled in a pattern that makes more (every
     * other one kept, say) are not worth writing with each settle: the records not settled move into the database.
     */
    static final int MAX_SETTLED_RUNS = 1024;

    private RocksIntakeLog(RocksStateStore store, ColumnFamilyHandle queue, ColumnFamilyHandle meta,
            RocksIntakeSequence sequence, RocksIntakeRing ring) {
        this.store = store;
        this.queue = queue;
        this.meta = meta;
        this.sequence = sequence;
        this.ring = ring;
    }

    /**
     * Opens the ring of the store's directory, creating it of {@code newSize} bytes when missing (one found keeps its
     * size), and moves into the database the records an earlier JVM appended and neither moved nor settled.
     */
    static RocksIntakeLog open(RocksStateStore store, ColumnFamilyHandle queue, ColumnFamilyHandle meta,
            RocksIntakeSequence sequence, int newSize) {
        byte[] head = store.get(meta, HEAD_KEY);
        RocksIntakeRing ring = RocksIntakeRing.open(store.directory().resolve(RocksIntakeRing.FILE_NAME), newSize,
                head != null);
        RocksIntakeLog log = new RocksIntakeLog(store, queue, meta, sequence, ring);
        if (ring.fresh()) {
            store.write(store.durable, batch -> log.putHead(batch, 0, 0, Map.of()));
        } else {
            log.recover(RocksIntakeHead.decode(head));
        }
        return log;
    }

    /** The lane of the sync with this key prefix, made on first use. */
    RocksIntakeLane lane(byte[] prefix) {
        synchronized (lock) {
            return lanes.computeIfAbsent(ByteBuffer.wrap(prefix), p -> new RocksIntakeLane(prefix, lastId(prefix)));
        }
    }

    /** Records of the lane up to this id were put into the database (not through the ring). */
    void inDatabase(RocksIntakeLane lane, long lastId) {
        synchronized (lock) {
            lane.databaseUpTo = Math.max(lane.databaseUpTo, lastId);
        }
    }

    /** How many of the lane's records in the ring with ids up to {@code upTo} are not settled. */
    int unsettled(RocksIntakeLane lane, long upTo) {
        synchronized (lock) {
            int n = 0;
            for (int i = 0; i < lane.size() && lane.id(i) <= upTo; i++) {
                n += lane.settled(i) ? 0 : 1;
            }
            return n;
        }
    }

    /**
     * Appends the records of the lane's sync, with consecutive ids, and returns the first id (written, as
     * {@link RocksIntakeSequence#written} says, once this returns); -1 when they are too large for the ring (the
     * caller writes them to the database itself). When the ring has no room, the records not settled are moved into the
     * database first.
     */
    long append(RocksIntakeLane lane, List<byte[]> records) {
        int keyLength = lane.prefix.length + 8;
        long bytes = 0;
        for (byte[] record : records) {
            bytes += RocksIntakeRing.length(keyLength, record);
        }
        if (bytes > ring.size() / 4) {
            return -1;
        }
        synchronized (appendLock) {
            store.checkOpen();
            long end = appendAt;
            for (byte[] record : records) {
                int length = RocksIntakeRing.length(keyLength, record);
                end = ring.place(end, length) + length;
            }
            if (end - head > ring.size()) {
                move();
            }
            long first = sequence.take(records.size());
            long[] positions = new long[records.size()];
            try {
                appendAt = ring.write(appendAt, lane.prefix, records, first, positions);
                synchronized (lock) {
                    for (int i = 0; i < positions.length; i++) {
                        lane.add(first + i, positions[i]);
                    }
                    appended = new Mark(appendAt, first + records.size() - 1);
                }
            } finally {
                // under the append lock, where the next append takes its ids: no wait on the sequence's lock
                sequence.written(first);
            }
            return first;
        }
    }

    /**
     * The lane's records neither claimed nor settled with ids in {@code (after, upTo]}, oldest first, at most
     * {@code max}: those the database holds (read only when it may hold some) and those in the ring, in the order of
     * their ids.
     */
    List<IntakeQueue.Queued> claim(RocksIntakeLane lane, long after, long upTo, int max) {
        synchronized (lock) {
            List<IntakeQueue.Queued> moved = lane.databaseUpTo > after
                    ? read(lane.prefix, after, Math.min(upTo, lane.databaseUpTo), max)
                    : List.of();
            List<IntakeQueue.Queued> claimed = new ArrayList<>(Math.min(max, 1024));
            int i = lane.firstAbove(after);
            int d = 0;
            while (claimed.size() < max) {
                while (i < lane.size() && lane.settled(i)) {
                    i++;
                }
                boolean inRing = i < lane.size() && lane.id(i) <= upTo;
                if (d < moved.size() && (!inRing || moved.get(d).id() < lane.id(i))) {
                    claimed.add(moved.get(d++));
                } else if (inRing) {
                    String record = new String(ring.value(lane.position(i)), StandardCharsets.UTF_8);
                    claimed.add(new IntakeQueue.Queued(lane.id(i), record));
                    i++;
                } else {
                    break;
                }
            }
            return claimed;
        }
    }

    /** Writes a settle: the records not in the ring ({@code inDatabase}) and the values of those that were. */
    @FunctionalInterface
    interface Settlement {
        void write(WriteBatch batch, long[] inDatabase, Map<Long, byte[]> fromRing) throws RocksDBException;
    }

    /**
     * Settles records of the lane (acknowledged, or failed): those in the ring are marked so (their values handed to
     * {@code settlement} when {@code values} is set) and never move into the database; the others are the
     * settlement's to remove. One write holds the settlement's and, when any was in the ring, the new head.
     */
    void settle(RocksIntakeLane lane, long[] ids, boolean values, Settlement settlement) {
        synchronized (lock) {
            long[] inDatabase = new long[ids.length];
            int n = 0;
            Map<Long, byte[]> fromRing = new HashMap<>();
            for (long id : ids) {
                int i = lane.unsettled(id);
                if (i < 0) {
                    inDatabase[n++] = id;
                    continue;
                }
                if (values) {
                    fromRing.put(id, ring.value(lane.position(i)));
                }
                lane.settle(i);
            }
            long[] database = Arrays.copyOf(inDatabase, n);
            boolean moveHead = n < ids.length;
            NewHead[] newHead = {new NewHead(head, false)};
            // the head is written before appends may pass the old one: a restart never reads a ring lapped past it
            store.write(store.durable, batch -> {
                settlement.write(batch, database, fromRing);
                if (moveHead) {
                    newHead[0] = putHead(batch);
                }
            });
            if (newHead[0].movedAll()) {
                lanes.values().forEach(RocksIntakeLane::clear);
            }
            head = newHead[0].position();
        }
    }

    /**
     * Moves the records not settled into the database with the ring's new head, in one write: when the ring has no
     * room, and when the store closes.
     */
    void move() {
        synchronized (lock) {
            long[] to = new long[1];
            store.write(store.durable, batch -> to[0] = moveInto(batch));
            lanes.values().forEach(RocksIntakeLane::clear);
            head = to[0];
        }
    }

    /**
     * Puts the records not settled into the batch, and the head at the end of the appended records; the lanes are to
     * be cleared once the batch is written. Returns the head's position.
     */
    private long moveInto(WriteBatch batch) throws RocksDBException {
        Mark to = appended;
        for (RocksIntakeLane lane : lanes.values()) {
            for (int i = 0; i < lane.size(); i++) {
                if (!lane.settled(i)) {
                    batch.put(queue, ring.key(lane.position(i)), ring.value(lane.position(i)));
                    lane.databaseUpTo = Math.max(lane.databaseUpTo, lane.id(i));
                }
            }
        }
        putHead(batch, to.position(), to.lastId(), Map.of());
        return to.position();
    }

    /** After a restart: moves the whole records from the head on, while their ids rise, but those settled. */
    private void recover(RocksIntakeHead from) {
        long[] position = {from.offset()};
        long[] lastId = {from.lastId()};
        int[] count = {0};
        store.write(store.durable, batch -> {
            position[0] = ring.scan(from.offset(), from.offset() + ring.size(), from.lastId(), (key, value) -> {
                lastId[0] = RocksKeys.queueId(key);
                if (!from.isSettled(key)) {
                    batch.put(queue, key, value);
                    count[0]++;
                }
            });
            putHead(batch, position[0], lastId[0], Map.of());
        });
        if (count[0] > 0) {
            LOG.info("State store {}: {} records the durable intake accepted before a stop moved from its ring",
                    store.directory(), count[0]);
        }
        long start = ring.offset(position[0]);
        appendAt = start;
        appended = new Mark(start, lastId[0]);
        head = start;
    }

    /**
     * Puts the head as the lanes now have it (under the lock): the oldest record not settled of any lane, or, with none,
     * the end of the appended records; with the runs of records settled after it, whose entries the lanes keep until
     * the head passes them; with more than {@link #MAX_SETTLED_RUNS} runs, the records not settled are moved instead
     * (the lanes are then to be cleared once the batch is written).
     */
    private NewHead putHead(WriteBatch batch) throws RocksDBException {
        Mark end = appended;
        long position = end.position();
        long lastId = end.lastId();
        for (RocksIntakeLane lane : lanes.values()) {
            if (lane.unsettledPosition() < position) {
                position = lane.unsettledPosition();
                lastId = lane.id(lane.firstUnsettled()) - 1;
            }
        }
        Map<ByteBuffer, long[]> settled = new LinkedHashMap<>();
        int runs = 0;
        for (RocksIntakeLane lane : lanes.values()) {
            lane.trimBefore(position);
            long[] laneRuns = lane.settledRuns();
            if (laneRuns.length > 0) {
                settled.put(ByteBuffer.wrap(lane.prefix), laneRuns);
                runs += laneRuns.length / 2;
            }
        }
        if (runs > MAX_SETTLED_RUNS) {
            return new NewHead(moveInto(batch), true);
        }
        putHead(batch, position, lastId, settled);
        return new NewHead(position, false);
    }

    /** A head put into a batch: its position, and whether the records not settled moved with it. */
    private record NewHead(long position, boolean movedAll) {
    }

    private void putHead(WriteBatch batch, long position, long lastId, Map<ByteBuffer, long[]> settled)
            throws RocksDBException {
        batch.put(meta, HEAD_KEY, new RocksIntakeHead(ring.offset(position), lastId, settled).encode());
    }

    /** The sync's records in the database with ids in {@code (after, upTo]}, at most {@code max}. */
    private List<IntakeQueue.Queued> read(byte[] prefix, long after, long upTo, int max) {
        List<IntakeQueue.Queued> read = new ArrayList<>(Math.min(max, 1024));
        store.checkOpen();
        try (Slice upper = new Slice(RocksKeys.queueKey(prefix, upTo + 1));
                ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = store.db().newIterator(queue, options)) {
            for (it.seek(RocksKeys.queueKey(prefix, after + 1)); it.isValid() && read.size() < max; it.next()) {
                read.add(new IntakeQueue.Queued(RocksKeys.queueId(it.key()),
                        new String(it.value(), StandardCharsets.UTF_8)));
            }
            it.status();
        } catch (RocksDBException e) {
            throw store.failure("claim queued records", e);
        }
        return read;
    }

    /** The highest id of the sync's records in the database, or 0. */
    private long lastId(byte[] prefix) {
        store.checkOpen();
        try (Slice lower = new Slice(prefix);
                ReadOptions options = new ReadOptions().setIterateLowerBound(lower);
                RocksIterator it = store.db().newIterator(queue, options)) {
            it.seekForPrev(RocksKeys.prefixEnd(prefix));
            long last = it.isValid() && Arrays.equals(it.key(), 0, prefix.length, prefix, 0, prefix.length)
                    ? RocksKeys.queueId(it.key())
                    : 0;
            it.status();
            return last;
        } catch (RocksDBException e) {
            throw store.failure("read the durable intake", e);
        }
    }
}
