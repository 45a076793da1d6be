package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@link JdbcStateStore}. The keys it has seen are kept beside the JVM ({@link LocalRunKeys}), so that a
 * chunk costs the database one read of its keys' hashes; where RocksDB does not load, they are staged in the run-keys
 * table. Either way, not in the heap: memory is bounded by the chunk size whatever the size of the model.
 */
final class JdbcRun extends StoreRun {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRun.class);

    /** Rows a page of the removal walk over the state's keys. */
    private static final int KEYS_PAGE = 10_000;

    private final JdbcStateStore store;
    private final StateSql sql;
    /** The keys this run has seen, or null when they are staged in the database. */
    private final LocalRunKeys local;
    /** Hashes read ahead for the chunks hinted ({@link #lookAhead}), oldest first. */
    private final HashesReadAhead readAhead;

    /**
     * Whether the last chunk found hashes: reading ahead nothing for chunks that find none only competes with the
     * acknowledgements' upserts for the database and the cores (a first run of 1,000,000 rows 8% slower).
     */
    private volatile boolean stateHeldKeys = true;

    /** The state held no key as the run began alone ({@link #nothingElseInFlight}): an unseen key is new, unread. */
    private boolean stateEmpty;
    /** The state's hashes, read at once for a snapshot's run alone, or null: read a chunk at a time. */
    private volatile StateReadAtOnce stateRead;
    /** The keys this run saw that the state held (each once): with the state read at once, the removed are the rest. */
    private long foundInState;

    JdbcRun(JdbcStateStore store, String syncId, String runId, boolean snapshot, LocalRunKeys local) {
        super(syncId, runId, snapshot);
        this.store = store;
        this.sql = store.sql();
        this.local = local;
        this.readAhead = new HashesReadAhead(store, syncId, this::hashesOf);
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
        int[] at = new int[candidates.size()];
        int c = 0;
        for (int i : firstIndex.values()) {
            at[c++] = i;
        }
        if (local != null) {
            classifyLocally(chunk, candidates, at, result);
        } else {
            classifyStaged(chunk, candidates, at, result);
        }
        countAll(result);
        return List.of(result);
    }

    /** The chunk's distinct keys ({@code candidates}, the {@code c}th at {@code at[c]}) with the keys kept locally. */
    private void classifyLocally(List<Fingerprint> chunk, List<String> candidates, int[] at, RecordClass[] result) {
        checkKeyLengths(candidates);
        AcknowledgedHashes acknowledged = stateEmpty ? AcknowledgedHashes.none(candidates) : readAhead.take(chunk);
        if (acknowledged == null || !acknowledged.keys().equals(candidates)) {
            acknowledged = hashesOf(candidates);
        }
        stateHeldKeys = acknowledged.holdsAny();
        store.expectNewKeys(syncId, !acknowledged.holdsAny());
        // once their hashes were read: a chunk that failed left nothing seen
        boolean[] unseen = local.markUnseen(acknowledged);
        for (int c = 0; c < at.length; c++) {
            String hash = acknowledged.hash(c);
            result[at[c]] = !unseen[c] ? RecordClass.DUPLICATE : classOf(hash, chunk.get(at[c]).hash());
            foundInState += stateRead != null && unseen[c] && hash != null ? 1 : 0;
        }
    }

    /** The chunk's distinct keys staged in the database (where RocksDB does not load). */
    private void classifyStaged(List<Fingerprint> chunk, List<String> candidates, int[] at, RecordClass[] result) {
        Set<String> fresh = new HashSet<>(candidates.size() * 2);
        Map<String, String> hashes = new HashMap<>(candidates.size() * 2);
        store.db().inTransaction("classify records of " + syncId, c -> {
            if (sql.setBased()) {
                stageInOneStatement(c, candidates, fresh, hashes);
            } else {
                stageByLists(c, candidates, fresh, hashes);
            }
            return null;
        });
        store.expectNewKeys(syncId, hashes.isEmpty());
        for (int c = 0; c < at.length; c++) {
            String key = candidates.get(c);
            result[at[c]] = !fresh.contains(key) ? RecordClass.DUPLICATE : classOf(hashes.get(key), chunk.get(at[c]).hash());
        }
    }

    private static RecordClass classOf(String acknowledged, String hash) {
        if (acknowledged == null) {
            return RecordClass.NEW;
        }
        return acknowledged.equals(hash) ? RecordClass.UNCHANGED : RecordClass.CHANGED;
    }

    /**
     * With nothing else in flight, an empty state is taken to stay so; a snapshot's run reads the state's hashes at
     * once instead of a chunk at a time ({@link StateReadAtOnce}).
     */
    @Override
    public void nothingElseInFlight() {
        if (local == null) {
            return;
        }
        if (store.db().count("look for the state of " + syncId, sql.countStateUpToOne(), syncId) == 0) {
            stateEmpty = true;
            stateHeldKeys = false;
        } else if (snapshot) {
            stateRead = new StateReadAtOnce(store, syncId, local);
        }
    }

    /**
     * The acknowledged hashes of distinct keys: from the state read at once (waited for), else, or where that read
     * failed, from the database (the same state: nothing else of the sync is in flight).
     */
    private AcknowledgedHashes hashesOf(List<String> keys) {
        StateReadAtOnce read = stateRead;
        return read != null && read.ready() ? local.stateHashes(keys)
                : AcknowledgedHashes.read(keys, JdbcStatements.readHashes(store.db(), sql, syncId, keys));
    }

    /** Waits for the state read at once (for tests): whether it is kept locally. */
    boolean awaitStateRead() {
        return stateReadAtOnce();
    }

    /** Whether the state's hashes are kept locally: waits for their read; one that failed is let go. */
    private boolean stateReadAtOnce() {
        if (stateRead != null && !stateRead.ready()) {
            stateRead = null;
        }
        return stateRead != null;
    }

    /**
     * The run's removed keys listed locally, the state's keys read from where they are; none when the state was empty
     * as the run began alone (a first run), and with the state read at once, none when the run found each of its keys
     * (an unchanged rerun reads no key twice).
     */
    private long listRemoved() {
        if (stateEmpty) {
            local.noneRemoved();
        }
        if (!stateReadAtOnce()) {
            return local.listRemoved(this::stateKeys);
        }
        if (foundInState == stateRead.keys()) {
            local.noneRemoved();
        }
        return local.listRemovedOfState();
    }

    /** With the keys kept beside the JVM: see {@link HashesReadAhead}. */
    @Override
    public void lookAhead(List<String> primaryKeys) {
        if (local != null && !finished() && (stateHeldKeys || stateRead != null)) {
            readAhead.hint(primaryKeys);
        }
    }

    /**
     * Refuses a key longer than the database's column here, as staging it would (it could not be stored once
     * acknowledged, and cut it would be another key).
     */
    private void checkKeyLengths(List<String> keys) {
        for (String key : keys) {
            if (key.length() > StateSql.MAX_KEY_LENGTH && key.codePointCount(0, key.length()) > StateSql.MAX_KEY_LENGTH) {
                throw new StateStoreException("Cannot classify records of " + syncId + ": value too long for the state's"
                        + " primary key (at most " + StateSql.MAX_KEY_LENGTH + " characters): a key of "
                        + key.codePointCount(0, key.length()) + " characters");
            }
        }
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
        JdbcStatements.forEachSlice(candidates, slice -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectStagedKeys(StateSql.inListSize(slice.size())))) {
                ps.setString(1, runId);
                JdbcStatements.setKeys(ps, 2, slice);
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
            JdbcStatements.executeInBatches(ps, unstaged, (statement, key) -> {
                statement.setString(1, runId);
                statement.setString(2, syncId);
                statement.setString(3, key);
            });
        }
        JdbcStatements.readHashes(c, sql, syncId, unstaged, hashes);
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
        if (local != null) {
            listRemoved();
            local.forEachRemoved(chunkSize, keys -> {
                List<Fingerprint> page = fingerprints(keys);
                count(RecordClass.REMOVED, page.size());
                sink.accept(Collections.unmodifiableList(page));
            });
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

    /**
     * Hands the sync's acknowledged keys to {@code pages}, a page at a time, in key order: one query read through a
     * cursor (the rows are fetched a page at a time), not a query a page. Pages of their own, {@code primary_key > ?
     * ... LIMIT}, each planned anew, took 80 ms a page right after a first run (a state table of fresh rows without
     * statistics: a scan and a sort each time), 8 s for 1,000,000 keys.
     */
    private void stateKeys(Consumer<List<String>> pages) {
        List<String> page = new ArrayList<>(KEYS_PAGE);
        JdbcStatements.readThroughCursor(store.db(), "list the keys of " + syncId, sql.selectStateKeys(), syncId,
                KEYS_PAGE, () -> true, rs -> {
                    page.add(rs.getString(1));
                    if (page.size() == KEYS_PAGE) {
                        pages.accept(List.copyOf(page));
                        page.clear();
                    }
                });
        if (!page.isEmpty()) {
            pages.accept(page);
        }
    }

    /** The acknowledged records of {@code keys} that the state still holds, in the keys' order. */
    private List<Fingerprint> fingerprints(List<String> keys) {
        return store.db().withConnection("read removed records of " + syncId, c -> {
            Map<String, Fingerprint> found = new LinkedHashMap<>(keys.size() * 2);
            JdbcStatements.queryKeys(c, sql, syncId, 2, keys, sql::selectFingerprints, rs -> {
                if (rs.getString(2) != null) {
                    found.putIfAbsent(rs.getString(1), new Fingerprint(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            });
            return new ArrayList<>(found.values());
        });
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
        if (!snapshot) {
            return 0;
        }
        return local != null ? listRemoved()
                : store.db().count("count removed records of " + syncId, sql.countRemoved(), syncId, runId);
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
        long staged;
        if (local != null) {
            if (stateRead != null) {
                stateRead.stop();
            }
            staged = local.held();
            store.localRunEnded(syncId, local);
            local.close();
        } else {
            staged = store.db().deleteInSlices("finish the run of " + syncId, sql.deleteRunKeysOfRun(), runId);
        }
        markFinished();
        LOG.debug("Sync {}: run {} finished, {} staged keys freed, counts {}", syncId, runId, staged, counts());
    }
}
