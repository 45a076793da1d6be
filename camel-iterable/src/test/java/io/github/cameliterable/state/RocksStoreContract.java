package io.github.cameliterable.state;

import java.util.List;

import org.rocksdb.ColumnFamilyHandle;

/** The state store contract on the embedded store, read through its column families; subclasses open the store. */
abstract class RocksStoreContract extends StateStoreContract<RocksStateStore> {
    @Override
    protected long stateCount(String syncId) {
        return count(store.state, syncId);
    }

    @Override
    protected long stagedCount(String syncId) {
        return count(store.runKeys, syncId);
    }

    @Override
    protected List<String> pendingFirstSeen(String syncId) {
        return store.pendingFirstSeen(syncId);
    }

    private long count(ColumnFamilyHandle family, String syncId) {
        long[] n = {0};
        store.scan(family, RocksKeys.syncPrefix(syncId), (k, v) -> n[0]++);
        return n[0];
    }
}
