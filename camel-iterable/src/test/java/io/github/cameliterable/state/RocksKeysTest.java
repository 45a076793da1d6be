package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A record's key in RocksDB: the sync's prefix, then the primary key's UTF-8 bytes, whatever its characters. */
class RocksKeysTest {

    @Test
    void aKeyIsTheSyncsPrefixThenThePrimaryKeysUtf8Bytes() {
        byte[] prefix = RocksKeys.syncPrefix("users-sync");
        for (String primaryKey : new String[]{"", "a@example.com", "\u007f", "caf\u00e9@example.com",
                "\u0141\u00f3d\u017a", "user-\ud83d\ude00", "\u00ff\u0080", "x\u0000y"}) {
            byte[] utf8 = primaryKey.getBytes(StandardCharsets.UTF_8);
            byte[] expected = Arrays.copyOf(prefix, prefix.length + utf8.length);
            System.arraycopy(utf8, 0, expected, prefix.length, utf8.length);
            byte[] key = RocksKeys.key(prefix, primaryKey);
            assertArrayEquals(expected, key, primaryKey);
            assertEquals(primaryKey, RocksKeys.primaryKeyOf(key, prefix.length));
        }
    }
}
