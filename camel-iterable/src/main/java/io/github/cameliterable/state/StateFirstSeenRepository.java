package io.github.cameliterable.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel {@link IdempotentRepository} of one sync in the state store's first-seen table, for actions that happen
 * once per primary key ever. Use: {@link #add(String)} before the action (false: already done or in flight, skip
 * it), {@link #confirm(String)} once Iterable acknowledged it, {@link #remove(String)} when it failed so that a later
 * run tries again.
 * <ul>
 * <li>{@code add} is atomic across JVMs: it relies on the table's primary key, not on a read before the write.</li>
 * <li>A confirmed key is never forgotten: {@code remove} only deletes a pending key. Only {@link #clear()}, an
 * explicit reset of the whole sync, deletes confirmed keys.</li>
 * <li>After a crash a key whose action was in flight stays pending, and {@code add} keeps answering false until
 * the next run of the sync begins: {@link JdbcStateStore#beginRun(String, boolean)} deletes the sync's pending keys
 * so the action is tried once more (see {@link JdbcStateStore#pendingFirstSeen(String)} to report them first).</li>
 * </ul>
 * The store owns the connections: starting and stopping this service opens and closes nothing.
 */
public final class StateFirstSeenRepository extends ServiceSupport implements IdempotentRepository {

    private final JdbcStateStore store;
    private final FirstSeenSql sql;
    private final String syncId;

    StateFirstSeenRepository(JdbcStateStore store, String syncId) {
        this.store = store;
        this.sql = store.sql().firstSeen();
        this.syncId = syncId;
    }

    /** The sync whose keys this repository holds. */
    public String getSyncId() {
        return syncId;
    }

    /** Adds {@code key} as pending; returns false if the key is known already, pending or confirmed. */
    @Override
    public boolean add(String key) {
        Objects.requireNonNull(key, "key");
        return store.db().withConnection("add a first-seen key of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertFirstSeen())) {
                ps.setString(1, syncId);
                ps.setString(2, key);
                ps.setObject(3, JdbcConnections.now());
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                if (StateSql.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Whether {@code key} is known, pending or confirmed. */
    @Override
    public boolean contains(String key) {
        Objects.requireNonNull(key, "key");
        return store.db().withConnection("look up a first-seen key of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectFirstSeen())) {
                ps.setString(1, syncId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Forgets a pending {@code key} so it can be added again; returns false if it is unknown or confirmed. */
    @Override
    public boolean remove(String key) {
        Objects.requireNonNull(key, "key");
        return update("remove a first-seen key of " + syncId, sql.deletePendingFirstSeenKey(), key) > 0;
    }

    /** Marks {@code key} confirmed, never to be forgotten; returns false if the key is unknown. */
    @Override
    public boolean confirm(String key) {
        Objects.requireNonNull(key, "key");
        return update("confirm a first-seen key of " + syncId, sql.confirmFirstSeen(), key) > 0;
    }

    /** Deletes every key of this sync, confirmed ones included: an explicit reset. */
    @Override
    public void clear() {
        store.db().withConnection("clear the first-seen keys of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.clearFirstSeen())) {
                ps.setString(1, syncId);
                return ps.executeUpdate();
            }
        });
    }

    private int update(String what, String statement, String key) {
        return store.db().withConnection(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, syncId);
                ps.setString(2, key);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "StateFirstSeenRepository[" + syncId + "]";
    }
}
