package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link RocksStateStore}. The keys the run has seen are held in the JVM ({@link HeldRunKeys}) while the
 * budget the JVM's runs share lasts, and written to RocksDB's run keys beyond it. A chunk costs one native call to
 * look its keys up (in the state, and among the keys written to RocksDB those its {@link SeenKeys} filter may have
 * seen) and, past the budget, one write batch to mark them seen; the removed keys are found by walking the sync's
 * state and the written keys side by side, both in key order, and asking the held keys. Memory is bounded by the
 * chunk, the budget and the filter (about 10 bits a key written), whatever the model.
 */
final class RocksRun extends StoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(RocksRun.class);

    /** The number of the next run of this JVM: each run marks its keys under a range of its own. */
    private static final AtomicLong RUNS = new AtomicLong();

    private final RocksStateStore store;
    private final byte[] prefix;
    /**
     * Where this run marks the keys it writes to RocksDB: the sync's prefix and the run's number. Two runs of one sync at
     * once (a dry run previewing the endpoint it shares a syncId with) each keep their own; a range of the sync, which
     * a run's start cleared, made the other run take the keys it had seen for removed (a probe: 234,464 of 300,000).
     */
    private final byte[] runPrefix;
    /** The run's keys that went to RocksDB (those {@link #held} had no room for), as a filter. */
    private final SeenKeys seenKeys = new SeenKeys();
    /** The run's keys in the JVM, while the store's budget lasts; the rest go to RocksDB's run keys. */
    private final HeldRunKeys held;
    /** Whether a key went to RocksDB's run keys (one {@link #held} had no room for). */
    private volatile boolean spilled;
    /**
     * Whether the sync's state held no key as the run began, and none has reached it since but the run's own: every key
     * the run has not seen is then NEW without a look-up ({@link FirstRuns}), a fifth of a first run's loop.
     */
    private volatile boolean stateEmpty;

    RocksRun(RocksStateStore store, String syncId, byte[] prefix, String runId, boolean snapshot,
            HeldRunKeys.Budget budget) {
        super(syncId, runId, snapshot);
        this.held = new HeldRunKeys(budget);
        this.store = store;
        this.prefix = prefix;
        this.runPrefix = ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(RUNS.incrementAndGet()).array();
        // taken for empty until found otherwise, and only ever set false from then on: a write told to the run while it
        // looks is not undone by what it found before the write
        stateEmpty = true;
        store.firstRuns.begin(this);
        if (!noKeyIn(store, prefix)) {
            stateWritten();
        }
    }

    /** Whether the sync's state holds no key (a first run of the sync, or the first after a reset). */
    private static boolean noKeyIn(RocksStateStore store, byte[] prefix) {
        store.checkOpen();
        try (RocksIterator it = store.db().newIterator(store.state)) {
            it.seek(prefix);
            byte[] key = it.isValid() ? it.key() : null;
            return key == null || key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
        }
    }

    /** A key reached the sync's state other than through this run: it is looked up from now on. */
    void stateWritten() {
        stateEmpty = false;
        store.firstRuns.end(this);
    }

    /**
     * Clears every run's marks, once as the store opens, when no run is under way: those left are of runs that never
     * finished (the JVM died), and must not count as seen.
     */
    static void forgetEveryRun(RocksStateStore store) {
        try (RocksIterator it = store.db().newIterator(store.runKeys)) {
            it.seekToFirst();
            if (!it.isValid()) {
                return;
            }
            byte[] first = it.key();
            it.seekToLast();
            byte[] last = it.key();
            store.db().deleteRange(store.runKeys, first, last);
            store.db().delete(store.runKeys, last);
        } catch (RocksDBException e) {
            throw store.failure("clear the marks of unfinished runs", e);
        }
    }

    /** A key of this sync ({@link RocksKeys#key}) as this run marks it seen in RocksDB. */
    private byte[] runKey(byte[] key) {
        byte[] marked = Arrays.copyOf(runPrefix, runPrefix.length + key.length - prefix.length);
        System.arraycopy(key, prefix.length, marked, runPrefix.length, key.length - prefix.length);
        return marked;
    }

    @Override
    public List<RecordClass> classify(List<Fingerprint> chunk) {
        checkNotFinished();
        if (chunk.isEmpty()) {
            return List.of();
        }
        RecordClass[] result = new RecordClass[chunk.size()];
        byte[][] ownKeys = new byte[chunk.size()][];
        long[] hashes = new long[chunk.size()];
        int[] candidates = firstOccurrences(chunk, ownKeys, hashes, result);
        List<ColumnFamilyHandle> families = new ArrayList<>(candidates.length);
        List<byte[]> keys = new ArrayList<>(candidates.length);
        // a key the run holds is a duplicate (a key not held yet is held from now on, while the budget lasts); one it
        // sent to RocksDB is asked for there when the filter may have seen it
        int[] unheld = new int[candidates.length];
        int[] seenAt = new int[candidates.length];
        boolean[] toMark = new boolean[candidates.length];
        int m = 0;
        // the table's cache misses all at once (half of a look-up's time), then the look-ups, under one lock
        int[] outcomes = new int[candidates.length];
        held.addAllIfAbsent(ownKeys, hashes, candidates, outcomes);
        for (int k = 0; k < candidates.length; k++) {
            int i = candidates[k];
            int outcome = outcomes[k];
            if (outcome == HeldRunKeys.HELD) {
                result[i] = RecordClass.DUPLICATE;
                continue;
            }
            toMark[m] = outcome == HeldRunKeys.NO_ROOM;
            seenAt[m] = -1;
            if (spilled && seenKeys.mayContain(hashes[i])) {
                seenAt[m] = keys.size();
                families.add(store.runKeys);
                keys.add(runKey(ownKeys[i]));
            }
            unheld[m++] = i;
        }
        int stateAt = keys.size();
        boolean readState = !stateEmpty;
        for (int c = 0; readState && c < m; c++) {
            families.add(store.state);
            keys.add(ownKeys[unheld[c]]);
        }
        List<byte[]> found = keys.isEmpty() ? List.of() : multiGet(families, keys);
        List<byte[]> toStore = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            int i = unheld[c];
            if (seenAt[c] >= 0 && found.get(seenAt[c]) != null) {
                result[i] = RecordClass.DUPLICATE;
                continue;
            }
            if (toMark[c]) {
                toStore.add(runKey(ownKeys[i]));
                seenKeys.add(hashes[i]);
                spilled = true;
            }
            byte[] stored = readState ? found.get(stateAt + c) : null;
            if (stored == null) {
                result[i] = RecordClass.NEW;
            } else if (StoredState.hashEquals(stored, chunk.get(i).hash())) {
                result[i] = RecordClass.UNCHANGED;
            } else {
                result[i] = RecordClass.CHANGED;
            }
        }
        if (!toStore.isEmpty()) {
            byte[] seen = new byte[0];
            store.write(store.volatileWrites, batch -> {
                for (byte[] key : toStore) {
                    batch.put(store.runKeys, key, seen);
                }
            });
        }
        countAll(result);
        return List.of(result);
    }

    /**
     * The chunk's keys as stored ({@code ownKeys}) and their seen-keys hashes, and the indexes of each key's first
     * occurrence in the chunk's order; every later occurrence is marked DUPLICATE in {@code result} (the rule of
     * {@link StoreRun#firstOccurrences}, which the JDBC store's string keys use). The keys are
     * told apart by their hash in an open-addressing table (then by their bytes): the hash is needed anyway, and a
     * map of the keys' strings was 6% of a rerun's CPU (hashing each new string, a node and a boxed index per key).
     */
    private int[] firstOccurrences(List<Fingerprint> chunk, byte[][] ownKeys, long[] hashes, RecordClass[] result) {
        int n = chunk.size();
        int[] table = new int[Integer.highestOneBit(2 * n - 1) << 1]; // a first occurrence's index + 1; 0: empty
        int mask = table.length - 1;
        int[] first = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = RocksKeys.key(prefix, Objects.requireNonNull(chunk.get(i).primaryKey(), "primaryKey"));
            long hash = SeenKeys.hash(key);
            int slot = (int) hash & mask;
            boolean repeated = false;
            for (int at; (at = table[slot]) != 0; slot = (slot + 1) & mask) {
                if (hashes[at - 1] == hash && Arrays.equals(ownKeys[at - 1], key)) {
                    repeated = true;
                    break;
                }
            }
            if (repeated) {
                result[i] = RecordClass.DUPLICATE;
                continue;
            }
            table[slot] = i + 1;
            ownKeys[i] = key;
            hashes[i] = hash;
            first[m++] = i;
        }
        return Arrays.copyOf(first, m);
    }

    @Override
    public void acknowledge(List<Fingerprint> acknowledged) {
        checkNotFinished();
        RocksStream.acknowledge(store, prefix, syncId, acknowledged, this);
    }

    @Override
    public void removed(int chunkSize, Consumer<List<Fingerprint>> sink) {
        if (!listsRemoved(chunkSize) || stateEmpty) {
            return;
        }
        List<List<Fingerprint>> pages = new ArrayList<>(1);
        pages.add(new ArrayList<>(Math.min(chunkSize, 10_000)));
        walkRemoved((key, value) -> {
            List<Fingerprint> page = pages.get(0);
            page.add(StoredState.decode(RocksKeys.primaryKeyOf(key, prefix.length), value));
            if (page.size() == chunkSize) {
                emit(page, sink);
                pages.set(0, new ArrayList<>(Math.min(chunkSize, 10_000)));
            }
        });
        if (!pages.get(0).isEmpty()) {
            emit(pages.get(0), sink);
        }
    }

    @Override
    public long countHeld() {
        checkNotFinished();
        long[] held = {0};
        store.scan(store.state, prefix, (key, value) -> held[0]++);
        return held[0];
    }

    @Override
    public long countRemoved() {
        checkNotFinished();
        if (!snapshot || stateEmpty) { // every key the state holds is then one of the run's
            return 0;
        }
        long[] removed = {0};
        walkRemoved((key, value) -> removed[0]++);
        return removed[0];
    }

    /** The sync's state and the run's seen keys side by side, both in key order: visits each key not seen. */
    private void walkRemoved(BiConsumer<byte[], byte[]> visitor) {
        store.checkOpen();
        // both iterators read a snapshot of the moment they opened, so the visitor may delete what it was given
        try (Slice stateUpper = new Slice(RocksKeys.prefixEnd(prefix));
                Slice seenUpper = new Slice(RocksKeys.prefixEnd(runPrefix));
                ReadOptions stateRead = new ReadOptions().setIterateUpperBound(stateUpper);
                ReadOptions seenRead = new ReadOptions().setIterateUpperBound(seenUpper);
                RocksIterator state = store.db().newIterator(store.state, stateRead);
                RocksIterator seen = store.db().newIterator(store.runKeys, seenRead)) {
            seen.seek(runPrefix);
            // the seen key is read once a step (null past the end): each call into the iterator is a native call
            byte[] seenKey = seen.isValid() ? seen.key() : null;
            for (state.seek(prefix); state.isValid(); state.next()) {
                byte[] key = state.key();
                // both in the order of their primary keys: compared past their prefixes (the sync's, the run's)
                while (seenKey != null && Arrays.compareUnsigned(seenKey, runPrefix.length, seenKey.length, key, prefix.length,
                        key.length) < 0) {
                    seen.next();
                    seenKey = seen.isValid() ? seen.key() : null;
                }
                if ((seenKey == null || !Arrays.equals(seenKey, runPrefix.length, seenKey.length, key, prefix.length,
                        key.length)) && !held.contains(key, SeenKeys.hash(key))) {
                    visitor.accept(key, state.value());
                }
            }
            state.status();
            seen.status();
        } catch (RocksDBException e) {
            throw store.failure("list removed records of " + syncId, e);
        }
    }

    private void emit(List<Fingerprint> page, Consumer<List<Fingerprint>> sink) {
        count(RecordClass.REMOVED, page.size());
        sink.accept(Collections.unmodifiableList(page));
    }

    @Override
    public void acknowledgeRemoved(List<String> primaryKeys) {
        checkNotFinished();
        RocksStream.forget(store, prefix, primaryKeys);
    }

    @Override
    public void finish() {
        if (finished()) {
            return;
        }
        held.release();
        store.firstRuns.end(this);
        if (spilled) {
            store.deleteRange(store.runKeys, runPrefix);
            // the range's files are dropped now rather than carried until a compaction happens to reach them
            try (CompactRangeOptions options = new CompactRangeOptions()) {
                store.db().compactRange(store.runKeys, runPrefix, RocksKeys.prefixEnd(runPrefix), options);
            } catch (RocksDBException e) {
                LOG.debug("Sync {}: compacting the run's keys failed ({}); RocksDB will do it later", syncId, e.getMessage());
            }
        }
        markFinished();
        LOG.debug("Sync {}: run {} finished, counts {}", syncId, runId, counts());
    }

    private List<byte[]> multiGet(List<ColumnFamilyHandle> families, List<byte[]> keys) {
        store.checkOpen();
        try {
            return store.db().multiGetAsList(families, keys);
        } catch (RocksDBException e) {
            throw store.failure("look up records of " + syncId, e);
        }
    }

}
