package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link JdbcStateStore} does to the state of one sync outside a run: the stream methods (classify against the
 * state alone, acknowledge, forget), the recovery of first-seen keys left pending by a crash, and a reset.
 */
record JdbcSyncState(JdbcConnections db, StateSql sql) {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    long reset(String syncId) {
        long staged = db.deleteInSlices("discard the staged keys of " + syncId, sql.deleteRunKeysOfSync(), syncId);
        long forgotten = db.deleteInSlices("reset the state of " + syncId, sql.deleteStateOfSync(), syncId);
        LOG.info("Sync {}: state reset, {} keys forgotten ({} staged keys discarded)", syncId, forgotten, staged);
        return forgotten;
    }

    void recover(String syncId) {
        int pending = db.withConnection("discard pending first-seen keys of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.firstSeen().deletePendingFirstSeen())) {
                ps.setString(1, syncId);
                return ps.executeUpdate();
            }
        });
        if (pending > 0) {
            LOG.info("Sync {}: {} first-seen actions were in flight when the JVM stopped; they will be tried again",
                    syncId, pending);
        }
    }

    List<String> pendingFirstSeen(String syncId) {
        return db.withConnection("list pending first-seen keys of " + syncId, c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.firstSeen().selectPendingFirstSeen())) {
                ps.setString(1, syncId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    List<RecordClass> classify(String syncId, List<Fingerprint> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(records.stream().map(Fingerprint::primaryKey).toList()));
        Map<String, String> hashes = JdbcStatements.readHashes(db, sql, syncId, keys);
        List<RecordClass> classes = new ArrayList<>(records.size());
        Set<Fingerprint> seen = new HashSet<>();
        for (Fingerprint record : records) {
            String acknowledged = hashes.get(record.primaryKey());
            if (!seen.add(new Fingerprint(record.primaryKey(), record.hash(), null))) {
                classes.add(RecordClass.DUPLICATE);
            } else if (acknowledged == null) {
                classes.add(RecordClass.NEW);
            } else {
                classes.add(acknowledged.equals(record.hash()) ? RecordClass.UNCHANGED : RecordClass.CHANGED);
            }
        }
        return classes;
    }

    /**
     * Stores what Iterable acknowledged. With {@code expectNew} (the keys' run found none of them in the state), on
     * PostgreSQL the rows are inserted, which costs the database half an upsert; a key the state holds after all (a
     * stream's, another process's) rolls the insert back and the chunk is upserted. Returns false after such a
     * conflict.
     */
    boolean acknowledge(String syncId, List<Fingerprint> acknowledged, boolean expectNew) {
        if (acknowledged.isEmpty()) {
            return true;
        }
        // the last acknowledgement of a key wins; a repeated key would break PostgreSQL's upsert of arrays (ON CONFLICT
        // cannot update one row twice in a statement), and its driver's rewritten multi-row upsert
        Map<String, Fingerprint> byKey = new LinkedHashMap<>();
        for (Fingerprint fp : acknowledged) {
            Objects.requireNonNull(fp.primaryKey(), "primaryKey");
            Objects.requireNonNull(fp.hash(), "hash");
            byKey.put(fp.primaryKey(), fp);
        }
        OffsetDateTime now = JdbcConnections.now();
        return db.inTransaction("store acknowledged records of " + syncId, c -> {
            if (sql.setBased()) {
                if (expectNew) {
                    Savepoint beforeInsert = c.setSavepoint();
                    try {
                        storeArrays(c, sql.insertStateOfArrays(), syncId, now, byKey.values());
                        return true;
                    } catch (SQLException e) {
                        if (!StateSql.isDuplicateKey(e)) {
                            throw e;
                        }
                        c.rollback(beforeInsert);
                    }
                }
                storeArrays(c, sql.upsertStateOfArrays(), syncId, now, byKey.values());
                return !expectNew;
            }
            try (PreparedStatement ps = c.prepareStatement(sql.upsertState())) {
                JdbcStatements.executeInBatches(ps, byKey.values(), (statement, fp) -> {
                    statement.setString(1, syncId);
                    statement.setString(2, fp.primaryKey());
                    statement.setString(3, fp.hash());
                    statement.setString(4, fp.identity());
                    statement.setObject(5, now);
                    statement.setObject(6, now);
                });
            }
            return true;
        });
    }

    /** PostgreSQL: the records' keys, hashes and identities as three arrays, in one statement. */
    private static void storeArrays(Connection c, String statement, String syncId, OffsetDateTime now,
            Collection<Fingerprint> records) throws SQLException {
        int n = records.size();
        String[] keys = new String[n];
        String[] hashes = new String[n];
        String[] identities = new String[n];
        int i = 0;
        for (Fingerprint fp : records) {
            keys[i] = fp.primaryKey();
            hashes[i] = fp.hash();
            identities[i++] = fp.identity();
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, syncId);
            ps.setObject(2, now);
            ps.setObject(3, now);
            ps.setArray(4, c.createArrayOf("varchar", keys));
            ps.setArray(5, c.createArrayOf("varchar", hashes));
            ps.setArray(6, c.createArrayOf("varchar", identities));
            ps.executeUpdate();
        }
    }

    void forget(String syncId, List<String> primaryKeys) {
        if (primaryKeys.isEmpty()) {
            return;
        }
        db.inTransaction("forget removed records of " + syncId, c -> {
            if (sql.setBased()) {
                try (PreparedStatement ps = c.prepareStatement(sql.deleteStateOfArray())) {
                    ps.setString(1, syncId);
                    ps.setArray(2, c.createArrayOf("varchar", primaryKeys.stream()
                            .map(key -> Objects.requireNonNull(key, "primaryKey"))
                            .toArray()));
                    ps.executeUpdate();
                }
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(sql.deleteState())) {
                JdbcStatements.executeInBatches(ps, primaryKeys, (statement, key) -> {
                    statement.setString(1, syncId);
                    statement.setString(2, Objects.requireNonNull(key, "primaryKey"));
                });
            }
            return null;
        });
    }
}
