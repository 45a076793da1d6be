package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/** How the JDBC store binds many rows or keys: batches of single-row statements, and IN lists in slices. */
final class JdbcStatements {

    /** Rows per JDBC batch: large enough to amortise round trips, small enough for any driver. */
    private static final int BATCH_SIZE = 1000;

    private JdbcStatements() {
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

    /** The acknowledged hashes of those of {@code keys} that the state holds: a read alone, no transaction. */
    static Map<String, String> readHashes(JdbcConnections db, StateSql sql, String syncId, List<String> keys) {
        return db.withConnection("classify records of " + syncId, c -> {
            Map<String, String> hashes = new HashMap<>(keys.size() * 2);
            readHashes(c, sql, syncId, keys, hashes);
            return hashes;
        });
    }

    /** Puts the acknowledged hash of each of {@code keys} that the state holds into {@code into}. */
    static void readHashes(Connection c, StateSql sql, String syncId, List<String> keys, Map<String, String> into)
            throws SQLException {
        queryKeys(c, sql, syncId, 1, keys, sql::selectStateHashes, rs -> {
            String hash = rs.getString(2);
            if (hash != null) {
                into.put(rs.getString(1), hash);
            }
        });
    }

    /** A row of a statement on keys. */
    @FunctionalInterface
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code query} (its one parameter the syncId) and hands each row to {@code row} while {@code more} holds,
     * read through a cursor {@code fetchSize} rows at a time: in a transaction, as PostgreSQL's driver reads through a
     * cursor only with auto-commit off (else it fetches every row at once, into the heap).
     */
    static void readThroughCursor(JdbcConnections db, String what, String query, String syncId, int fetchSize,
            BooleanSupplier more, Row row) {
        db.inTransaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setString(1, syncId);
                ps.setFetchSize(fetchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (more.getAsBoolean() && rs.next()) {
                        row.accept(rs);
                    }
                }
            }
            return null;
        });
    }

    /**
     * Runs a statement on keys ({@code statement} of the number of keys bound: ignored on PostgreSQL, which binds one
     * array) whose first {@code syncIds} parameters are the syncId: one statement on an array (PostgreSQL), else one
     * IN list a slice, padded with the slice's last key (whose row then comes more than once). Each row to {@code
     * row}.
     */
    static void queryKeys(Connection c, StateSql sql, String syncId, int syncIds, List<String> keys,
            IntFunction<String> statement, Row row) throws SQLException {
        SliceWork query = slice -> {
            int n = sql.setBased() ? slice.size() : StateSql.inListSize(slice.size());
            try (PreparedStatement ps = c.prepareStatement(statement.apply(n))) {
                for (int p = 1; p <= syncIds; p++) {
                    ps.setString(p, syncId);
                }
                if (sql.setBased()) {
                    ps.setArray(syncIds + 1, c.createArrayOf("varchar", slice.toArray()));
                } else {
                    setKeys(ps, syncIds + 1, slice);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.accept(rs);
                    }
                }
            }
        };
        if (sql.setBased()) {
            query.apply(keys);
        } else {
            forEachSlice(keys, query);
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
