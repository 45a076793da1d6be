package io.github.cameliterable.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

import org.rocksdb.RocksDBException;

/**
 * The durable intake's ring file ({@link RocksIntakeLog} keeps its books): a file of fixed size mapped into memory,
 * records laid one after the other at positions counted from the first open, laps included. Each record is its key
 * length, value length and CRC32C, then its database key (the sync's prefix and its id) and value; a length of -1 (or
 * too little room for a header) sends the reader to the ring's start.
 */
final class RocksIntakeRing {
    /** The ring file, in the state directory. */
    static final String FILE_NAME = "iterable-intake.ring";
    /**
     * The ring's size, about 130,000 records of 250 bytes (more than a stream at the ceiling has claimed and not yet
     * settled); a caller that finds no room moves the records not settled into the database first.
     */
    static final int SIZE = 32 << 20;
    /** The smallest ring: a few records of a few kilobytes. */
    static final int MIN_SIZE = 64 << 10;
    private static final int HEADER = 12;
    private static final int WRAP = -1;
    /** A key longer than this is no key of ours: the reader stops. */
    private static final int MAX_KEY = 4096;

    private final MappedByteBuffer ring;
    private final int size;
    /** Whether the ring was made anew (none found, or none of the database's). */
    private final boolean fresh;
    /** The appends' checksum, under the log's append lock. */
    private final CRC32C appendCrc = new CRC32C();

    private RocksIntakeRing(MappedByteBuffer ring, int size, boolean fresh) {
        this.ring = ring;
        this.size = size;
        this.fresh = fresh;
    }

    /**
     * Opens the ring {@code file}: one the database knows ({@code known}) keeps its size; else, or when it is missing
     * or too small, a ring of {@code newSize} bytes is made anew ({@link #fresh()}).
     */
    static RocksIntakeRing open(Path file, int newSize, boolean known) {
        int size = newSize;
        boolean fresh = !known;
        try {
            long found = Files.exists(file) ? Files.size(file) : -1;
            if (known && (found < MIN_SIZE || found > Integer.MAX_VALUE)) {
                RocksIntakeLog.LOG.warn("The durable intake's ring {} is missing or damaged: started anew, records it"
                        + " held and had not moved into the database are lost", file);
                fresh = true;
            }
            if (fresh) {
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
                // stays mapped once the file is closed
                return new RocksIntakeRing(channel.map(FileChannel.MapMode.READ_WRITE, 0, size), size, fresh);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the durable intake's ring " + file, e);
        }
    }

    boolean fresh() {
        return fresh;
    }

    int size() {
        return size;
    }

    /** The bytes a record takes in the ring. */
    static int length(int keyLength, byte[] value) {
        return HEADER + keyLength + value.length;
    }

    /**
     * Writes the records, with consecutive ids from {@code firstId}, from position {@code at} on, noting where each
     * went; returns the position after them. Under the log's append lock.
     */
    long write(long at, byte[] prefix, List<byte[]> records, long firstId, long[] positions) {
        int keyLength = prefix.length + 8;
        long id = firstId;
        byte[] key = new byte[keyLength];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        for (int i = 0; i < records.size(); i++) {
            byte[] record = records.get(i);
            int length = length(keyLength, record);
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
            positions[i] = placed;
            at = placed + length;
        }
        return at;
    }

    /** The key of the record written at {@code position}. */
    byte[] key(long position) {
        int offset = offset(position);
        byte[] key = new byte[ring.getInt(offset)];
        ring.get(offset + HEADER, key);
        return key;
    }

    /** The value of the record written at {@code position}. */
    byte[] value(long position) {
        int offset = offset(position);
        byte[] value = new byte[ring.getInt(offset + 4)];
        ring.get(offset + HEADER + ring.getInt(offset), value);
        return value;
    }

    /** Where a record of {@code length} bytes appended at {@code position} goes: there, or the next lap's start. */
    long place(long position, int length) {
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

    /** The position's place in the file. */
    int offset(long position) {
        return (int) (position % size);
    }

    @FunctionalInterface
    interface RecordVisitor {
        void accept(byte[] key, byte[] value) throws RocksDBException;
    }

    /**
     * After a restart: visits the records from {@code from} on that end by {@code limit}, and returns the position after
     * the last one visited. The visit stops at the first record whose lengths do not fit, whose CRC is wrong or whose id
     * is not above the one before it ({@code afterId} for the first).
     */
    long scan(long from, long limit, long afterId, RecordVisitor visitor) throws RocksDBException {
        CRC32C crc = new CRC32C();
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
            if (keyLength < 9 || keyLength > MAX_KEY || valueLength < 0 || length > size - offset
                    || placed + length > limit) {
                return position;
            }
            byte[] key = new byte[keyLength];
            byte[] value = new byte[valueLength];
            ring.get(offset + HEADER, key).get(offset + HEADER + keyLength, value);
            crc.reset();
            crc.update(key);
            crc.update(value);
            if ((int) crc.getValue() != ring.getInt(offset + 8) || RocksKeys.queueId(key) <= lastId) {
                return position;
            }
            lastId = RocksKeys.queueId(key);
            visitor.accept(key, value);
            position = placed + length;
        }
    }
}
