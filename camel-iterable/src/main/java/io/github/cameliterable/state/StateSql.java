package io.github.cameliterable.state;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every SQL statement of the JDBC state store, for one table prefix and one database dialect. Identifiers are
 * unquoted lower case so that H2 (which folds them to upper case) and PostgreSQL (lower case) agree. The only
 * dialect differences are the two upserts, each decided in one method below.
 */
final class StateSql {

    /** The databases the store speaks to, detected from {@code DatabaseMetaData.getDatabaseProductName()}. */
    enum Dialect {
        H2,
        POSTGRESQL;

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
    }

    /** Rows per statement when H2 deletes a run's keys. */
    static final int DELETE_SLICE = 10_000;

    /** IN lists are padded to one of these sizes so the driver and database reuse a handful of statements. */
    static final int[] IN_LIST_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000};

    static final int MAX_IN_LIST = IN_LIST_SIZES[IN_LIST_SIZES.length - 1];

    static final String PENDING = "pending";
    static final String CONFIRMED = "confirmed";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    final Dialect dialect;
    final String stateTable;
    final String runTable;
    final String firstSeenTable;
    final String leaseTable;

    StateSql(Dialect dialect, String tablePrefix) {
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            // the prefix is spliced into SQL: only plain lower-case identifiers are safe and portable
            throw new IllegalArgumentException("Table prefix must match " + PREFIX.pattern() + ": " + tablePrefix);
        }
        this.dialect = dialect;
        this.stateTable = tablePrefix + "state";
        this.runTable = tablePrefix + "run_keys";
        this.firstSeenTable = tablePrefix + "first_seen";
        this.leaseTable = tablePrefix + "lease";
    }

    /** Portable DDL, run at every start; {@code IF NOT EXISTS} makes it idempotent on H2 and PostgreSQL. */
    List<String> createTables() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + stateTable + " ("
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "primary_key VARCHAR(1000) NOT NULL, "
                        + "hash VARCHAR(200) NOT NULL, "
                        + "identity VARCHAR(100000), "
                        + "first_seen TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "last_seen TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (sync_id, primary_key))",
                // keys seen by a run; no index on sync_id: it is only scanned when a crashed run is discarded
                "CREATE TABLE IF NOT EXISTS " + runTable + " ("
                        + "run_id VARCHAR(36) NOT NULL, "
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "primary_key VARCHAR(1000) NOT NULL, "
                        + "PRIMARY KEY (run_id, primary_key))",
                "CREATE TABLE IF NOT EXISTS " + firstSeenTable + " ("
                        + "sync_id VARCHAR(200) NOT NULL, "
                        + "message_id VARCHAR(1000) NOT NULL, "
                        + "state VARCHAR(16) NOT NULL, "
                        + "created TIMESTAMP WITH TIME ZONE NOT NULL, "
                        + "PRIMARY KEY (sync_id, message_id))",
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

    /** Every first-seen key of every sync, for a migration to another store. */
    String selectAllFirstSeen() {
        return "SELECT sync_id, message_id, state FROM " + firstSeenTable;
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
     * <p>
     * Each key is looked up by a correlated scalar subquery on the whole primary key, which H2 and PostgreSQL both
     * run as one index lookup per key whatever the table's statistics (the caller skips the nulls, so that the
     * subquery runs once per key). The plain form,
     * {@code run_id = ? AND primary_key IN (...)}, scanned every key of the run for each chunk (quadratic in the
     * model's size): H2 uses an index for IN only on the index's first column, and PostgreSQL, before its first
     * ANALYZE of a freshly filled table, plans a bitmap scan on run_id with the IN list as a filter (or a hash join
     * for a joined VALUES table).
     */
    String selectStagedKeys(int n) {
        return "SELECT k.primary_key, (SELECT 1 FROM " + runTable + " r WHERE r.run_id = ? AND r.primary_key = k.primary_key)"
                + " FROM " + keysTable(n);
    }

    /** Each key of a chunk with its acknowledged hash or null, looked up as {@link #selectStagedKeys(int)}. Parameters: sync_id, keys. */
    String selectStateHashes(int n) {
        return "SELECT k.primary_key, (SELECT s.hash FROM " + stateTable + " s WHERE s.sync_id = ? AND s.primary_key"
                + " = k.primary_key) FROM " + keysTable(n);
    }

    /** {@code (VALUES (?), (?), ...) AS k (primary_key)}, typed so that both databases compare it as text. */
    private static String keysTable(int n) {
        StringBuilder sb = new StringBuilder(n * 34 + 40).append("(VALUES ");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("(CAST(? AS VARCHAR(1000)))");
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

    /** Parameters: sync_id. */
    String countState() {
        return "SELECT COUNT(*) FROM " + stateTable + " WHERE sync_id = ?";
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
            // H2's MERGE ... KEY(...) would overwrite first_seen: the standard MERGE keeps it
            case H2 -> "MERGE INTO " + stateTable + " s USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1000)),"
                    + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(100000)), CAST(? AS TIMESTAMP WITH TIME ZONE),"
                    + " CAST(? AS TIMESTAMP WITH TIME ZONE)))"
                    + " AS v (sync_id, primary_key, hash, identity, first_seen, last_seen)"
                    + " ON s.sync_id = v.sync_id AND s.primary_key = v.primary_key"
                    + " WHEN MATCHED THEN UPDATE SET hash = v.hash, identity = v.identity, last_seen = v.last_seen"
                    + " WHEN NOT MATCHED THEN INSERT (sync_id, primary_key, hash, identity, first_seen, last_seen)"
                    + " VALUES (v.sync_id, v.primary_key, v.hash, v.identity, v.first_seen, v.last_seen)";
        };
    }

    String deleteState() {
        return "DELETE FROM " + stateTable + " WHERE sync_id = ? AND primary_key = ?";
    }

    // ---- leases

    /** Takes over an expired lease. Parameters: owner, expires_at, sync_id, now. */
    String takeExpiredLease() {
        return "UPDATE " + leaseTable + " SET owner = ?, expires_at = ? WHERE sync_id = ? AND expires_at < ?";
    }

    /** Takes a free lease; a held one is left alone (0 rows on PostgreSQL, a duplicate-key error on H2). Parameters: sync_id, owner, expires_at. */
    String insertLease() {
        String insert = "INSERT INTO " + leaseTable + " (sync_id, owner, expires_at) VALUES (?, ?, ?)";
        return switch (dialect) {
            case POSTGRESQL -> insert + " ON CONFLICT (sync_id) DO NOTHING";
            case H2 -> insert;
        };
    }

    /** Parameters: expires_at, sync_id, owner. */
    String renewLease() {
        return "UPDATE " + leaseTable + " SET expires_at = ? WHERE sync_id = ? AND owner = ?";
    }

    /** Parameters: sync_id, owner. */
    String releaseLease() {
        return "DELETE FROM " + leaseTable + " WHERE sync_id = ? AND owner = ?";
    }

    /** Parameters: sync_id. */
    String selectLeaseOwner() {
        return "SELECT owner FROM " + leaseTable + " WHERE sync_id = ?";
    }

    /** Forgets a sync's acknowledged keys. Parameters: sync_id. */
    String deleteStateOfSync() {
        return sliced("DELETE FROM " + stateTable + " WHERE sync_id = ?");
    }

    // ---- first seen

    /**
     * Adds a pending key; an existing key (pending or confirmed) is left alone. PostgreSQL reports it with an
     * update count of 0, H2 with a duplicate-key error; both are read by the caller.
     * Parameters: sync_id, message_id, created.
     */
    String insertFirstSeen() {
        String insert = "INSERT INTO " + firstSeenTable + " (sync_id, message_id, state, created) VALUES (?, ?, '"
                + PENDING + "', ?)";
        return switch (dialect) {
            // avoids an aborted statement and a server log line per duplicate
            case POSTGRESQL -> insert + " ON CONFLICT (sync_id, message_id) DO NOTHING";
            case H2 -> insert;
        };
    }

    String selectFirstSeen() {
        return "SELECT 1 FROM " + firstSeenTable + " WHERE sync_id = ? AND message_id = ?";
    }

    String confirmFirstSeen() {
        return "UPDATE " + firstSeenTable + " SET state = '" + CONFIRMED + "' WHERE sync_id = ? AND message_id = ?";
    }

    String deletePendingFirstSeenKey() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ? AND message_id = ? AND state = '" + PENDING + "'";
    }

    String deletePendingFirstSeen() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ? AND state = '" + PENDING + "'";
    }

    String selectPendingFirstSeen() {
        return "SELECT message_id FROM " + firstSeenTable + " WHERE sync_id = ? AND state = '" + PENDING
                + "' ORDER BY message_id";
    }

    String clearFirstSeen() {
        return "DELETE FROM " + firstSeenTable + " WHERE sync_id = ?";
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
