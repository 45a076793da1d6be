package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel {@link IdempotentRepository} of one sync in {@link RocksStateStore}, with the semantics of
 * {@link StateFirstSeenRepository}: {@link #add(String)} before the action (false: already done or in flight),
 * {@link #confirm(String)} once Iterable acknowledged it, {@link #remove(String)} of a pending key when it failed; a
 * confirmed key is forgotten only by {@link #clear()}. A key left pending by a crash is deleted when the endpoint
 * starts again ({@link RocksStateStore#recover}), so its action is tried once more. The store owns the database:
 * starting and stopping this service opens
 * and closes nothing.
 */
public final class RocksFirstSeenRepository extends ServiceSupport implements IdempotentRepository {

    static final byte PENDING = 0;
    static final byte CONFIRMED = 1;

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
        byte[] k = RocksKeys.key(prefix, Objects.requireNonNull(key, "key"));
        synchronized (store.firstSeenLock) {
            if (store.get(store.firstSeen, k) != null) {
                return false;
            }
            store.put(store.firstSeen, k, value(PENDING));
            return true;
        }
    }

    /** Whether {@code key} is known, pending or confirmed. */
    @Override
    public boolean contains(String key) {
        return store.get(store.firstSeen, RocksKeys.key(prefix, Objects.requireNonNull(key, "key"))) != null;
    }

    /** Forgets a pending {@code key} so it can be added again; returns false if it is unknown or confirmed. */
    @Override
    public boolean remove(String key) {
        byte[] k = RocksKeys.key(prefix, Objects.requireNonNull(key, "key"));
        synchronized (store.firstSeenLock) {
            byte[] value = store.get(store.firstSeen, k);
            if (value == null || value[0] != PENDING) {
                return false;
            }
            store.delete(store.firstSeen, k);
            return true;
        }
    }

    /** Marks {@code key} confirmed, never to be forgotten; returns false if the key is unknown. */
    @Override
    public boolean confirm(String key) {
        byte[] k = RocksKeys.key(prefix, Objects.requireNonNull(key, "key"));
        synchronized (store.firstSeenLock) {
            byte[] value = store.get(store.firstSeen, k);
            if (value == null) {
                return false;
            }
            if (value[0] != CONFIRMED) {
                value[0] = CONFIRMED;
                store.put(store.firstSeen, k, value);
            }
            return true;
        }
    }

    /** Deletes every key of this sync, confirmed ones included: an explicit reset. */
    @Override
    public void clear() {
        synchronized (store.firstSeenLock) {
            store.deleteRange(store.firstSeen, prefix);
        }
    }

    /** The pending keys of a sync (actions in flight when the JVM stopped). */
    static List<String> pending(RocksStateStore store, byte[] prefix) {
        List<String> keys = new ArrayList<>();
        store.scan(store.firstSeen, prefix, (key, value) -> {
            if (value[0] == PENDING) {
                keys.add(RocksKeys.primaryKeyOf(key, prefix.length));
            }
        });
        return keys;
    }

    /** Deletes the pending keys of a sync (actions in flight when the JVM stopped); returns how many. */
    static int deletePending(RocksStateStore store, byte[] prefix) {
        synchronized (store.firstSeenLock) {
            List<byte[]> pending = new ArrayList<>();
            store.scan(store.firstSeen, prefix, (key, value) -> {
                if (value[0] == PENDING) {
                    pending.add(key);
                }
            });
            if (!pending.isEmpty()) {
                store.write(store.durable, batch -> {
                    for (byte[] key : pending) {
                        batch.delete(store.firstSeen, key);
                    }
                });
            }
            return pending.size();
        }
    }

    /** A key's value: its status, then when it was added (epoch seconds). */
    static byte[] value(byte status) {
        byte[] value = new byte[5];
        value[0] = status;
        StoredState.putSeconds(value, 1, StoredState.nowSeconds());
        return value;
    }

    @Override
    public String toString() {
        return "RocksFirstSeenRepository[" + syncId + "]";
    }
}
