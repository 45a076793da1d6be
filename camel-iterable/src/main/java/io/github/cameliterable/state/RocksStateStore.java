package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded state store: a RocksDB database in {@code <directory>/}{@value #DATABASE_NAME}, made for "primary key
 * -> hash" at the rate ceiling: a lookup is a few microseconds, a row takes a few dozen bytes on disk, and the model
 * never sits in the JVM's heap (RocksDB keeps its memtables and block cache in native memory, 128 MB at most).
 *
 * <h2>Column families</h2> (every key starts with its syncId, length-prefixed, so each sync is one key range)
 * <ul>
 * <li>{@code state}: primary key -> {@link StoredState} (16-byte hash, first and last seen, identity).</li>
 * <li>{@code run_keys}: the keys seen by the run in progress of each sync, written without the write-ahead log (a
 * crashed run's keys are discarded by the next run anyway) and range-deleted when the run finishes.</li>
 * <li>{@code first_seen}: the keys of {@link #firstSeenRepository(String)}, pending or confirmed.</li>
 * <li>{@code intake} and {@code intake_failed}: the durable intake ({@link RocksIntakeQueue}), whose adds are
 * appended first to a ring file beside the database, {@code iterable-intake.ring} ({@link RocksIntakeLog}).</li>
 * </ul>
 * Acknowledged state, first-seen keys and queued records go through the write-ahead log or the ring: a killed JVM
 * loses none of them. Neither is synced to the disk on each write (a power loss may lose the last moments), except the
 * intake's accepts through {@link #intakeQueue(boolean) intakeQueue(true)}, which bypass the ring.
 *
 * <h2>One process</h2> RocksDB's LOCK file keeps any other process out of the directory: a second JVM on the same
 * directory fails at start with a clear message. Runs of different syncs may proceed concurrently in this JVM.
 *
 * <h2>Earlier versions</h2> The embedded store used to be an H2 file ({@code iterable-state.mv.db}), and the durable
 * intake another under {@code intake/}: {@link RocksMigration} takes both over on open and renames them
 * {@code .migrated}; delete those files once satisfied.
 */
public final class RocksStateStore implements StateStore {

    public static final String DATABASE_NAME = "iterable-state.rocksdb"; // the directory inside the state directory

    private static final Logger LOG = LoggerFactory.getLogger(RocksStateStore.class);

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private volatile RocksIntakeQueue intake; // the durable intake, opened on first use
    /** The memory runs may hold their keys in ({@link HeldRunKeys}); tests give none, so that RocksDB keeps them. */
    HeldRunKeys.Budget runKeysBudget = HeldRunKeys.JVM_BUDGET;
    /** The size of the durable intake's ring when it is made (tests make it small, to wrap it often). */
    int intakeRingSize = RocksIntakeRing.SIZE;
    /** Whether close moves the ring's records into the database (tests leave them there, as a killed JVM does). */
    boolean moveRingOnClose = true;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    /** The native memory of the block cache, memtables included. */
    private static final long NATIVE_MEMORY = 128L * 1024 * 1024;

    private final LRUCache blockCache;
    private final WriteBufferManager writeBuffers;
    private final RocksDB db;
    final ColumnFamilyHandle defaultFamily;
    final ColumnFamilyHandle state;
    final ColumnFamilyHandle runKeys;
    final ColumnFamilyHandle firstSeen;
    final ColumnFamilyHandle intakeFamily;
    private final ColumnFamilyHandle intakeFailed;
    /** Durable writes: through the write-ahead log, not synced (a killed JVM loses nothing, as with H2 before). */
    final WriteOptions durable = new WriteOptions();
    /** Durable writes that also survive a power loss: the log is synced before the write returns. */
    final WriteOptions durableSynced = new WriteOptions().setSync(true);
    /** Writes a crash may lose: the run keys (those not held in the JVM). */
    final WriteOptions volatileWrites = new WriteOptions().setDisableWAL(true);
    // first-seen add/confirm/remove are read-then-write: one lock makes them atomic (the LOCK file keeps other JVMs out)
    final Object firstSeenLock = new Object();
    final FirstRuns firstRuns = new FirstRuns(); // the runs that took their sync's state for empty as they began
    private RowHash.Function rowHash; // set as the store opens (RocksRowHash)
    private final AtomicBoolean closed = new AtomicBoolean();

    private RocksStateStore(Path directory) {
        this.directory = directory;
        // native memory stays bounded whatever the model: the memtables are charged to the block cache
        this.blockCache = new LRUCache(NATIVE_MEMORY);
        this.writeBuffers = new WriteBufferManager(NATIVE_MEMORY / 2, blockCache);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                // a lookup of a key that is not there (every NEW record) costs no block read
                .setFilterPolicy(new BloomFilter(10))
                .setBlockSize(16 * 1024);
        this.cfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(32L * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setMemtableWholeKeyFiltering(true)
                // rows of one sync repeat their identity's shape: compression takes most of it away
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBuffers)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(3);
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.bytes("state"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.bytes("run_keys"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.bytes("first_seen"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.bytes("intake"), cfOptions),
                new ColumnFamilyDescriptor(RocksKeys.bytes("intake_failed"), cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            this.db = RocksDB.open(dbOptions, directory.resolve(DATABASE_NAME).toString(), families, handles);
        } catch (RocksDBException e) {
            closeOptions();
            String detail = e.getMessage() != null && e.getMessage().contains("lock")
                    ? " (another process uses this state directory, or another CamelContext of this JVM does: give"
                            + " each its own stateDirectory, or share state through stateDataSource)"
                    : "";
            throw new StateStoreException("Cannot open the state store in " + directory + ": " + e.getMessage() + detail, e);
        }
        this.defaultFamily = handles.get(0);
        this.state = handles.get(1);
        this.runKeys = handles.get(2);
        this.firstSeen = handles.get(3);
        this.intakeFamily = handles.get(4);
        this.intakeFailed = handles.get(5);
    }

    /** Opens (creating it when missing) the store in {@code directory}, taking over an earlier version's H2 files. */
    public static RocksStateStore open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state store directory " + dir, e);
        }
        Path h2File = RocksMigration.h2File(dir);
        boolean migrate = Files.exists(h2File) && !Files.exists(dir.resolve(DATABASE_NAME));
        boolean made = !migrate && !Files.exists(dir.resolve(DATABASE_NAME));
        RocksStateStore store = new RocksStateStore(dir);
        try {
            store.rowHash = RocksRowHash.of(store, made);
            RocksRun.forgetEveryRun(store); // runs that never finished (the JVM died) left keys they had marked seen
            if (migrate) {
                store.migrate(() -> RocksMigration.migrateState(store, h2File));
            } else if (Files.exists(h2File)) {
                LOG.warn("State directory {}: {} is left over from an earlier version and not used (the state is in {})",
                        dir, h2File.getFileName(), DATABASE_NAME);
            }
            Path h2Intake = dir.resolve(RocksMigration.H2_INTAKE_DIRECTORY);
            if (Files.exists(RocksMigration.h2File(h2Intake))) {
                RocksMigration.drainIntake(store, store.intakeQueue(), h2Intake);
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void migrate(Runnable migration) {
        try {
            migration.run();
        } catch (RuntimeException e) {
            close();
            // no half-migrated database is left behind: the next start migrates again
            RocksMigration.deleteDatabase(directory);
            throw e;
        }
    }

    @Override
    public RowHash.Function rowHash() {
        return rowHash;
    }

    @Override
    public Run beginRun(String syncId, boolean snapshot) {
        byte[] prefix = RocksKeys.syncPrefix(syncId);
        checkOpen();
        String runId = UUID.randomUUID().toString();
        LOG.debug("Sync {}: run {} begins (snapshot={})", syncId, runId, snapshot);
        return new RocksRun(this, syncId, prefix, runId, snapshot, runKeysBudget);
    }

    @Override
    public void recover(String syncId) {
        checkOpen();
        int pending = RocksFirstSeenRepository.deletePending(this, RocksKeys.syncPrefix(syncId));
        if (pending > 0) {
            LOG.info("Sync {}: {} first-seen actions were in flight when the JVM stopped; they will be tried again",
                    syncId, pending);
        }
    }

    @Override
    public List<RecordClass> classify(String syncId, List<Fingerprint> records) {
        return RocksStream.classify(this, syncId, records);
    }

    @Override
    public void acknowledge(String syncId, List<Fingerprint> acknowledged) {
        RocksStream.acknowledge(this, RocksKeys.syncPrefix(syncId), syncId, acknowledged, null);
    }

    @Override
    public void forget(String syncId, List<String> primaryKeys) {
        RocksStream.forget(this, RocksKeys.syncPrefix(syncId), primaryKeys);
    }

    /** The durable intake of endpoints with {@code durableIntake}, in this database: see {@link RocksIntakeQueue}. */
    @Override
    public synchronized RocksIntakeQueue intakeQueue() {
        checkOpen();
        if (intake == null) {
            intake = new RocksIntakeQueue(this, intakeFamily, intakeFailed, defaultFamily, intakeRingSize);
        }
        return intake;
    }

    /** The durable intake; with {@code fsync} each accept syncs the write-ahead log before it returns. */
    @Override
    public IntakeQueue intakeQueue(boolean fsync) {
        return fsync ? intakeQueue().synced() : intakeQueue();
    }

    /**
     * Forgets the hashes and identities of {@code syncId}; first-seen keys stay. Only this process can open the
     * store (RocksDB's LOCK file), so the default lease (none) is enough: the endpoint runs a sync's runs one after
     * another.
     */
    @Override
    public long reset(String syncId) {
        byte[] prefix = RocksKeys.syncPrefix(syncId);
        long[] forgotten = {0};
        scan(state, prefix, (key, value) -> forgotten[0]++);
        deleteRange(state, prefix);
        deleteRange(runKeys, prefix);
        LOG.info("Sync {}: state reset, {} keys forgotten", syncId, forgotten[0]);
        return forgotten[0];
    }

    /** The first-seen repository of {@code syncId}, in this store's {@code first_seen} column family. */
    @Override
    public RocksFirstSeenRepository firstSeenRepository(String syncId) {
        return new RocksFirstSeenRepository(this, syncId, RocksKeys.syncPrefix(syncId));
    }

    /**
     * The first-seen keys of {@code syncId} added and never confirmed nor removed: actions in flight when an earlier
     * run crashed. Call it before {@link #recover(String)}, which deletes them so they are tried again.
     */
    public List<String> pendingFirstSeen(String syncId) {
        return RocksFirstSeenRepository.pending(this, RocksKeys.syncPrefix(syncId));
    }

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    /** Flushes the memtables (a restart then replays no log) and frees the native resources. */
    @Override
    public void close() {
        if (moveRingOnClose && intake != null && !closed.get()) {
            intake.moveRing(); // a clean stop leaves the accepted records in the database, flushed below
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            // every family: one left (the row-hash mark's) keeps the whole write-ahead log (RocksStateStoreTest)
            db.flush(flush, List.of(state, runKeys, firstSeen, intakeFamily, intakeFailed, defaultFamily));
        } catch (RocksDBException e) {
            LOG.warn("State store {}: flush on close failed ({}); the write-ahead log keeps the state", directory,
                    e.getMessage());
        }
        List.of(state, runKeys, firstSeen, intakeFamily, intakeFailed, defaultFamily).forEach(ColumnFamilyHandle::close);
        db.close();
        durable.close();
        durableSynced.close();
        volatileWrites.close();
        closeOptions();
    }

    private void closeOptions() {
        dbOptions.close();
        cfOptions.close();
        writeBuffers.close();
        blockCache.close();
    }

    // ---- RocksDB calls, with their checked exception turned into the store's

    RocksDB db() {
        return db;
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) {
        checkOpen();
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        checkOpen();
        try {
            db.put(family, durable, key, value);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    void delete(ColumnFamilyHandle family, byte[] key) {
        checkOpen();
        try {
            db.delete(family, durable, key);
        } catch (RocksDBException e) {
            throw failure("delete", e);
        }
    }

    void deleteRange(ColumnFamilyHandle family, byte[] prefix) {
        checkOpen();
        try {
            db.deleteRange(family, durable, prefix, RocksKeys.prefixEnd(prefix));
        } catch (RocksDBException e) {
            throw failure("delete", e);
        }
    }

    @FunctionalInterface
    interface BatchWork {
        void fill(WriteBatch batch) throws RocksDBException;
    }

    /** Writes one batch atomically. */
    void write(WriteOptions options, BatchWork work) {
        checkOpen();
        try (WriteBatch batch = new WriteBatch()) {
            work.fill(batch);
            db.write(options, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    /** Calls {@code visitor} with each key and value of {@code family} that starts with {@code prefix}, in key order. */
    void scan(ColumnFamilyHandle family, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        checkOpen();
        try (Slice upper = new Slice(RocksKeys.prefixEnd(prefix));
                ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = db.newIterator(family, read)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    StateStoreException failure(String what, RocksDBException e) {
        return new StateStoreException("State store " + directory + ": cannot " + what + ": " + e.getMessage(), e);
    }

    void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The state store is closed");
        }
    }
}
