package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.rocksdb.RocksDBException;

/** The stream methods of {@link RocksStateStore} (outside any run), also used by {@link RocksRun}. */
final class RocksStream {
    private RocksStream() {
    }

    static List<RecordClass> classify(RocksStateStore store, String syncId, List<Fingerprint> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        store.checkOpen();
        byte[] prefix = RocksKeys.syncPrefix(syncId);
        List<byte[]> keys = new ArrayList<>(records.size());
        for (Fingerprint record : records) {
            keys.add(RocksKeys.key(prefix, record.primaryKey()));
        }
        List<byte[]> stored;
        try {
            stored = store.db().multiGetAsList(Collections.nCopies(keys.size(), store.state), keys);
        } catch (RocksDBException e) {
            throw store.failure("classify records of " + syncId, e);
        }
        List<RecordClass> classes = new ArrayList<>(records.size());
        Set<Fingerprint> seen = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            Fingerprint record = records.get(i);
            byte[] acknowledged = stored.get(i);
            // the same key and hash twice in one list is a redelivered message
            if (!seen.add(new Fingerprint(record.primaryKey(), record.hash(), null))) {
                classes.add(RecordClass.DUPLICATE);
            } else if (acknowledged == null) {
                classes.add(RecordClass.NEW);
            } else {
                classes.add(StoredState.hashEquals(acknowledged, record.hash()) ? RecordClass.UNCHANGED : RecordClass.CHANGED);
            }
        }
        return classes;
    }

    /**
     * Stores hashes and identities under a sync's prefix; a changed record keeps the time it was first seen. The sync's
     * first runs other than {@code writer} (null: none, a stream's) are told once the keys are stored.
     */
    static void acknowledge(RocksStateStore store, byte[] prefix, String syncId, List<Fingerprint> acknowledged,
            RocksRun writer) {
        if (acknowledged.isEmpty()) {
            return;
        }
        store.checkOpen();
        List<byte[]> keys = new ArrayList<>(acknowledged.size());
        for (Fingerprint fp : acknowledged) {
            Objects.requireNonNull(fp.hash(), "hash");
            keys.add(RocksKeys.key(prefix, fp.primaryKey()));
        }
        List<byte[]> stored;
        try {
            stored = store.db().multiGetAsList(Collections.nCopies(keys.size(), store.state), keys);
        } catch (RocksDBException e) {
            throw store.failure("look up records of " + syncId, e);
        }
        long now = StoredState.nowSeconds();
        store.write(store.durable, batch -> {
            for (int i = 0; i < keys.size(); i++) {
                Fingerprint fp = acknowledged.get(i);
                byte[] before = stored.get(i);
                long firstSeen = before == null ? now : StoredState.firstSeen(before);
                batch.put(store.state, keys.get(i),
                        StoredState.encode(fp.primaryKey(), fp.hash(), fp.identity(), firstSeen, now));
            }
        });
        store.firstRuns.written(syncId, writer);
    }

    /** Deletes keys under a sync's prefix. */
    static void forget(RocksStateStore store, byte[] prefix, List<String> primaryKeys) {
        if (primaryKeys.isEmpty()) {
            return;
        }
        store.checkOpen();
        store.write(store.durable, batch -> {
            for (String key : primaryKeys) {
                batch.delete(store.state, RocksKeys.key(prefix, key));
            }
        });
    }
}
