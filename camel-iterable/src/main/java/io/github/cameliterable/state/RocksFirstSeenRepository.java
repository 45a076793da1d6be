package io.github.cameliterable.state;

import java.util.Objects;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel {@link IdempotentRepository} of one sync in {@link RocksStateStore}, with the semantics of
 * {@link StateFirstSeenRepository}: {@link #add(String)} before the action (false: already done or in flight),
 * {@link #confirm(String)} once Iterable acknowledged it, {@link #remove(String)} of a pending key when it failed; a
 * confirmed key is forgotten only by {@link #clear()}. A key left pending by a crash is deleted when the sync's next
 * run begins, so its action is tried once more. The store owns the database: starting and stopping this service opens
 * and closes nothing.
 */
public final class RocksFirstSeenRepository extends ServiceSupport implements IdempotentRepository {

    private final RocksStateStore store;
    private final String syncId;
    private final byte[] prefix;

    RocksFirstSeenRepository(RocksStateStore store, String syncId, byte[] prefix) {
        this.store = store;
        this.syncId = syncId;
        this.prefix = prefix;
    }

    /** The sync whose keys this repository holds. */
    public String getSyncId() {
        return syncId;
    }

    /** Adds {@code key} as pending; returns false if the key is known already, pending or confirmed. */
    @Override
    public boolean add(String key) {
        return store.addFirstSeen(RocksStateStore.key(prefix, Objects.requireNonNull(key, "key")));
    }

    /** Whether {@code key} is known, pending or confirmed. */
    @Override
    public boolean contains(String key) {
        return store.containsFirstSeen(RocksStateStore.key(prefix, Objects.requireNonNull(key, "key")));
    }

    /** Forgets a pending {@code key} so it can be added again; returns false if it is unknown or confirmed. */
    @Override
    public boolean remove(String key) {
        return store.removePendingFirstSeen(RocksStateStore.key(prefix, Objects.requireNonNull(key, "key")));
    }

    /** Marks {@code key} confirmed, never to be forgotten; returns false if the key is unknown. */
    @Override
    public boolean confirm(String key) {
        return store.confirmFirstSeen(RocksStateStore.key(prefix, Objects.requireNonNull(key, "key")));
    }

    /** Deletes every key of this sync, confirmed ones included: an explicit reset. */
    @Override
    public void clear() {
        store.clearFirstSeen(prefix);
    }

    @Override
    public String toString() {
        return "RocksFirstSeenRepository[" + syncId + "]";
    }
}
