package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link JdbcStateStore}. The keys it has seen live in the run-keys table, not in the heap: memory is
 * bounded by the chunk size whatever the size of the model.
 */
final class JdbcRun extends StoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRun.class);

    /** Rows per JDBC batch: large enough to amortise round trips, small enough for any driver. */
    private static final int BATCH_SIZE = 1000;

    private final JdbcStateStore store;
    private final StateSql sql;

    JdbcRun(JdbcStateStore store, String syncId, String runId, boolean snapshot) {
        super(syncId, runId, snapshot);
        this.store = store;
        this.sql = store.sql();
    }

    @Override
    public List<RecordClass> classify(List<Fingerprint> chunk) {
        checkNotFinished();
        if (chunk.isEmpty()) {
            return List.of();
        }
        RecordClass[] result = new RecordClass[chunk.size()];
        Map<String, Integer> firstIndex = firstOccurrences(chunk, result);
        List<String> candidates = new ArrayList<>(firstIndex.keySet());

        store.db().inTransaction("classify records of " + syncId, c -> {
            // the keys this run had not staged before (the others are duplicates), and their acknowledged hashes
            Set<String> fresh = new HashSet<>(candidates.size() * 2);
            Map<String, String> hashes = new HashMap<>(candidates.size() * 2);
            if (sql.setBased()) {
                stageInOneStatement(c, candidates, fresh, hashes);
            } else {
                stageByLists(c, candidates, fresh, hashes);
            }
            for (String key : candidates) {
                int i = firstIndex.get(key);
                String acknowledged = hashes.get(key);
                if (!fresh.contains(key)) {
                    result[i] = RecordClass.DUPLICATE;
                } else if (acknowledged == null) {
                    result[i] = RecordClass.NEW;
                } else if (acknowledged.equals(chunk.get(i).hash())) {
                    result[i] = RecordClass.UNCHANGED;
                } else {
                    result[i] = RecordClass.CHANGED;
                }
            }
            return null;
        });
        countAll(result);
        return List.of(result);
    }

    /** PostgreSQL: {@link StateSql#stageKeysReturningHashes()}, one round trip for the chunk. */
    private void stageInOneStatement(Connection c, List<String> keys, Set<String> fresh, Map<String, String> hashes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.stageKeysReturningHashes())) {
            ps.setString(1, runId);
            ps.setString(2, syncId);
            ps.setArray(3, c.createArrayOf("varchar", keys.toArray()));
            ps.setString(4, syncId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    fresh.add(key);
                    String hash = rs.getString(2);
                    if (hash != null) {
                        hashes.put(key, hash);
                    }
                }
            }
        }
    }

    /** H2: looks the chunk's keys up among the staged ones, stages the others, then reads their hashes. */
    private void stageByLists(Connection c, List<String> candidates, Set<String> fresh, Map<String, String> hashes)
            throws SQLException {
        Set<String> staged = new HashSet<>();
        forEachSlice(candidates, slice -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectStagedKeys(StateSql.inListSize(slice.size())))) {
                ps.setString(1, runId);
                setKeys(ps, 2, slice);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getObject(2) != null) {
                            staged.add(rs.getString(1));
                        }
                    }
                }
            }
        });
        List<String> unstaged = new ArrayList<>(candidates.size());
        for (String key : candidates) {
            if (!staged.contains(key)) {
                unstaged.add(key);
            }
        }
        fresh.addAll(unstaged);
        try (PreparedStatement ps = c.prepareStatement(sql.insertRunKey())) {
            executeInBatches(ps, unstaged, (statement, key) -> {
                statement.setString(1, runId);
                statement.setString(2, syncId);
                statement.setString(3, key);
            });
        }
        readHashes(c, sql, syncId, unstaged, hashes);
    }

    @Override
    public void acknowledge(List<Fingerprint> acknowledged) {
        checkNotFinished();
        store.acknowledge(syncId, acknowledged);
    }

    @Override
    public void removed(int chunkSize, Consumer<List<Fingerprint>> sink) {
        if (!listsRemoved(chunkSize)) {
            return;
        }
        String lastKey = null;
        while (true) {
            List<Fingerprint> page = removedPage(lastKey, chunkSize);
            if (page.isEmpty()) {
                return;
            }
            count(RecordClass.REMOVED, page.size());
            lastKey = page.get(page.size() - 1).primaryKey();
            // no statement is open here: the sink may acknowledge (delete) what it was given
            sink.accept(Collections.unmodifiableList(page));
            if (page.size() < chunkSize) {
                return;
            }
        }
    }

    private List<Fingerprint> removedPage(String afterKey, int limit) {
        return store.db().withConnection("list removed records of " + syncId, c -> {
            List<Fingerprint> page = new ArrayList<>(Math.min(limit, 10_000));
            try (PreparedStatement ps = c.prepareStatement(sql.selectRemovedPage(afterKey != null))) {
                int p = 1;
                ps.setString(p++, syncId);
                ps.setString(p++, runId);
                if (afterKey != null) {
                    ps.setString(p++, afterKey);
                }
                ps.setInt(p, limit);
                ps.setFetchSize(Math.min(limit, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(new Fingerprint(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return page;
        });
    }

    @Override
    public long countHeld() {
        checkNotFinished();
        return store.db().count("count the keys of " + syncId, sql.countState(), syncId);
    }

    @Override
    public long countRemoved() {
        checkNotFinished();
        return snapshot ? store.db().count("count removed records of " + syncId, sql.countRemoved(), syncId, runId) : 0;
    }

    @Override
    public void acknowledgeRemoved(List<String> primaryKeys) {
        checkNotFinished();
        store.forget(syncId, primaryKeys);
    }

    @Override
    public void finish() {
        if (finished()) {
            return;
        }
        long staged = store.db().deleteInSlices("finish the run of " + syncId, sql.deleteRunKeysOfRun(), runId);
        markFinished();
        LOG.debug("Sync {}: run {} finished, {} staged keys freed, counts {}", syncId, runId, staged, counts());
    }

    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    /** Adds one batch entry per value and executes every {@link #BATCH_SIZE} entries and at the end. */
    static <T> void executeInBatches(PreparedStatement ps, Iterable<T> values, Binder<T> binder) throws SQLException {
        int pending = 0;
        for (T value : values) {
            binder.bind(ps, value);
            ps.addBatch();
            if (++pending == BATCH_SIZE) {
                ps.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            ps.executeBatch();
        }
    }

    /**
     * Puts the acknowledged hash of each of {@code keys} that the state holds into {@code into}: one statement on an
     * array (PostgreSQL), else one IN list a slice.
     */
    static void readHashes(Connection c, StateSql sql, String syncId, List<String> keys, Map<String, String> into)
            throws SQLException {
        if (sql.setBased()) {
            try (PreparedStatement ps = c.prepareStatement(sql.selectStateHashesOfArray())) {
                ps.setString(1, syncId);
                ps.setArray(2, c.createArrayOf("varchar", keys.toArray()));
                putHashes(ps, into);
            }
            return;
        }
        forEachSlice(keys, slice -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectStateHashes(StateSql.inListSize(slice.size())))) {
                ps.setString(1, syncId);
                setKeys(ps, 2, slice);
                putHashes(ps, into);
            }
        });
    }

    /** Runs a query of (key, hash or null) rows and puts the keys that have a hash. */
    private static void putHashes(PreparedStatement ps, Map<String, String> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String hash = rs.getString(2);
                if (hash != null) {
                    into.put(rs.getString(1), hash);
                }
            }
        }
    }

    @FunctionalInterface
    interface SliceWork {
        void apply(List<String> slice) throws SQLException;
    }

    /** Calls {@code work} for consecutive slices of at most {@link StateSql#MAX_IN_LIST} keys. */
    static void forEachSlice(List<String> keys, SliceWork work) throws SQLException {
        for (int from = 0; from < keys.size(); from += StateSql.MAX_IN_LIST) {
            work.apply(keys.subList(from, Math.min(keys.size(), from + StateSql.MAX_IN_LIST)));
        }
    }

    /** Binds {@code keys} from parameter {@code first}, padding to the IN list's size with the last key. */
    static void setKeys(PreparedStatement ps, int first, List<String> keys) throws SQLException {
        int size = StateSql.inListSize(keys.size());
        for (int i = 0; i < size; i++) {
            ps.setString(first + i, keys.get(Math.min(i, keys.size() - 1)));
        }
    }
}
