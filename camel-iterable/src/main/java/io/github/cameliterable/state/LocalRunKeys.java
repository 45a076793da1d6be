package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The keys one run of a {@link JdbcStateStore} has seen, kept beside the JVM instead of in the database: a RocksDB
 * database of their own in a temporary directory ({@code java.io.tmpdir}), deleted when the run finishes. A run then
 * only reads the state's hashes from the database, one statement a chunk, and an unchanged rerun writes nothing
 * there: staging each key in a table of the database was about 60% of PostgreSQL's work a chunk. The run holds its
 * sync's lease, so no other process needs these keys; a run that dies with its JVM is discarded anyway, and its
 * directory is deleted by the next run of any sync once the process that made it is gone.
 * <p>
 * Memory is bounded as the database staging was: a {@link SeenKeys} filter in the heap (about 10 bits a key), so that
 * only the keys it may have seen are looked up, and 64 MB of native memory that every run of the JVM shares (RocksDB's
 * block cache and write buffers); the keys themselves go to the disk (about 30 bytes a key, compressed). Three column
 * families: {@code seen} (every key the run classified), {@code removed} (the state's keys the run did not see,
 * listed once by {@link #listRemoved} or {@link #listRemovedOfState}) and {@code state} (the sync's keys and hashes
 * as the run began, where the run read them all at once: {@link #putState}). A key of the state read at once is marked
 * seen by a bit of the heap instead of written ({@link #markUnseen}: one bit a key of the state, 1.2 MB for
 * 10,000,000 keys).
 */
final class LocalRunKeys implements AutoCloseable {
    private static final byte[] NOTHING = new byte[0];
    private static final int PAGE = 10_000;

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions stateOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle seen;
    private final ColumnFamilyHandle removed;
    private final ColumnFamilyHandle state;
    private final List<ColumnFamilyHandle> handles;
    /** Nothing here must survive a crash: the write-ahead log is off. */
    private final WriteOptions writes = new WriteOptions().setDisableWAL(true);
    private final SeenKeys filter = new SeenKeys();
    /** The places ({@link #putState}'s order) of the state's keys the run has seen. */
    private final BitSet seenInState = new BitSet();
    /** The place of the next key {@link #putState} keeps. */
    private int places;
    private volatile long held;
    /** The keys written to {@code seen}: while there are none, no key needs asking for. */
    private long written;
    private long removedCount = -1;

    /**
     * The native memory of every run's keys in this JVM, however many syncs run at once: their block cache, memtables
     * included (as the embedded store's own, which is separate).
     */
    private static final class Memory {
        static final long BYTES = 64L * 1024 * 1024;
        static final LRUCache CACHE = new LRUCache(BYTES);
        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(BYTES / 2, CACHE);
    }

    private LocalRunKeys(Path directory) throws RocksDBException {
        this.directory = directory;
        this.cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16L * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(Memory.CACHE));
        // looked up a key at a time by the million: uncompressed blocks, each with a hash index (a look-up then
        // neither decompresses a block nor searches it), about a fifth faster for an unchanged rerun
        this.stateOptions = new ColumnFamilyOptions(cfOptions).setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(Memory.CACHE)
                        .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash));
        this.dbOptions = new DBOptions().setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(Memory.WRITE_BUFFERS)
                .setMaxBackgroundJobs(1);
        this.handles = new ArrayList<>();
        try {
            this.db = RocksDB.open(dbOptions, directory.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                    new ColumnFamilyDescriptor(RocksKeys.bytes("seen"), cfOptions),
                    new ColumnFamilyDescriptor(RocksKeys.bytes("removed"), cfOptions),
                    new ColumnFamilyDescriptor(RocksKeys.bytes("state"), stateOptions)), handles);
        } catch (RocksDBException e) {
            stateOptions.close();
            cfOptions.close();
            dbOptions.close();
            throw e;
        }
        this.seen = handles.get(1);
        this.removed = handles.get(2);
        this.state = handles.get(3);
    }

    /**
     * Opens the keys of a new run, in a new directory; null when RocksDB's native library is not available on this
     * platform (the jar's is for Linux x86-64), so that the caller stages the keys in the database instead.
     */
    static LocalRunKeys open(String syncId) {
        if (!RunKeysDirectories.AVAILABLE) {
            return null;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        RunKeysDirectories.deleteAbandoned(tmp);
        Path directory = null;
        try {
            directory = Files.createTempDirectory(tmp, RunKeysDirectories.PREFIX + ProcessHandle.current().pid() + "-");
            return new LocalRunKeys(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the run's keys of " + syncId + " in " + tmp, e);
        } catch (RocksDBException e) {
            RunKeysDirectories.delete(directory);
            throw new StateStoreException("Cannot open the run's keys of " + syncId + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Which of {@code keys} the run saw before (exact: a key the filter may have seen is looked up). */
    boolean[] seen(List<String> keys) {
        boolean[] result = new boolean[keys.size()];
        List<byte[]> asked = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i).getBytes(StandardCharsets.UTF_8);
            if (filter.mayContain(SeenKeys.hash(key))) {
                asked.add(key);
                at.add(i);
            }
        }
        if (!asked.isEmpty()) {
            List<byte[]> found = lookUp(seen, asked);
            for (int j = 0; j < asked.size(); j++) {
                result[at.get(j)] = found.get(j) != null;
            }
        }
        return result;
    }

    /**
     * Which of the acknowledged hashes' keys (distinct) the run had not seen, by index, now marked seen: a key of the
     * state read at once by the bit of its place there, any other written to disk (and to the filter of seen keys). A
     * key seen before the state was read at once was written, so the written keys are asked too; hashes read from the
     * database once keys were marked by place are looked up here for their places (a chunk's read may have begun
     * before the state was read at once, or failed).
     */
    synchronized boolean[] markUnseen(AcknowledgedHashes given) {
        checkNotListed();
        List<String> keys = given.keys();
        AcknowledgedHashes acknowledged = given.placed() || seenInState.isEmpty() ? given : stateHashes(keys);
        boolean[] wasWritten = written == 0 ? new boolean[keys.size()] : seen(keys);
        boolean[] unseen = new boolean[keys.size()];
        List<String> toWrite = new ArrayList<>();
        int marked = 0;
        for (int i = 0; i < keys.size(); i++) {
            int place = acknowledged.place(i);
            if (wasWritten[i] || place != AcknowledgedHashes.NO_PLACE && seenInState.get(place)) {
                continue;
            }
            unseen[i] = true;
            marked++;
            if (place == AcknowledgedHashes.NO_PLACE) {
                toWrite.add(keys.get(i));
            } else {
                seenInState.set(place);
            }
        }
        writeSeen(toWrite);
        held += marked;
        return unseen;
    }

    private void checkNotListed() {
        if (removedCount >= 0) {
            throw new IllegalStateException("The run's removed keys are listed already: no key can be seen after that");
        }
    }

    private void writeSeen(List<String> keys) {
        write(seen, keys);
        written += keys.size();
        for (String key : keys) {
            filter.add(SeenKeys.hash(key.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** How many keys the run has seen. */
    long held() {
        return held;
    }

    /**
     * Once a run, after its last {@link #markUnseen}: hands each page of the state's keys to {@code pages}, which
     * calls back with each page; the keys the run did not see are kept as removed. Returns how many there are; later
     * calls return the same count. The seen keys are read by one cursor that steps forward while the pages come in
     * their order (the database's order of the keys, which is RocksDB's where its collation orders by code point): a
     * step costs less than a look-up.
     */
    synchronized long listRemoved(Consumer<Consumer<List<String>>> pages) {
        if (removedCount < 0) {
            long[] count = {0};
            try (RocksIterator it = db.newIterator(seen)) {
                KeyCursor cursor = new KeyCursor(it);
                pages.accept(page -> {
                    List<String> gone = new ArrayList<>();
                    for (String key : page) {
                        if (!written(cursor, key.getBytes(StandardCharsets.UTF_8))) {
                            gone.add(key);
                        }
                    }
                    write(removed, gone);
                    count[0] += gone.size();
                });
                it.status();
            } catch (RocksDBException e) {
                throw failure("read", e);
            }
            removedCount = count[0];
        }
        return removedCount;
    }

    /**
     * Whether {@code key} was written seen: asked of the filter, then of {@code cursor} over the written keys (keys
     * asked in key order).
     */
    private boolean written(KeyCursor cursor, byte[] key) {
        return written > 0 && filter.mayContain(SeenKeys.hash(key)) && cursor.holds(key);
    }

    /**
     * The run's removed keys are known to be none (every key of the state was seen), without reading the state's
     * keys: {@link #listRemoved} then lists none.
     */
    synchronized void noneRemoved() {
        if (removedCount < 0) {
            removedCount = 0;
        }
    }

    /**
     * Keeps a page of the sync's acknowledged keys and their hashes (the two lists of one length), each with its place:
     * the number of keys kept before it (its hash's bytes, then the place's 4).
     */
    void putState(List<byte[]> keys, List<byte[]> hashes) {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < keys.size(); i++) {
                int place = places == Integer.MAX_VALUE ? AcknowledgedHashes.NO_PLACE : places++;
                batch.put(state, keys.get(i), AcknowledgedHashes.value(hashes.get(i), place));
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    /** The hashes and places {@link #putState} kept for those of {@code keys} it kept. */
    AcknowledgedHashes stateHashes(List<String> keys) {
        AcknowledgedHashes hashes = AcknowledgedHashes.placed(keys);
        if (keys.isEmpty()) {
            return hashes;
        }
        List<byte[]> asked = new ArrayList<>(keys.size());
        for (String key : keys) {
            asked.add(key.getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> found = lookUp(state, asked);
        for (int i = 0; i < keys.size(); i++) {
            byte[] value = found.get(i);
            if (value != null) {
                hashes.put(i, value);
            }
        }
        return hashes;
    }

    /** The values of {@code keys} in {@code family}, in one native call; null where a key is absent. */
    private List<byte[]> lookUp(ColumnFamilyHandle family, List<byte[]> keys) {
        try {
            return db.multiGetAsList(Collections.nCopies(keys.size(), family), keys);
        } catch (RocksDBException e) {
            throw failure("look up", e);
        }
    }

    /**
     * As {@link #listRemoved}, the state's keys those {@link #putState} kept: a key was seen if the bit of its place
     * is set ({@link #markUnseen}) or it was written.
     */
    synchronized long listRemovedOfState() {
        if (removedCount < 0) {
            long count = 0;
            List<String> gone = new ArrayList<>();
            try (RocksIterator it = db.newIterator(state); RocksIterator written = db.newIterator(seen)) {
                KeyCursor cursor = new KeyCursor(written);
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    int place = AcknowledgedHashes.placeOf(it.value());
                    boolean byPlace = place != AcknowledgedHashes.NO_PLACE && seenInState.get(place);
                    if (!byPlace && !written(cursor, k)) {
                        gone.add(new String(k, StandardCharsets.UTF_8));
                    }
                    if (gone.size() == PAGE) {
                        write(removed, gone);
                        count += gone.size();
                        gone.clear();
                    }
                }
                it.status();
                written.status();
            } catch (RocksDBException e) {
                throw failure("read", e);
            }
            write(removed, gone);
            removedCount = count + gone.size();
        }
        return removedCount;
    }

    /** The removed keys of {@link #listRemoved}, in pages of at most {@code size}, in key order. */
    void forEachRemoved(int size, Consumer<List<String>> sink) {
        keyPages(removed, size, sink);
    }

    /** The keys of {@code family}, in pages of at most {@code size}, in key order. */
    private void keyPages(ColumnFamilyHandle family, int size, Consumer<List<String>> sink) {
        List<String> page = new ArrayList<>(Math.min(size, PAGE));
        try (RocksIterator it = db.newIterator(family)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                page.add(new String(it.key(), StandardCharsets.UTF_8));
                if (page.size() == size) {
                    sink.accept(page);
                    page = new ArrayList<>(Math.min(size, PAGE));
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
        if (!page.isEmpty()) {
            sink.accept(page);
        }
    }

    private void write(ColumnFamilyHandle family, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (String key : keys) {
                batch.put(family, key.getBytes(StandardCharsets.UTF_8), NOTHING);
            }
            db.write(writes, batch);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    private StateStoreException failure(String what, RocksDBException e) {
        return new StateStoreException("The run's keys in " + directory + ": cannot " + what + ": " + e.getMessage(), e);
    }

    /** Closes the database and deletes its directory. */
    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        writes.close();
        stateOptions.close();
        cfOptions.close();
        dbOptions.close();
        RunKeysDirectories.delete(directory);
    }
}
