package io.github.cameliterable.client;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The places of the shared budget in PostgreSQL: table {@value #TABLE} (created when missing), one row per API key
 * fingerprint, endpoint and limit, its places as text; each step reads the row under {@code SELECT ... FOR UPDATE},
 * applies {@link Places} on the database's {@code clock_timestamp()} (read once the row is locked) and writes it back
 * in the same transaction. The DataSource stays the caller's.
 */
final class PostgresPlaces implements PlaceStore {
    static final String TABLE = "iterable_rate_places";

    private final DataSource dataSource;
    private boolean created;

    PostgresPlaces(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Step<T> {
        T apply(Connection c) throws SQLException;
    }

    @Override
    public Taken take(String key, long id, int limit) {
        return inTransaction(c -> {
            long started = System.nanoTime();
            Places places = lock(c, key);
            long granted = places.take(id, limit, now(c));
            save(c, key, places);
            return new Taken(granted, started);
        });
    }

    @Override
    public void release(String key, long id, long tookMicros) {
        inTransaction(c -> {
            Places places = lock(c, key);
            places.release(id, tookMicros);
            save(c, key, places);
            return null;
        });
    }

    @Override
    public long[] peek(String key) {
        return inTransaction(c -> {
            Places places;
            try (PreparedStatement ps = c.prepareStatement("SELECT places FROM " + TABLE + " WHERE id = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    places = Places.decode(rs.next() ? rs.getString(1) : "");
                }
            }
            long now = now(c);
            return new long[]{places.expire(now), places.nextFree(now) - now};
        });
    }

    @Override
    public String describe() {
        return "PostgreSQL table " + TABLE;
    }

    @Override
    public void close() {
        // the DataSource is the caller's
    }

    private <T> T inTransaction(Step<T> step) {
        try (Connection c = dataSource.getConnection()) {
            createTable(c);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = step.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the rate budget's table " + TABLE + " failed: " + e.getMessage(), e);
        }
    }

    private static Places lock(Connection c, String key) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT places FROM " + TABLE + " WHERE id = ? FOR UPDATE")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Places.decode(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, places) VALUES (?, '')"
                    + " ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        }
        throw new SQLException("no row " + key + " in " + TABLE);
    }

    /** The database's clock, in microseconds, read after the row's lock was taken. */
    private static long now(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void save(Connection c, String key, Places places) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET places = ? WHERE id = ?")) {
            ps.setString(1, places.encode());
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    private void createTable(Connection c) throws SQLException {
        if (created) {
            return;
        }
        String ddl = "CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(200) PRIMARY KEY, places TEXT NOT NULL)";
        try (Statement st = c.createStatement()) {
            try {
                st.execute(ddl);
            } catch (SQLException raced) {
                // two JVMs creating the table at once: PostgreSQL lets one of them fail on its catalog; the table is there
                st.execute(ddl);
            }
        }
        created = true;
    }
}
