package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * </ul>
 * Acknowledged state and first-seen keys go through the write-ahead log: a killed JVM loses none of them.
 *
 * <h2>One process</h2> RocksDB's LOCK file keeps any other process out of the directory: a second JVM on the same
 * directory fails at start with a clear message. Runs of different syncs may proceed concurrently in this JVM.
 *
 * <h2>Earlier versions</h2> The embedded store used to be an H2 file ({@code iterable-state.mv.db}). When the
 * directory holds one and no RocksDB database yet, it is migrated on open (state and first-seen keys) and renamed
 * {@code iterable-state.mv.db.migrated}; delete that file once satisfied.
 */
public final class RocksStateStore implements StateStore {

    /** The RocksDB directory inside the state directory. */
    public static final String DATABASE_NAME = "iterable-state.rocksdb";

    static final String MIGRATED_SUFFIX = ".migrated";

    private static final Logger LOG = LoggerFactory.getLogger(RocksStateStore.class);

    static final byte PENDING = 0;
    static final byte CONFIRMED = 1;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    /** The native memory of the block cache, memtables included. */
    private static final long NATIVE_MEMORY = 128L * 1024 * 1024;

    private final LRUCache blockCache;
    private final WriteBufferManager writeBuffers;
    private final RocksDB db;
    private final ColumnFamilyHandle defaultFamily;
    final ColumnFamilyHandle state;
    final ColumnFamilyHandle runKeys;
    final ColumnFamilyHandle firstSeen;
    /** Durable writes: through the write-ahead log, not synced (a killed JVM loses nothing, as with H2 before). */
    final WriteOptions durable = new WriteOptions();
    /** Writes a crash may lose: the run keys. */
    final WriteOptions volatileWrites = new WriteOptions().setDisableWAL(true);
    // first-seen add/confirm/remove are read-then-write: one lock makes them atomic in this JVM (the LOCK file keeps
    // other JVMs out)
    private final Object firstSeenLock = new Object();
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
                new ColumnFamilyDescriptor(bytes("state"), cfOptions),
                new ColumnFamilyDescriptor(bytes("run_keys"), cfOptions),
                new ColumnFamilyDescriptor(bytes("first_seen"), cfOptions));
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
    }

    /**
     * Opens (creating it when missing) the store in {@code directory}, migrating the H2 state file of an earlier
     * version found there.
     */
    public static RocksStateStore open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state store directory " + dir, e);
        }
        Path h2File = dir.resolve(JdbcStateStore.EMBEDDED_DATABASE_NAME + ".mv.db");
        boolean migrate = Files.exists(h2File) && !Files.exists(dir.resolve(DATABASE_NAME));
        RocksStateStore store = new RocksStateStore(dir);
        if (migrate) {
            try {
                store.migrateFrom(h2File);
            } catch (RuntimeException e) {
                store.close();
                // no half-migrated database is left behind: the next start migrates again
                deleteDatabase(dir);
                throw e;
            }
        } else if (Files.exists(h2File)) {
            LOG.warn("State directory {}: {} is left over from an earlier version and not used (the state is in {})",
                    dir, h2File.getFileName(), DATABASE_NAME);
        }
        return store;
    }

    @Override
    public Run beginRun(String syncId, boolean snapshot) {
        byte[] prefix = syncPrefix(syncId);
        checkOpen();
        // a run that never finished (the JVM died) left its keys: they must not count as seen
        deleteRange(runKeys, prefix);
        int pending = deletePendingFirstSeen(prefix);
        if (pending > 0) {
            LOG.info("Sync {}: discarded {} pending first-seen keys of an unfinished earlier run (their actions will be"
                     + " tried again)", syncId, pending);
        }
        String runId = UUID.randomUUID().toString();
        LOG.debug("Sync {}: run {} begins (snapshot={})", syncId, runId, snapshot);
        return new RocksRun(this, syncId, prefix, runId, snapshot);
    }

    /** The first-seen repository of {@code syncId}, in this store's {@code first_seen} column family. */
    /**
     * Forgets the hashes and identities of {@code syncId}; first-seen keys stay. Only this process can open the
     * store (RocksDB's LOCK file), so the default lease (none) is enough: the endpoint runs a sync's runs one after
     * another.
     */
    @Override
    public long reset(String syncId) {
        byte[] prefix = syncPrefix(syncId);
        long[] forgotten = {0};
        scan(state, prefix, (key, value) -> forgotten[0]++);
        deleteRange(state, prefix);
        deleteRange(runKeys, prefix);
        LOG.info("Sync {}: state reset, {} keys forgotten", syncId, forgotten[0]);
        return forgotten[0];
    }

    @Override
    public RocksFirstSeenRepository firstSeenRepository(String syncId) {
        return new RocksFirstSeenRepository(this, syncId, syncPrefix(syncId));
    }

    /**
     * The first-seen keys of {@code syncId} added and never confirmed nor removed: actions in flight when an earlier
     * run crashed. Call it before {@link #beginRun(String, boolean)}, which deletes them so they are tried again.
     */
    public List<String> pendingFirstSeen(String syncId) {
        byte[] prefix = syncPrefix(syncId);
        List<String> keys = new ArrayList<>();
        scan(firstSeen, prefix, (key, value) -> {
            if (value[0] == PENDING) {
                keys.add(primaryKeyOf(key, prefix.length));
            }
        });
        return keys;
    }

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    /** Flushes the memtables (a restart then replays no log) and frees the native resources. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, List.of(state, firstSeen));
        } catch (RocksDBException e) {
            LOG.warn("State store {}: flush on close failed ({}); the write-ahead log keeps the state", directory,
                    e.getMessage());
        }
        for (ColumnFamilyHandle h : List.of(state, runKeys, firstSeen, defaultFamily)) {
            h.close();
        }
        db.close();
        durable.close();
        volatileWrites.close();
        closeOptions();
    }

    private void closeOptions() {
        dbOptions.close();
        cfOptions.close();
        writeBuffers.close();
        blockCache.close();
    }

    // ---- first seen, for RocksFirstSeenRepository

    boolean addFirstSeen(byte[] key) {
        synchronized (firstSeenLock) {
            if (get(firstSeen, key) != null) {
                return false;
            }
            put(firstSeen, key, firstSeenValue(PENDING));
            return true;
        }
    }

    boolean confirmFirstSeen(byte[] key) {
        synchronized (firstSeenLock) {
            byte[] value = get(firstSeen, key);
            if (value == null) {
                return false;
            }
            if (value[0] != CONFIRMED) {
                value[0] = CONFIRMED;
                put(firstSeen, key, value);
            }
            return true;
        }
    }

    boolean removePendingFirstSeen(byte[] key) {
        synchronized (firstSeenLock) {
            byte[] value = get(firstSeen, key);
            if (value == null || value[0] != PENDING) {
                return false;
            }
            delete(firstSeen, key);
            return true;
        }
    }

    boolean containsFirstSeen(byte[] key) {
        return get(firstSeen, key) != null;
    }

    void clearFirstSeen(byte[] prefix) {
        synchronized (firstSeenLock) {
            deleteRange(firstSeen, prefix);
        }
    }

    private int deletePendingFirstSeen(byte[] prefix) {
        synchronized (firstSeenLock) {
            List<byte[]> pending = new ArrayList<>();
            scan(firstSeen, prefix, (key, value) -> {
                if (value[0] == PENDING) {
                    pending.add(key);
                }
            });
            if (!pending.isEmpty()) {
                write(durable, batch -> {
                    for (byte[] key : pending) {
                        batch.delete(firstSeen, key);
                    }
                });
            }
            return pending.size();
        }
    }

    private static byte[] firstSeenValue(byte status) {
        byte[] value = new byte[5];
        value[0] = status;
        StoredState.putSeconds(value, 1, StoredState.nowSeconds());
        return value;
    }

    // ---- keys

    /** The key prefix of a sync: its UTF-8 bytes preceded by their length (two bytes), so no sync's range holds another's. */
    static byte[] syncPrefix(String syncId) {
        if (syncId == null || syncId.isBlank()) {
            throw new IllegalArgumentException("syncId must not be blank");
        }
        byte[] id = bytes(syncId);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("syncId is longer than 65,535 bytes");
        }
        byte[] prefix = new byte[id.length + 2];
        prefix[0] = (byte) (id.length >>> 8);
        prefix[1] = (byte) id.length;
        System.arraycopy(id, 0, prefix, 2, id.length);
        return prefix;
    }

    static byte[] key(byte[] prefix, String primaryKey) {
        byte[] pk = bytes(Objects.requireNonNull(primaryKey, "primaryKey"));
        byte[] key = Arrays.copyOf(prefix, prefix.length + pk.length);
        System.arraycopy(pk, 0, key, prefix.length, pk.length);
        return key;
    }

    static String primaryKeyOf(byte[] key, int prefixLength) {
        return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.UTF_8);
    }

    /** The first key after every key that starts with {@code prefix}. */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("no key follows an all-0xFF prefix");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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

    private void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        checkOpen();
        try {
            db.put(family, durable, key, value);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    private void delete(ColumnFamilyHandle family, byte[] key) {
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
            db.deleteRange(family, durable, prefix, prefixEnd(prefix));
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
        try (Slice upper = new Slice(prefixEnd(prefix));
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

    // ---- migration of the H2 file of earlier versions

    private void migrateFrom(Path h2File) {
        Path dir = h2File.getParent();
        LOG.info("State directory {}: migrating the H2 state file of an earlier version into {}", dir, DATABASE_NAME);
        long[] counts = new long[2];
        List<byte[]> pending = new ArrayList<>();
        try (JdbcStateStore old = JdbcStateStore.embedded(dir)) {
            old.exportState((syncId, fp, firstSeen, lastSeen) -> {
                pending.add(key(syncPrefix(syncId), fp.primaryKey()));
                pending.add(StoredState.encode(fp.primaryKey(), fp.hash(), fp.identity(), firstSeen.getEpochSecond(),
                        lastSeen.getEpochSecond()));
                counts[0]++;
                if (pending.size() >= 20_000) {
                    putAll(state, pending);
                }
            });
            putAll(state, pending);
            old.exportFirstSeen((syncId, messageId, confirmed) -> {
                pending.add(key(syncPrefix(syncId), messageId));
                pending.add(firstSeenValue(confirmed ? CONFIRMED : PENDING));
                counts[1]++;
            });
            putAll(firstSeen, pending);
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, List.of(state, firstSeen));
        } catch (RocksDBException e) {
            throw failure("flush the migrated state", e);
        }
        try {
            Files.move(h2File, h2File.resolveSibling(h2File.getFileName() + MIGRATED_SUFFIX),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Migrated the state, but cannot rename " + h2File, e);
        }
        LOG.info("State directory {}: migrated {} state rows and {} first-seen keys; the H2 file is now {}{}", dir,
                counts[0], counts[1], h2File.getFileName(), MIGRATED_SUFFIX);
    }

    /** Writes alternating keys and values in one batch, and empties the list. */
    private void putAll(ColumnFamilyHandle family, List<byte[]> keysAndValues) {
        write(durable, batch -> {
            for (int i = 0; i < keysAndValues.size(); i += 2) {
                batch.put(family, keysAndValues.get(i), keysAndValues.get(i + 1));
            }
        });
        keysAndValues.clear();
    }

    private static void deleteDatabase(Path dir) {
        try (var paths = Files.walk(dir.resolve(DATABASE_NAME))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete the half-migrated state {}: {}", dir.resolve(DATABASE_NAME), e.getMessage());
        }
    }
}
