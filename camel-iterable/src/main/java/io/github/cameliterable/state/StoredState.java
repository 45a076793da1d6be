package io.github.cameliterable.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How {@link RocksStateStore} writes one acknowledged record, in a few dozen bytes:
 * <pre>
 * flags (1) | hash: 16 bytes, or length (1) + UTF-8 | first seen (4) | last seen (4) | identity (UTF-8, the rest)
 * </pre>
 * The hash is {@link RowHash}'s 32 hex digits as 16 bytes. The identity is the fingerprint's JSON with the primary
 * key's JSON string (usually its email or userId) replaced by the byte {@value #KEY_MARK}, which JSON text never holds
 * raw: the key is already the row's key. Seen times are seconds since the epoch, unsigned (good until 2106).
 */
final class StoredState {
    static final byte KEY_MARK = 0x01;

    private static final int HASH_BINARY = 1;
    private static final int IDENTITY_WITHOUT_KEY = 2;
    private static final int HEX_HASH_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private StoredState() {
    }

    static byte[] encode(String primaryKey, String hash, String identity, long firstSeen, long lastSeen) {
        byte[] binaryHash = binaryHash(hash);
        byte[] hashBytes = binaryHash != null ? binaryHash : hash.getBytes(StandardCharsets.UTF_8);
        if (binaryHash == null && hashBytes.length > 255) {
            throw new IllegalArgumentException("A hash longer than 255 bytes: " + hash.length() + " characters");
        }
        byte[] identityBytes = identity == null ? new byte[0] : identity.getBytes(StandardCharsets.UTF_8);
        byte[] quotedKey = quotedKey(primaryKey);
        // an identity that holds the mark byte itself (not JSON) is stored as it is
        int at = quotedKey == null || indexOf(identityBytes, new byte[]{KEY_MARK}) >= 0 ? -1
                : indexOf(identityBytes, quotedKey);
        int flags = (binaryHash != null ? HASH_BINARY : 0) | (at >= 0 ? IDENTITY_WITHOUT_KEY : 0);
        int identityLength = at >= 0 ? identityBytes.length - quotedKey.length + 1 : identityBytes.length;
        int hashLength = binaryHash != null ? 16 : 1 + hashBytes.length;
        byte[] out = new byte[1 + hashLength + 8 + identityLength];
        int p = 0;
        out[p++] = (byte) flags;
        if (binaryHash == null) {
            out[p++] = (byte) hashBytes.length;
        }
        System.arraycopy(hashBytes, 0, out, p, hashBytes.length);
        p += hashBytes.length;
        putSeconds(out, p, firstSeen);
        putSeconds(out, p + 4, lastSeen);
        p += 8;
        if (at >= 0) {
            System.arraycopy(identityBytes, 0, out, p, at);
            out[p + at] = KEY_MARK;
            System.arraycopy(identityBytes, at + quotedKey.length, out, p + at + 1,
                    identityBytes.length - at - quotedKey.length);
        } else {
            System.arraycopy(identityBytes, 0, out, p, identityBytes.length);
        }
        return out;
    }

    /** Whether the stored record has this hash: compared as bytes, nothing decoded. */
    static boolean hashEquals(byte[] value, String hash) {
        if ((value[0] & HASH_BINARY) != 0) {
            // the hex digits read against the stored bytes, two at a time, without parsing them into an array of their
            // own (an unchanged rerun compares every record's)
            if (hash.length() != HEX_HASH_LENGTH) {
                return false;
            }
            for (int i = 0; i < 16; i++) {
                int high = hexDigit(hash.charAt(2 * i));
                int low = hexDigit(hash.charAt(2 * i + 1));
                if (high < 0 || low < 0 || (byte) (high << 4 | low) != value[1 + i]) {
                    return false; // another hash, or not RowHash's lower-case hex (which binaryHash stores as text)
                }
            }
            return true;
        }
        byte[] text = hash.getBytes(StandardCharsets.UTF_8);
        return Arrays.equals(value, 2, 2 + (value[1] & 0xFF), text, 0, text.length);
    }

    /** The record as the store's callers see it. */
    static Fingerprint decode(String primaryKey, byte[] value) {
        int p = 1;
        String hash;
        if ((value[0] & HASH_BINARY) != 0) {
            hash = HEX.formatHex(value, 1, 17);
            p += 16;
        } else {
            int length = value[1] & 0xFF;
            hash = new String(value, 2, length, StandardCharsets.UTF_8);
            p += 1 + length;
        }
        p += 8;
        String identity;
        if ((value[0] & IDENTITY_WITHOUT_KEY) != 0) {
            byte[] quotedKey = quotedKey(primaryKey);
            int mark = p;
            while (value[mark] != KEY_MARK) {
                mark++;
            }
            byte[] full = new byte[value.length - p - 1 + quotedKey.length];
            System.arraycopy(value, p, full, 0, mark - p);
            System.arraycopy(quotedKey, 0, full, mark - p, quotedKey.length);
            System.arraycopy(value, mark + 1, full, mark - p + quotedKey.length, value.length - mark - 1);
            identity = new String(full, StandardCharsets.UTF_8);
        } else {
            identity = new String(value, p, value.length - p, StandardCharsets.UTF_8);
        }
        return new Fingerprint(primaryKey, hash, identity.isEmpty() ? null : identity);
    }

    /** The first-seen time of a stored record, in seconds since the epoch. */
    static long firstSeen(byte[] value) {
        int p = (value[0] & HASH_BINARY) != 0 ? 17 : 2 + (value[1] & 0xFF);
        return Integer.toUnsignedLong(((value[p] & 0xFF) << 24) | ((value[p + 1] & 0xFF) << 16)
                | ((value[p + 2] & 0xFF) << 8) | (value[p + 3] & 0xFF));
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    static void putSeconds(byte[] out, int at, long seconds) {
        out[at] = (byte) (seconds >>> 24);
        out[at + 1] = (byte) (seconds >>> 16);
        out[at + 2] = (byte) (seconds >>> 8);
        out[at + 3] = (byte) seconds;
    }

    /** A lower-case hex digit's value, or -1 for any other character. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** RowHash's 32 lower-case hex digits as 16 bytes, or null for any other hash. */
    private static byte[] binaryHash(String hash) {
        if (hash.length() != HEX_HASH_LENGTH) {
            return null;
        }
        for (int i = 0; i < HEX_HASH_LENGTH; i++) {
            if (hexDigit(hash.charAt(i)) < 0) {
                return null;
            }
        }
        return HEX.parseHex(hash);
    }

    /** The key as a JSON string when it needs no escaping (then its bytes appear verbatim in the identity), else null. */
    private static byte[] quotedKey(String primaryKey) {
        for (int i = 0; i < primaryKey.length(); i++) {
            char c = primaryKey.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c > 0x7E) {
                return null;
            }
        }
        return ("\"" + primaryKey + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
