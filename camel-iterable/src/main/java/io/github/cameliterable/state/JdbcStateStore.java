package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on any JDBC {@link DataSource}: PostgreSQL, and H2 (the embedded store of earlier versions, see
 * {@link #embedded(Path)}; {@link RocksStateStore} is the embedded default now). The diff runs in the database, so a model of millions of rows never sits in the JVM's heap.
 *
 * <h2>Tables</h2> (names start with the table prefix, {@value #DEFAULT_TABLE_PREFIX} by default; created when
 * missing)
 * <ul>
 * <li>{@code <prefix>state (sync_id, primary_key, hash, identity, first_seen, last_seen)}: what Iterable
 * acknowledged, per sync and primary key.</li>
 * <li>{@code <prefix>run_keys (run_id, sync_id, primary_key)}: the keys seen by the runs in progress; a run's rows
 * are deleted when it finishes, a crashed run's rows when the next run of its sync begins.</li>
 * <li>{@code <prefix>first_seen (sync_id, message_id, state, created)}: the keys of
 * {@link #firstSeenRepository(String)}, {@code pending} until confirmed.</li>
 * <li>{@code <prefix>lease (sync_id, owner, expires_at)}: the syncs whose run is in progress in some process
 * ({@link #lease(String, Duration)}).</li>
 * </ul>
 *
 * <h2>First-seen keys after a crash</h2> A first-seen key is added ({@code pending}) before its action is sent and
 * confirmed after Iterable acknowledged it. When the JVM dies in between, the key stays pending and it is unknown
 * whether Iterable received the action. {@link #pendingFirstSeen(String)} lists such keys for a report. By default,
 * {@link #beginRun(String, boolean)} deletes the pending keys of its sync, so an action in flight at the crash is
 * repeated once by the next run (at least once, never lost); a confirmed key is never forgotten.
 *
 * <h2>Databases</h2> Pass a pooled {@link DataSource}; the store borrows a connection per operation and does not
 * close the DataSource. For PostgreSQL, {@code reWriteBatchedInserts=true} on the DataSource speeds up the batch
 * inserts. Runs of different syncs may proceed concurrently; runs of the same sync hold its lease, so that a second
 * process waits for the first instead of discarding its run.
 */
public final class JdbcStateStore implements StateStore {

    /** The prefix of the store's table names unless another is given. */
    public static final String DEFAULT_TABLE_PREFIX = "iterable_";

    /** The H2 database name inside the directory given to {@link #embedded(Path)}. */
    public static final String EMBEDDED_DATABASE_NAME = "iterable-state";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);

    private final DataSource dataSource;
    private final StateSql sql;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ScheduledExecutorService renewer;

    /** A store on {@code dataSource} with the default table prefix; creates the tables if missing. */
    public JdbcStateStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE_PREFIX);
    }

    /**
     * A store on {@code dataSource} whose tables start with {@code tablePrefix} (lower case letters, digits and
     * underscores); creates the tables if missing.
     */
    public JdbcStateStore(DataSource dataSource, String tablePrefix) {
        this(dataSource, tablePrefix, () -> {
        });
    }

    private JdbcStateStore(DataSource dataSource, String tablePrefix, Runnable onClose) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.onClose = onClose;
        try (Connection c = dataSource.getConnection()) {
            StateSql.Dialect dialect = StateSql.Dialect.of(c.getMetaData().getDatabaseProductName());
            this.sql = new StateSql(dialect, tablePrefix);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String ddl : sql.createTables()) {
                    createIfMissing(st, ddl);
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
            LOG.debug("State store ready on {} with tables {}, {}, {}", dialect, sql.stateTable, sql.runTable,
                    sql.firstSeenTable);
        } catch (SQLException e) {
            throw new StateStoreException("Cannot open the state store: " + e.getMessage(), e);
        }
    }

    /**
     * An H2 file database {@code <directory>/iterable-state} (created with the directory when missing), pooled by
     * H2's own {@link JdbcConnectionPool}, which {@link #close()} disposes: the embedded store of earlier versions,
     * which {@link RocksStateStore} migrates from.
     */
    public static JdbcStateStore embedded(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state store directory " + dir, e);
        }
        // MVStore is crash safe; WRITE_DELAY=0 writes each commit at once so a killed JVM loses no acknowledged
        // state; DB_CLOSE_ON_EXIT=FALSE leaves closing to close(), not to a JVM shutdown hook racing Camel's
        String url = "jdbc:h2:file:" + dir.resolve(EMBEDDED_DATABASE_NAME)
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try {
            return new JdbcStateStore(pool, DEFAULT_TABLE_PREFIX, pool::dispose);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /** Held in the lease table, renewed by a daemon thread of the store; see {@link JdbcLease}. */
    @Override
    public Lease lease(String syncId, Duration maxWait) {
        checkSyncId(syncId);
        return JdbcLease.acquire(this, syncId, maxWait, renewer());
    }

    @Override
    public long reset(String syncId) {
        checkSyncId(syncId);
        long staged = deleteInSlices("discard the staged keys of " + syncId, sql.deleteRunKeysOfSync(), syncId);
        long forgotten = deleteInSlices("reset the state of " + syncId, sql.deleteStateOfSync(), syncId);
        LOG.info("Sync {}: state reset, {} keys forgotten ({} staged keys discarded)", syncId, forgotten, staged);
        return forgotten;
    }

    private synchronized ScheduledExecutorService renewer() {
        if (renewer == null) {
            renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "IterableStateLease");
                thread.setDaemon(true);
                return thread;
            });
        }
        return renewer;
    }

    /**
     * Runs one {@code CREATE TABLE IF NOT EXISTS}. Replicas starting at once on a fresh PostgreSQL race: both see no
     * table, one creates it and the other fails on the catalog's unique index; run again, the statement finds it.
     */
    private static void createIfMissing(Statement st, String ddl) throws SQLException {
        try {
            st.execute(ddl);
        } catch (SQLException raced) {
            // 23505 on pg_type's index, 42P07 duplicate table or 42710 duplicate object (its row type), as timing has it
            if (!StateSql.isDuplicateKey(raced) && !"42P07".equals(raced.getSQLState())
                && !"42710".equals(raced.getSQLState())) {
                throw raced;
            }
            st.execute(ddl);
        }
    }

    @Override
    public Run beginRun(String syncId, boolean snapshot) {
        checkSyncId(syncId);
        String runId = UUID.randomUUID().toString();
        // a run that never finished (the JVM died) left its keys: they must not count as seen
        long staged = deleteInSlices("discard an unfinished run of " + syncId, sql.deleteRunKeysOfSync(), syncId);
        int pending = withConnection("discard pending first-seen keys of " + syncId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.deletePendingFirstSeen())) {
                ps.setString(1, syncId);
                return ps.executeUpdate();
            }
        });
        if (staged > 0 || pending > 0) {
            LOG.info("Sync {}: discarded {} keys staged by an unfinished earlier run and {} pending first-seen keys"
                    + " (their actions will be tried again)", syncId, staged, pending);
        }
        LOG.debug("Sync {}: run {} begins (snapshot={})", syncId, runId, snapshot);
        return new JdbcRun(this, syncId, runId, snapshot);
    }

    /** The first-seen repository of {@code syncId}; see {@link StateFirstSeenRepository} for its semantics. */
    @Override
    public StateFirstSeenRepository firstSeenRepository(String syncId) {
        checkSyncId(syncId);
        return new StateFirstSeenRepository(this, syncId);
    }

    /**
     * The first-seen keys of {@code syncId} added and never confirmed nor removed: actions in flight when an earlier
     * run crashed. Call it before {@link #beginRun(String, boolean)}, which deletes them so they are tried again.
     */
    public List<String> pendingFirstSeen(String syncId) {
        checkSyncId(syncId);
        return withConnection("list pending first-seen keys of " + syncId, c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.selectPendingFirstSeen())) {
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

    /** A row of the state table: its sync, its record, and when it was first and last acknowledged. */
    @FunctionalInterface
    interface StateRow {
        void accept(String syncId, Fingerprint record, Instant firstSeen, Instant lastSeen);
    }

    /** A row of the first-seen table. */
    @FunctionalInterface
    interface FirstSeenRow {
        void accept(String syncId, String key, boolean confirmed);
    }

    /** Streams every acknowledged record of every sync to {@code sink}, for a migration to another store. */
    void exportState(StateRow sink) {
        withConnection("read the state for a migration", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectAllState())) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1), new Fingerprint(rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getObject(5, OffsetDateTime.class).toInstant(),
                                rs.getObject(6, OffsetDateTime.class).toInstant());
                    }
                }
            }
            return null;
        });
    }

    /** Streams every first-seen key of every sync to {@code sink}, for a migration to another store. */
    void exportFirstSeen(FirstSeenRow sink) {
        withConnection("read the first-seen keys for a migration", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectAllFirstSeen()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), rs.getString(2), StateSql.CONFIRMED.equals(rs.getString(3)));
                }
            }
            return null;
        });
    }

    /** The prefix-qualified names of the store's tables: state, run keys, first seen, lease. */
    public List<String> tableNames() {
        return List.of(sql.stateTable, sql.runTable, sql.firstSeenTable, sql.leaseTable);
    }

    /** Disposes the embedded connection pool; a DataSource passed by the caller stays open. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            synchronized (this) {
                if (renewer != null) {
                    renewer.shutdownNow();
                }
            }
            onClose.run();
        }
    }

    // ---- for the run and the first-seen repository

    StateSql sql() {
        return sql;
    }

    /** For tests that look at the tables directly. */
    DataSource dataSource() {
        return dataSource;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        checkOpen();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                // a borrowed connection goes back to the pool as it came
                c.setAutoCommit(autoCommit);
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

    /** Runs {@code work} on a connection in auto-commit mode (single statements). */
    <T> T withConnection(String what, SqlWork<T> work) {
        checkOpen();
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

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The state store is closed");
        }
    }

    private static void checkSyncId(String syncId) {
        if (syncId == null || syncId.isBlank()) {
            throw new IllegalArgumentException("syncId must not be blank");
        }
    }
}
