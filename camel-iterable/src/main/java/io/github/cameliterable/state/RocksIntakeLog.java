package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded durable intake's log: a ring file of fixed size, mapped into memory, where the callers' adds are
 * appended before the sender moves them into the database in large batches. An append is a copy into the page
 * cache, which survives a killed JVM as RocksDB's own log does (neither is synced to the disk), without the system
 * call and the database write an add would cost each caller.
 *
 * <p>
 * Each record is its key length, value length and CRC32C, then its database key (the sync's prefix and its id) and
 * value; a length of -1 (or too little room for a header) sends the reader to the ring's start. Appends are
 * serialized, so the ring holds the records in the order of their ids, with no hole; the last one may be torn by a
 * crash, and was then never acknowledged. A move puts the records into the {@code intake} column family and, in the
 * same write, the ring's head: where to read after a restart and the last id moved. After a restart, the records
 * from the head on whose CRC is right and whose ids keep rising are moved; what follows (a torn record, or records of
 * an earlier lap, all moved and with lower ids) is not. The ring is not synced to the disk, as RocksDB's log is not:
 * a power loss may lose the last accepts (the synced adds of {@code durableIntakeFsync} go to the database, not here).
 *
 * <p>
 * The head's key is written when the ring is created: a ring found without it belongs to no database of this
 * directory (the database was deleted, or the ring never used) and is started anew.
 */
final class RocksIntakeLog {
    /** The ring file, in the state directory. */
    static final String FILE_NAME = "iterable-intake.ring";
    /** The ring's size, about 130,000 records of 250 bytes; a caller that finds it full moves its records first. */
    static final int SIZE = 32 << 20;
    /** The smallest ring: a few records of a few kilobytes. */
    static final int MIN_SIZE = 64 << 10;
    private static final int HEADER = 12;
    private static final int WRAP = -1;
    /** A key longer than this is no key of ours: the reader stops. */
    private static final int MAX_KEY = 4096;
    private static final byte[] HEAD_KEY = "intake-log-head".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(RocksIntakeLog.class);

    private final RocksStateStore store;
    private final ColumnFamilyHandle queue;
    private final ColumnFamilyHandle meta;
    private final RocksIntakeSequence sequence;
    private final MappedByteBuffer ring;
    private final int size;

    private final Object appendLock = new Object();
    private final CRC32C appendCrc = new CRC32C();
    /** Where the next record goes (a position counted from the first open, laps included); under the append lock. */
    private long appendAt;
    /** The records before this position are whole. */
    private volatile long appended;

    private final Object moveLock = new Object();
    /** The records before this position are in the database. */
    private volatile long moved;
    /** The last id moved into the database; under the move lock. */
    private long movedId;

    private RocksIntakeLog(RocksStateStore store, ColumnFamilyHandle queue, ColumnFamilyHandle meta,
            RocksIntakeSequence sequence, MappedByteBuffer ring, int size) {
        this.store = store;
        this.queue = queue;
        this.meta = meta;
        this.sequence = sequence;
        this.ring = ring;
        this.size = size;
    }

    /**
     * Opens the ring of the store's directory, creating it of {@code newSize} bytes when missing (one found keeps its
     * size), and moves into the database the records an earlier JVM appended and did not move.
     */
    static RocksIntakeLog open(RocksStateStore store, ColumnFamilyHandle queue, ColumnFamilyHandle meta,
            RocksIntakeSequence sequence, int newSize) {
        int size = newSize;
        Path file = store.directory().resolve(FILE_NAME);
        byte[] head = store.get(meta, HEAD_KEY);
        MappedByteBuffer ring;
        try {
            long found = Files.exists(file) ? Files.size(file) : -1;
            if (head != null && (found < MIN_SIZE || found > Integer.MAX_VALUE)) {
                LOG.warn("State store {}: the durable intake's ring {} is missing or damaged: started anew, records it"
                        + " held and had not moved into the database are lost", store.directory(), file);
                head = null;
            }
            if (head == null) {
                // a ring without its head in the database is no ring of this database's (deleted, or never used)
                Files.deleteIfExists(file);
            } else {
                size = (int) found; // a ring keeps the size it was made with
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                // written out once, not sparse: a full disk shows here, not as a fault in a later append's copy
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = channel.size(); at < size; at += zeros.capacity()) {
                    channel.write(zeros.clear().limit((int) Math.min(zeros.capacity(), size - at)), at);
                }
                ring = channel.map(FileChannel.MapMode.READ_WRITE, 0, size); // stays mapped once the file is closed
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the durable intake's ring " + file, e);
        }
        RocksIntakeLog log = new RocksIntakeLog(store, queue, meta, sequence, ring, size);
        if (head == null) {
            log.writeHead(0, 0);
        } else {
            log.recover(ByteBuffer.wrap(head).getLong(), ByteBuffer.wrap(head).getLong(8));
        }
        return log;
    }

    /**
     * Appends the records of the sync with the given key prefix, with consecutive ids, and returns the first id (the
     * caller then calls {@link RocksIntakeSequence#written}); -1 when they are too large for the ring (the caller
     * writes them to the database itself). When the ring is full, the records appended so far are moved first.
     */
    long append(byte[] prefix, List<byte[]> records) {
        int keyLength = prefix.length + 8;
        long bytes = 0;
        for (byte[] record : records) {
            bytes += HEADER + keyLength + record.length;
        }
        if (bytes > size / 4) {
            return -1;
        }
        synchronized (appendLock) {
            store.checkOpen();
            long end = appendAt;
            for (byte[] record : records) {
                end = place(end, HEADER + keyLength + record.length) + HEADER + keyLength + record.length;
            }
            if (end - moved > size) {
                move();
            }
            long first = sequence.take(records.size());
            try {
                appendAt = write(prefix, keyLength, records, first);
            } catch (RuntimeException | Error e) {
                sequence.written(first);
                throw e;
            }
            appended = appendAt;
            return first;
        }
    }

    /** Writes the records from the append position on; returns the position after them. */
    private long write(byte[] prefix, int keyLength, List<byte[]> records, long first) {
        long id = first;
        long at = appendAt;
        byte[] key = new byte[keyLength];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        for (byte[] record : records) {
            int length = HEADER + keyLength + record.length;
            long placed = place(at, length);
            if (placed != at) {
                int offset = offset(at);
                if (size - offset >= 4) {
                    ring.putInt(offset, WRAP);
                }
            }
            int offset = offset(placed);
            ByteBuffer.wrap(key, prefix.length, 8).putLong(id++);
            appendCrc.reset();
            appendCrc.update(key);
            appendCrc.update(record);
            ring.putInt(offset, keyLength).putInt(offset + 4, record.length).putInt(offset + 8, (int) appendCrc.getValue());
            ring.put(offset + HEADER, key).put(offset + HEADER + keyLength, record);
            at = placed + length;
        }
        return at;
    }

    /**
     * Moves the records appended so far into the database with the ring's new head, in one write; the sender calls it
     * before it claims.
     */
    void move() {
        synchronized (moveLock) {
            long to = appended;
            if (to == moved) {
                return;
            }
            long[] last = {movedId};
            store.write(store.durable, batch -> {
                scan(moved, to, -1, (key, value) -> {
                    batch.put(queue, key, value);
                    last[0] = idOf(key);
                });
                putHead(batch, to, last[0]);
            });
            movedId = last[0];
            moved = to;
        }
    }

    /** After a restart: moves the whole records from the head on, while their ids rise. */
    private void recover(long headOffset, long headId) {
        long[] position = {headOffset};
        long[] lastId = {headId};
        int[] count = {0};
        store.write(store.durable, batch -> {
            position[0] = scan(headOffset, headOffset + size, headId, (key, value) -> {
                batch.put(queue, key, value);
                lastId[0] = idOf(key);
                count[0]++;
            });
            putHead(batch, position[0], lastId[0]);
        });
        if (count[0] > 0) {
            LOG.info("State store {}: {} records the durable intake accepted before a stop moved from its ring",
                    store.directory(), count[0]);
        }
        long start = offset(position[0]);
        appendAt = start;
        appended = start;
        moved = start;
        movedId = lastId[0];
    }

    /** Where a record of {@code length} bytes appended at {@code position} goes: there, or the next lap's start. */
    private long place(long position, int length) {
        int offset = offset(position);
        return size - offset < length ? position + size - offset : position;
    }

    /** Where the reader finds the record at {@code position}: there, or at the next lap's start. */
    private long readPlace(long position) {
        int offset = offset(position);
        if (size - offset < HEADER || ring.getInt(offset) == WRAP) {
            return position + size - offset;
        }
        return position;
    }

    private static long idOf(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }

    private int offset(long position) {
        return (int) (position % size);
    }

    @FunctionalInterface
    private interface RecordVisitor {
        void accept(byte[] key, byte[] value) throws RocksDBException;
    }

    /**
     * Visits the records from {@code from} on that end by {@code limit}, and returns the position after the last one
     * visited. Below {@code appended} every record is whole ({@code afterId} &lt; 0: not checked); after a restart
     * ({@code afterId} the head's id) the visit stops at the first record whose lengths do not fit, whose CRC is wrong
     * or whose id does not rise.
     */
    private long scan(long from, long limit, long afterId, RecordVisitor visitor) throws RocksDBException {
        boolean check = afterId >= 0;
        CRC32C crc = check ? new CRC32C() : null;
        long lastId = afterId;
        long position = from;
        while (true) {
            long placed = readPlace(position);
            if (placed >= limit) {
                return position;
            }
            int offset = offset(placed);
            int keyLength = ring.getInt(offset);
            int valueLength = ring.getInt(offset + 4);
            long length = (long) HEADER + keyLength + valueLength;
            if (check && (keyLength < 9 || keyLength > MAX_KEY || valueLength < 0 || length > size - offset
                    || placed + length > limit)) {
                return position;
            }
            byte[] key = new byte[keyLength];
            byte[] value = new byte[valueLength];
            ring.get(offset + HEADER, key).get(offset + HEADER + keyLength, value);
            if (check) {
                crc.reset();
                crc.update(key);
                crc.update(value);
                if ((int) crc.getValue() != ring.getInt(offset + 8) || idOf(key) <= lastId) {
                    return position;
                }
                lastId = idOf(key);
            }
            visitor.accept(key, value);
            position = placed + length;
        }
    }

    private void writeHead(long position, long lastId) {
        store.write(store.durable, batch -> putHead(batch, position, lastId));
    }

    private void putHead(WriteBatch batch, long position, long lastId) throws RocksDBException {
        batch.put(meta, HEAD_KEY, ByteBuffer.allocate(16).putLong(offset(position)).putLong(lastId).array());
    }
}
