package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keys of {@link RocksStateStore}: every key starts with its syncId, length-prefixed, so each sync is one range.
 */
final class RocksKeys {
    private RocksKeys() {
    }

    /**
     * The key prefix of a sync: its UTF-8 bytes preceded by their length (two bytes), so no sync's range holds another's.
     */
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

    /**
     * The sync's prefix and the primary key's UTF-8 bytes, in one array: an ASCII key (most are) is written into it a
     * character a byte; its bytes made first, then copied behind the prefix, were two arrays a record.
     */
    static byte[] key(byte[] prefix, String primaryKey) {
        int n = Objects.requireNonNull(primaryKey, "primaryKey").length();
        byte[] key = Arrays.copyOf(prefix, prefix.length + n);
        for (int i = 0; i < n; i++) {
            char c = primaryKey.charAt(i);
            if (c >= 0x80) {
                byte[] pk = bytes(primaryKey);
                key = Arrays.copyOf(prefix, prefix.length + pk.length);
                System.arraycopy(pk, 0, key, prefix.length, pk.length);
                return key;
            }
            key[prefix.length + i] = (byte) c;
        }
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

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a durable intake's record: the sync's prefix and the record's id, so a queue sorts in its order. */
    static byte[] queueKey(byte[] prefix, long id) {
        return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(id).array();
    }

    /** The id in a durable intake record's key ({@link #queueKey}): its last 8 bytes. */
    static long queueId(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }

    /** A long as 8 big-endian bytes (keys sort in its order). */
    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
