package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on any JDBC {@link DataSource}: PostgreSQL, and H2 (the embedded store of earlier versions, see
 * {@link #embedded(Path)}; {@link RocksStateStore} is the embedded default now). The diff runs in the database, so a
 * model of millions of rows never sits in the JVM's heap.
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
 * whether Iterable received the action. {@link #pendingFirstSeen(String)} lists such keys for a report.
 * {@link #recover(String)}, called when the sync's endpoint starts, deletes the pending keys of its sync, so an action
 * in flight at the crash is repeated once (at least once, never lost); a confirmed key is never forgotten.
 *
 * <h2>Databases</h2> Pass a pooled {@link DataSource}; the store borrows a connection per operation and does not
 * close the DataSource. On PostgreSQL a run classifies a chunk of records with one statement on arrays (its keys
 * staged and their hashes read at once), and acknowledges or forgets a chunk with another, whatever the driver's
 * options; on H2, with IN lists and JDBC batches. For PostgreSQL, {@code reWriteBatchedInserts=true} on the
 * DataSource still speeds up the durable intake's batch inserts. Runs of different syncs may proceed concurrently; runs
 * of the same sync hold its lease, so that a second process waits for the first instead of discarding its run.
 *
 * <h2>Classes</h2> {@link JdbcConnections} borrows the connections and creates the tables; {@link JdbcRun} is a run,
 * {@link JdbcLease} a sync's lease, {@link JdbcSyncState} the stream methods, recovery and reset,
 * {@link JdbcStateExport} the reading of every row for a migration, {@link JdbcIntakeQueue} the durable intake.
 */
public final class JdbcStateStore implements StateStore {

    /** The prefix of the store's table names unless another is given. */
    public static final String DEFAULT_TABLE_PREFIX = "iterable_";

    /** The H2 database name inside the directory given to {@link #embedded(Path)}. */
    public static final String EMBEDDED_DATABASE_NAME = "iterable-state";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStateStore.class);
    /** A borrow at least this long, right after a connection was given back, is a new database connection. */
    private static final long UNPOOLED_BORROW_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final JdbcConnections db;
    private final StateSql sql;
    private final RowHash.Function rowHash; // the state's own (JdbcRowHash)
    private final JdbcSyncState syncState;
    private final Runnable onClose;
    /** The keys of each sync's open run, where they are kept locally. */
    private final Map<String, LocalRunKeys> localRuns = new ConcurrentHashMap<>();
    /** The syncs whose open run finds new keys only ({@link #expectNewKeys}). */
    private final Set<String> newKeysExpected = ConcurrentHashMap.newKeySet();
    private volatile boolean stageKeysInDatabase;
    private ExecutorService lookAhead;
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
        this.db = new JdbcConnections(dataSource);
        this.onClose = onClose;
        try {
            JdbcConnections.Tables tables = db.createTables(tablePrefix);
            this.sql = tables.sql();
            this.rowHash = tables.rowHash();
            if (looksUnpooled(dataSource, db.borrowNanos())) {
                db.keepConnections();
            }
        } catch (SQLException e) {
            throw new StateStoreException("Cannot open the state store: " + e.getMessage(), e);
        }
        this.syncState = new JdbcSyncState(db, sql);
        LOG.debug("State store ready on {} with tables {}, {}, {}", sql.dialect, sql.stateTable, sql.runTable,
                sql.firstSeenTable);
    }

    @Override
    public RowHash.Function rowHash() {
        return rowHash;
    }

    /**
     * Whether the DataSource opens a database connection each time (PostgreSQL's {@code PGSimpleDataSource}): it takes
     * milliseconds to give a connection right after one was given back. Said once, as every operation of the store
     * pays it; the durable intake's adds and its sender then keep their connections (a synchronous source's every
     * message waited about 65 ms on PostgreSQL before, 6 ms after, 1.7 ms on a pool; see docs/streams.md).
     */
    private static boolean looksUnpooled(DataSource dataSource, long borrowNanos) {
        boolean unpooled = borrowNanos >= UNPOOLED_BORROW_NANOS || isUnpooledKind(dataSource);
        if (unpooled) {
            LOG.warn("The state store's DataSource ({}) took {} ms to give a connection: it looks unpooled, so each"
                    + " operation of the store opens a database connection. Give it a pool (HikariCP, Agroal, your"
                    + " platform's), above all for streams (the durable intake, one record per exchange)",
                    dataSource.getClass().getName(), TimeUnit.NANOSECONDS.toMillis(borrowNanos));
        }
        return unpooled;
    }

    /**
     * A DataSource of a kind that opens a connection each time, known by its class (or the class it wraps): the time
     * of one borrow alone missed a local PostgreSQL that answered within 5 ms.
     */
    private static boolean isUnpooledKind(DataSource dataSource) {
        for (String name : UNPOOLED_KINDS) {
            try {
                Class<?> kind = Class.forName(name, false, dataSource.getClass().getClassLoader());
                if (kind.isInstance(dataSource) || dataSource.isWrapperFor(kind)) {
                    return true;
                }
            } catch (ClassNotFoundException | SQLException | RuntimeException | LinkageError e) {
                // not on the application's classpath, or a DataSource that cannot tell: the time decides
            }
        }
        return false;
    }

    private static final List<String> UNPOOLED_KINDS = List.of("org.postgresql.ds.PGSimpleDataSource",
            "org.springframework.jdbc.datasource.DriverManagerDataSource",
            "org.springframework.jdbc.datasource.SimpleDriverDataSource");

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

    /** Where runs read hashes ahead ({@link JdbcRun#lookAhead}): daemon threads, made when needed. */
    synchronized Executor lookAheadExecutor() {
        if (lookAhead == null) {
            lookAhead = Executors.newCachedThreadPool(daemonThreads("IterableStateLookAhead"));
        }
        return lookAhead;
    }

    /** Held in the lease table, renewed by a daemon thread of the store; see {@link JdbcLease}. */
    @Override
    public Lease lease(String syncId, Duration maxWait) {
        checkSyncId(syncId);
        return JdbcLease.acquire(this, syncId, maxWait, renewer());
    }

    private synchronized ScheduledExecutorService renewer() {
        if (renewer == null) {
            renewer = Executors.newSingleThreadScheduledExecutor(daemonThreads("IterableStateLease"));
        }
        return renewer;
    }

    /** The store's own threads never keep a JVM alive. */
    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public Run beginRun(String syncId, boolean snapshot) {
        checkSyncId(syncId);
        String runId = UUID.randomUUID().toString();
        // a run that never finished (the JVM died) left its keys: they must not count as seen
        long staged = db.deleteInSlices("discard an unfinished run of " + syncId, sql.deleteRunKeysOfSync(), syncId);
        if (staged > 0) {
            LOG.info("Sync {}: discarded {} keys staged by an unfinished earlier run", syncId, staged);
        }
        LOG.debug("Sync {}: run {} begins (snapshot={})", syncId, runId, snapshot);
        LocalRunKeys local = stageKeysInDatabase ? null : openLocalKeys(syncId);
        if (local != null) {
            localRuns.put(syncId, local);
        }
        return new JdbcRun(this, syncId, runId, snapshot, local);
    }

    /**
     * The run's keys beside the JVM, or null (staged in the database) where they cannot be: a read-only file system
     * (a pod's, without a volume at {@code java.io.tmpdir}), a full disk. Slower, never a failed run.
     */
    private LocalRunKeys openLocalKeys(String syncId) {
        try {
            return LocalRunKeys.open(syncId);
        } catch (RuntimeException e) {
            LOG.warn("Sync {}: the run's keys are staged in the database (slower), as they cannot be kept beside the JVM:"
                    + " {}", syncId, e.getMessage());
            return null;
        }
    }

    /** A run's keys kept locally were let go. */
    void localRunEnded(String syncId, LocalRunKeys local) {
        localRuns.remove(syncId, local);
    }

    /** How many keys the open run of {@code syncId} has seen (kept locally, or staged in the database). */
    long stagedKeys(String syncId) {
        LocalRunKeys local = localRuns.get(syncId);
        return (local == null ? 0 : local.held())
                + db.count("count the staged keys of " + syncId, sql.countRunKeysOfSync(), syncId);
    }

    /** Runs begun from now on stage their keys in the database, as where RocksDB does not load (for tests). */
    void stageKeysInDatabase() {
        stageKeysInDatabase = true;
    }

    @Override
    public long reset(String syncId) {
        checkSyncId(syncId);
        return syncState.reset(syncId);
    }

    @Override
    public void recover(String syncId) {
        checkSyncId(syncId);
        syncState.recover(syncId);
    }

    @Override
    public List<RecordClass> classify(String syncId, List<Fingerprint> records) {
        checkSyncId(syncId);
        return syncState.classify(syncId, records);
    }

    @Override
    public void acknowledge(String syncId, List<Fingerprint> acknowledged) {
        checkSyncId(syncId);
        if (!syncState.acknowledge(syncId, acknowledged, newKeysExpected.contains(syncId))) {
            newKeysExpected.remove(syncId);
        }
    }

    /**
     * Whether the open run of {@code syncId} is finding only keys the state does not hold (its last chunk found no
     * hash), as a first run does: its acknowledgements are then inserted, not upserted.
     */
    void expectNewKeys(String syncId, boolean expected) {
        if (expected) {
            newKeysExpected.add(syncId);
        } else {
            newKeysExpected.remove(syncId);
        }
    }

    @Override
    public void forget(String syncId, List<String> primaryKeys) {
        checkSyncId(syncId);
        syncState.forget(syncId, primaryKeys);
    }

    /** The first-seen repository of {@code syncId}; see {@link StateFirstSeenRepository} for its semantics. */
    @Override
    public StateFirstSeenRepository firstSeenRepository(String syncId) {
        checkSyncId(syncId);
        return new StateFirstSeenRepository(this, syncId);
    }

    /**
     * The first-seen keys of {@code syncId} added and never confirmed nor removed: actions in flight when an earlier
     * run crashed. Call it before {@link #recover(String)}, which deletes them so they are tried again.
     */
    public List<String> pendingFirstSeen(String syncId) {
        checkSyncId(syncId);
        return syncState.pendingFirstSeen(syncId);
    }

    /** Streams every acknowledged record of every sync to {@code sink}, for a migration to another store. */
    void exportState(JdbcStateExport.StateRow sink) {
        new JdbcStateExport(db, sql).exportState(sink);
    }

    /** Streams every first-seen key of every sync to {@code sink}, for a migration to another store. */
    void exportFirstSeen(JdbcStateExport.FirstSeenRow sink) {
        new JdbcStateExport(db, sql).exportFirstSeen(sink);
    }

    /** The durable intake in the same database: {@code <prefix>intake} and {@code <prefix>intake_failed}. */
    @Override
    public IntakeQueue intakeQueue() {
        return new JdbcIntakeQueue(this);
    }

    /**
     * The prefix-qualified names of the store's tables: state, run keys, first seen, lease, intake, failed records, and
     * the store's own marks.
     */
    public List<String> tableNames() {
        return List.of(sql.stateTable, sql.runTable, sql.firstSeenTable, sql.leaseTable, sql.intakeTable, sql.failedTable,
                sql.storeTable);
    }

    /** Disposes the embedded connection pool; a DataSource passed by the caller stays open. */
    @Override
    public void close() {
        if (db.close()) {
            synchronized (this) {
                if (renewer != null) {
                    renewer.shutdownNow();
                }
                if (lookAhead != null) {
                    lookAhead.shutdownNow();
                }
            }
            onClose.run();
        }
    }

    // ---- for the run, the lease, the first-seen repository and the intake: see JdbcConnections

    StateSql sql() {
        return sql;
    }

    /** For tests that look at the tables directly. */
    DataSource dataSource() {
        return db.dataSource();
    }

    /** Connections, transactions, sliced deletes and counts, for the run, the lease, the intake and first seen. */
    JdbcConnections db() {
        return db;
    }

    private static void checkSyncId(String syncId) {
        if (syncId == null || syncId.isBlank()) {
            throw new IllegalArgumentException("syncId must not be blank");
        }
    }
}
