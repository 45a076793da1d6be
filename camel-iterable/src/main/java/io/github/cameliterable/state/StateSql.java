package io.github.cameliterable.state;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every SQL statement of the JDBC state store, for one table prefix and one database dialect. Identifiers are
 * unquoted lower case so that H2 (which folds them to upper case) and PostgreSQL (lower case) agree. The dialects
 * differ in the upserts and in PostgreSQL's statements on arrays, one a chunk, chosen by {@link #setBased()}.
 */
final class StateSql {

    /** The databases the store speaks to, detected from {@code DatabaseMetaData.getDatabaseProductName()}. */
    enum Dialect {
        H2, POSTGRESQL;

        static Dialect of(String productName) {
            String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
            if (name.equals("h2")) {
                return H2;
            }
            if (name.contains("postgresql")) {
                return POSTGRESQL;
            }
            throw new StateStoreException("Unsupported database for the state store: " + productName
                    + " (supported: H2, PostgreSQL)");
        }

        /**
         * {@code insert}, leaving a row that exists on {@code keyColumns} alone: PostgreSQL then answers 0 rows (no
         * aborted statement, no server log line), H2 a duplicate-key error for the caller to read.
         */
        String leavingExisting(String insert, String keyColumns) {
            return this == POSTGRESQL ? insert + " ON CONFLICT (" + keyColumns + ") DO NOTHING" : insert;
        }
    }

    /** The length of the primary key columns, in characters: a longer key is refused, never cut. */
    static final int MAX_KEY_LENGTH = 1000;

    /** Rows per statement when H2 deletes a run's keys. */
    static final int DELETE_SLICE = 10_000;

