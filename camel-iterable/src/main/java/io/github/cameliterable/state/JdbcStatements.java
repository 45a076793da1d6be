package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

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
