package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

/**
 * How the JDBC classes of this package reach the database: a connection borrowed per operation, in one transaction
 * or in auto-commit mode, given back as it came; every {@link SQLException} becomes a {@link StateStoreException}
 * naming what failed. Closed with its {@link JdbcStateStore}, after which every operation is refused.
 */
final class JdbcConnections {

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Connections kept between the transactions of a frequent writer, by the writer's name. */
    private final Map<String, JdbcKeptConnection> kept = new ConcurrentHashMap<>();
    /** Whether frequent writers keep their connection: only on an unpooled DataSource (see {@link #keepConnections}). */
    private volatile boolean keepConnections;

    JdbcConnections(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The time written into the tables: UTC, so every process and database reads it alike. */
    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /**
     * Creates the tables that are missing and returns the statements of the database's dialect. Replicas starting at
     * once on a fresh PostgreSQL race: both see no table, one creates it and the other fails on the catalog's unique
     * index; run again, the statement finds it.
     */
    Tables createTables(String tablePrefix) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            StateSql sql = new StateSql(StateSql.Dialect.of(c.getMetaData().getDatabaseProductName()), tablePrefix);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                boolean made = !JdbcRowHash.stateExists(st, sql);
                executeDdl(st, JdbcRowHash.createTable(sql));
                if (made) {
                    JdbcRowHash.mark(st, sql); // before the state table is made
                }
                for (String ddl : sql.createTables()) {
                    executeDdl(st, ddl);
                }
                return new Tables(sql, JdbcRowHash.read(st, sql));
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Runs one statement of DDL; a replica that raced it to the catalog makes it run again (and find its work done). */
    private static void executeDdl(Statement st, String ddl) throws SQLException {
        try {
            st.execute(ddl);
        } catch (SQLException raced) {
            // 23505 on pg_type's index, 42P07 duplicate table or 42710 duplicate object (its row type)
            if (!StateSql.isDuplicateKey(raced) && !"42P07".equals(raced.getSQLState())
                    && !"42710".equals(raced.getSQLState())) {
                throw raced;
            }
            st.execute(ddl);
        }
    }

    /** The statements of the database's dialect, and the row hash of its state ({@link JdbcRowHash}). */
    record Tables(StateSql sql, RowHash.Function rowHash) {
    }

    /**
     * Frequent writers keep a connection between their transactions from now on: for an unpooled DataSource, whose
     * every borrow opens a database connection. Never on a pool: a kept connection is one the pool cannot lend to
     * the store's other operations, and a small pool (even of one connection) must keep working.
     */
    void keepConnections() {
        keepConnections = true;
    }

    /**
     * As {@link #inTransaction}, on a connection kept for the writer {@code writer} between its transactions (see
     * {@link JdbcKeptConnection}) when {@link #keepConnections} was called: for a writer that commits many small
     * transactions, each of which would otherwise open a database connection.
     */
    <T> T inKeptTransaction(String writer, String what, SqlWork<T> work) {
        if (!keepConnections) {
            return inTransaction(what, work);
        }
        checkOpen();
        try {
            return kept.computeIfAbsent(writer, name -> new JdbcKeptConnection(dataSource)).inTransaction(work);
        } catch (SQLException e) {
            throw new StateStoreException("State store: cannot " + what + ": " + e.getMessage(), e);
        } finally {
            if (closed.get()) {
                kept.values().forEach(JdbcKeptConnection::close); // closed meanwhile: not kept past the store
            }
        }
    }

    /**
     * How long the DataSource takes to give a connection, one having been given back just before: microseconds for a
     * pool, a new database connection's time (about 20 ms on a local PostgreSQL) for an unpooled DataSource. The
     * fastest of three borrows: a pool on a busy machine or database took 10 ms once, and was taken for unpooled.
     */
    long borrowNanos() throws SQLException {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                fastest = Math.min(fastest, System.nanoTime() - start);
            }
        }
        return fastest;
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        checkOpen();
        releaseIdle();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                return commitOrRollBack(c, work);
            } finally {
                // a borrowed connection goes back to the pool as it came
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StateStoreException("State store: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} on {@code c} (auto-commit off) and commits; rolls back when it throws (a failed rollback is
     * added to the failure).
     */
    static <T> T commitOrRollBack(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T result = work.apply(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements). */
    <T> T withConnection(String what, SqlWork<T> work) {
        checkOpen();
        releaseIdle();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                return work.apply(c);
            }
            c.setAutoCommit(true);
            try {
                return work.apply(c);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new StateStoreException("State store: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Runs a (possibly sliced) delete with one string parameter until it deletes less than a slice. */
    long deleteInSlices(String what, String delete, String parameter) {
        return withConnection(what, c -> {
            long total = 0;
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                int deleted;
                do {
                    ps.setString(1, parameter);
                    deleted = ps.executeUpdate();
                    total += deleted;
                } while (deleted >= StateSql.DELETE_SLICE);
            }
            return total;
        });
    }

    /** Runs a {@code SELECT COUNT(*)} with string parameters. */
    long count(String what, String query, String... parameters) {
        return withConnection(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Gives back the kept connections unused for a while: every other operation of the store looks. */
    private void releaseIdle() {
        if (!kept.isEmpty()) {
            kept.values().forEach(JdbcKeptConnection::releaseIfIdle);
        }
    }

    /** True the first time only: the caller then releases what the store holds; the kept connections are given back. */
    boolean close() {
        boolean first = closed.compareAndSet(false, true);
        if (first) {
            kept.values().forEach(JdbcKeptConnection::close);
        }
        return first;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The state store is closed");
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