    /** IN lists are padded to one of these sizes so the driver and database reuse a handful of statements. */
    static final int[] IN_LIST_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000};

    static final int MAX_IN_LIST = IN_LIST_SIZES[IN_LIST_SIZES.length - 1];

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    final Dialect dialect;
    final String stateTable;
    final String runTable;
    final String firstSeenTable;
    final String intakeTable;
    final String failedTable;
    final String leaseTable;
    /** Marks of the store itself ({@link JdbcRowHash}). */
    final String storeTable;

    StateSql(Dialect dialect, String tablePrefix) {
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            // the prefix is spliced into SQL: only plain lower-case identifiers are safe and portable
            throw new IllegalArgumentException("Table prefix must match " + PREFIX.pattern() + ": " + tablePrefix);
        }
        this.dialect = dialect;
        this.stateTable = tablePrefix + "state";
        this.runTable = tablePrefix + "run_keys";
        this.firstSeenTable = tablePrefix + "first_seen";
        this.intakeTable = tablePrefix + "intake";
        this.failedTable = tablePrefix + "intake_failed";
        this.leaseTable = tablePrefix + "lease";
        this.storeTable = tablePrefix + "store";
    }

    /** True on PostgreSQL: a chunk is classified, acknowledged and forgotten by one statement on arrays. */
    boolean setBased() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Portable DDL, run at every start; {@code IF NOT EXISTS} makes it idempotent on H2 and PostgreSQL. */
    List<String> createTables() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + stateTable + " ("
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "primary_key VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
                        + "hash VARCHAR(200) NOT NULL, "
                        + "identity VARCHAR(100000), "
                        + "first_seen TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "last_seen TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (sync_id, primary_key))",
                // keys seen by a run where RocksDB does not load (else they are kept locally, LocalRunKeys); no index
                // on sync_id: it is only scanned when a crashed run is discarded
                "CREATE TABLE IF NOT EXISTS " + runTable + " ("
                        + "run_id VARCHAR(36) NOT NULL, "
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "primary_key VARCHAR(" + MAX_KEY_LENGTH + ") NOT NULL, "
                        + "PRIMARY KEY (run_id, primary_key))",
                "CREATE TABLE IF NOT EXISTS " + firstSeenTable + " ("
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "message_id VARCHAR(1000) NOT NULL, "
                        + "state VARCHAR(16) NOT NULL, "
                        + "created TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (sync_id, message_id))",
                "CREATE TABLE IF NOT EXISTS " + intakeTable + " ("
                        + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "claimed BOOLEAN NOT NULL, "
                        // the sender holding the claim and when it last renewed it (epoch milliseconds of its clock)
                        + "claimed_by VARCHAR(100), "
                        + "claimed_at BIGINT, "
                        + "record VARCHAR(1000000) NOT NULL, "
                        + "queued_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                // the sender's claim reads the oldest unclaimed rows of one sync
                "CREATE INDEX IF NOT EXISTS " + intakeTable + "_claim ON " + intakeTable + " (sync_id, claimed, id)",
                "CREATE TABLE IF NOT EXISTS " + failedTable + " ("
                        + "id BIGINT NOT NULL, "
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "primary_key VARCHAR(1000), "
                        + "field VARCHAR(1000), "
                        + "reason VARCHAR(10000) NOT NULL, "
                        + "record VARCHAR(1000000) NOT NULL, "
                        + "failed_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (sync_id, id))",
                // expires_at in epoch milliseconds of the holder's clock, renewed while the run goes on
                "CREATE TABLE IF NOT EXISTS " + leaseTable + " ("
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "owner VARCHAR(300) NOT NULL, "
                        + "expires_at BIGINT NOT NULL, "
                        + "PRIMARY KEY (sync_id))");
    }

    /** Every acknowledged record of every sync, for a migration to another store. */
    String selectAllState() {
        return "SELECT sync_id, primary_key, hash, identity, first_seen, last_seen FROM " + stateTable;
    }

    /** The smallest padded IN-list size that holds {@code n} keys ({@code n <= MAX_IN_LIST}). */
    static int inListSize(int n) {
        for (int size : IN_LIST_SIZES) {
            if (n <= size) {
                return size;
            }
        }
        throw new IllegalArgumentException("IN list too long: " + n);
    }

    // ---- runs

    String insertRunKey() {
        return "INSERT INTO " + runTable + " (run_id, sync_id, primary_key) VALUES (?, ?, ?)";
    }

    /**
     * Each key of a chunk with 1 when the run already staged it, else null. Parameters: run_id, then {@code n} keys.
     * Each key is looked up by a correlated scalar subquery on the whole primary key, one index look-up a key in H2
     * and PostgreSQL whatever the statistics. The plain {@code run_id = ? AND primary_key IN (...)} scanned every key
     * of the run for each chunk: H2 uses an index for IN only on its first column, and PostgreSQL, before its first
     * ANALYZE of a freshly filled table, planned a bitmap scan on run_id (or a hash join for a joined VALUES table).
     */
    String selectStagedKeys(int n) {
        return "SELECT k.primary_key, (SELECT 1 FROM " + runTable + " r WHERE r.run_id = ? AND r.primary_key = k.primary_key)"
                + " FROM " + keysTable(n);
    }

    /** Each key of an array (PostgreSQL) or of {@code n} bound keys with its hash or null. Parameters: sync_id, keys. */
    String selectStateHashes(int n) {
        return "SELECT k.primary_key, " + stateColumnOf("hash", "k.primary_key") + " FROM " + keys(n);
    }

    /**
     * PostgreSQL's classification of a chunk in one statement: stages the chunk's keys (distinct) for the run and
     * returns each key the run had not staged before with its acknowledged hash, or null when the state has none; a
     * key not returned was staged by an earlier chunk. Arrays instead of one bound parameter per key keep it one
     * statement whatever the chunk's size. Parameters: run_id, sync_id, keys (an array), sync_id.
     */
    String stageKeysReturningHashes() {
        return "WITH fresh AS (INSERT INTO " + runTable + " (run_id, sync_id, primary_key)"
                + " SELECT ?, ?, u.k FROM unnest(CAST(? AS VARCHAR[])) AS u (k)"
                + " ON CONFLICT (run_id, primary_key) DO NOTHING RETURNING primary_key)"
                + " SELECT f.primary_key, " + stateColumnOf("hash", "f.primary_key") + " FROM fresh f";
    }

    /**
     * The acknowledged {@code column} of the key {@code keyExpression} names, or null: a scalar subquery, one index
     * look-up a key whatever the plan. As a join, PostgreSQL's custom plans for an array (which know its length) chose
     * a hash join over a scan of the whole state table, 650 ms a chunk of 1,000 keys instead of 10. Parameter: sync_id.
     */
    private String stateColumnOf(String column, String keyExpression) {
        return "(SELECT s." + column + " FROM " + stateTable + " s WHERE s.sync_id = ? AND s.primary_key = "
                + keyExpression + ")";
    }

    /**
     * {@code (VALUES (?), (?), ...) AS k (primary_key)}, typed so that both databases compare it as text, of any
     * length (cast to the column's length, a longer key would be cut).
     */
    private static String keysTable(int n) {
        StringBuilder sb = new StringBuilder(n * 34 + 40).append("(VALUES ");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("(CAST(? AS VARCHAR))");
        }
        return sb.append(") AS k (primary_key)").toString();
    }

    /**
     * Deletes at most {@link #DELETE_SLICE} keys of a run (H2) or all of them (PostgreSQL); repeated until fewer
     * are deleted. H2 keeps a large transaction's undo log, so slices are much faster than one huge delete.
     * Parameters: run_id.
     */
    String deleteRunKeysOfRun() {
        return sliced("DELETE FROM " + runTable + " WHERE run_id = ?");
    }

    /** Parameters: sync_id. */
    String countRunKeysOfSync() {
        return "SELECT COUNT(*) FROM " + runTable + " WHERE sync_id = ?";
    }

    /** As {@link #deleteRunKeysOfRun()}, for every run of a sync (a scan: only crashed runs leave rows). */
    String deleteRunKeysOfSync() {
        return sliced("DELETE FROM " + runTable + " WHERE sync_id = ?");
    }

    private String sliced(String delete) {
        return switch (dialect) {
            case H2 -> delete + " FETCH FIRST " + DELETE_SLICE + " ROWS ONLY";
            // PostgreSQL has no DELETE ... LIMIT and deletes in bulk fast
            case POSTGRESQL -> delete;
        };
    }

    /**
     * One page of the set difference "acknowledged before, not seen in this run", in key order. Keyset pagination
     * ({@code primary_key > ?}) instead of an open cursor lets the consumer delete rows between pages.
     * Parameters: sync_id, run_id, [last key], limit.
     */
    String selectRemovedPage(boolean afterKey) {
        return "SELECT s.primary_key, s.hash, s.identity FROM " + stateTable + " s"
                + " WHERE s.sync_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM " + runTable + " r WHERE r.run_id = ? AND r.primary_key = s.primary_key)"
                + (afterKey ? " AND s.primary_key > ?" : "")
                // sync_id first, though fixed: H2 then reads the primary key index in order instead of sorting
                + " ORDER BY s.sync_id, s.primary_key"
                + " LIMIT ?";
    }

    /**
     * A sync's acknowledged keys in key order, for the removal walk of a run whose keys are kept locally ({@link
     * LocalRunKeys}), read through a cursor. Parameters: sync_id.
     */
    String selectStateKeys() {
        return "SELECT primary_key FROM " + stateTable + " WHERE sync_id = ? ORDER BY sync_id, primary_key";
    }

    /**
     * Each key of an array (PostgreSQL, {@code n} ignored) or of {@code n} bound keys with its acknowledged hash and
     * identity, or nulls. Parameters: sync_id, sync_id, keys.
     */
    String selectFingerprints(int n) {
        return "SELECT k.primary_key, " + stateColumnOf("hash", "k.primary_key") + ", "
                + stateColumnOf("identity", "k.primary_key") + " FROM " + keys(n);
    }

    /** The keys of a statement on keys: an array on PostgreSQL, else {@code n} bound keys. */
    private String keys(int n) {
        return setBased() ? "unnest(CAST(? AS VARCHAR[])) AS k (primary_key)" : keysTable(n);
    }

    /** A sync's keys and hashes, in no order (a scan). Parameters: sync_id. */
    String selectStateHashesOfSync() {
        return "SELECT primary_key, hash FROM " + stateTable + " WHERE sync_id = ?";
    }

    /** Parameters: sync_id. */
    String countState() {
        return "SELECT COUNT(*) FROM " + stateTable + " WHERE sync_id = ?";
    }

    /** 1 when the sync's state holds a key, else 0: one index look-up. Parameters: sync_id. */
    String countStateUpToOne() {
        return "SELECT COUNT(*) FROM (SELECT 1 FROM " + stateTable + " WHERE sync_id = ? FETCH FIRST 1 ROWS ONLY) AS s";
    }

    /** The size of the set difference of {@link #selectRemovedPage(boolean)}. Parameters: sync_id, run_id. */
    String countRemoved() {
        return "SELECT COUNT(*) FROM " + stateTable + " s WHERE s.sync_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM " + runTable + " r WHERE r.run_id = ? AND r.primary_key = s.primary_key)";
    }

    // ---- state

    /**
     * Stores the acknowledged hash and identity; first_seen is set on insert only.
     * Parameters: sync_id, primary_key, hash, identity, now.
     */
    String upsertState() {
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + stateTable
                    + " (sync_id, primary_key, hash, identity, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (sync_id, primary_key) DO UPDATE SET hash = EXCLUDED.hash,"
                    + " identity = EXCLUDED.identity, last_seen = EXCLUDED.last_seen";
            // H2's MERGE ... KEY(...) would overwrite first_seen: the standard MERGE keeps it; the casts have no
            // length, so that a value longer than its column is refused, not cut
            case H2 -> "MERGE INTO " + stateTable + " s USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                    + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE),"
                    + " CAST(? AS TIMESTAMP WITH TIME ZONE)))"
                    + " AS v (sync_id, primary_key, hash, identity, first_seen, last_seen)"
                    + " ON s.sync_id = v.sync_id AND s.primary_key = v.primary_key"
                    + " WHEN MATCHED THEN UPDATE SET hash = v.hash, identity = v.identity, last_seen = v.last_seen"
                    + " WHEN NOT MATCHED THEN INSERT (sync_id, primary_key, hash, identity, first_seen, last_seen)"
                    + " VALUES (v.sync_id, v.primary_key, v.hash, v.identity, v.first_seen, v.last_seen)";
        };
    }

    /**
     * PostgreSQL's {@link #upsertState()} of a whole chunk in one statement (its keys distinct).
     * Parameters: sync_id, now, now, keys, hashes, identities (VARCHAR arrays of one length).
     */
    String upsertStateOfArrays() {
        return insertStateOfArrays() + " ON CONFLICT (sync_id, primary_key) DO UPDATE SET hash = EXCLUDED.hash,"
                + " identity = EXCLUDED.identity, last_seen = EXCLUDED.last_seen";
    }

    /** {@link #upsertStateOfArrays()} of keys the state is not expected to hold: half its cost, failing on one it does. */
    String insertStateOfArrays() {
        return "INSERT INTO " + stateTable + " (sync_id, primary_key, hash, identity, first_seen, last_seen)"
                + " SELECT ?, u.k, u.h, u.i, ?, ? FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]),"
                + " CAST(? AS VARCHAR[])) AS u (k, h, i)";
    }

    /** PostgreSQL's {@link #deleteState()} of a whole chunk. Parameters: sync_id, keys (a VARCHAR array). */
    String deleteStateOfArray() {
        return "DELETE FROM " + stateTable + " WHERE sync_id = ? AND primary_key = ANY (CAST(? AS VARCHAR[]))";
    }

    String deleteState() {
        return "DELETE FROM " + stateTable + " WHERE sync_id = ? AND primary_key = ?";
    }

    /** Forgets a sync's acknowledged keys. Parameters: sync_id. */
    String deleteStateOfSync() {
        return sliced("DELETE FROM " + stateTable + " WHERE sync_id = ?");
    }

    /** The first-seen keys' statements, on this prefix's first-seen table. */
    FirstSeenSql firstSeen() {
        return new FirstSeenSql(firstSeenTable, dialect);
    }

    /** The leases' statements, on this prefix's lease table. */
    LeaseSql leases() {
        return new LeaseSql(leaseTable, dialect);
    }

    /** The durable intake's statements, on this prefix's intake and failed-records tables. */
    IntakeSql intake() {
        return new IntakeSql(intakeTable, failedTable);
    }

    /** True when the exception (or one it chains) is a unique or primary key violation. */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            // 23505: unique violation (H2, PostgreSQL); 23000: the generic integrity class of other drivers
            if ("23505".equals(state) || "23000".equals(state)) {
                return true;
            }
        }
        return false;
    }
}
