package io.github.cameliterable.state;

import java.security.MessageDigest;

import com.dynatrace.hash4j.hashing.HashStream128;

/**
 * What one thread reuses from record to record: the canonical text, the digest, and the sorted names of
 * the last record's fields (sorting them again for each row was 3% of a first run).
 */
final class RowHashBuffers {
    final StringBuilder text = new StringBuilder(1024);
    final MessageDigest digest = RowHash.sha256();
    final HashStream128 stream = RowHash.XXH3.hashStream();
    final FieldNamesMemo<String[]> sortedNames = new FieldNamesMemo<>(RowHash::sorted);
    final FieldNamesMemo<int[]> sortedOrder = new FieldNamesMemo<>(RowHash::sortedOrder);
    /**
     * The identity's bytes or the text's then a record's JSON, when they are ASCII (their UTF-8 bytes are then their
     * characters).
     */
    private byte[] input = new byte[1024];

    /** {@link #input} with room for {@code length} bytes at least. */
    byte[] input(int length) {
        if (input.length < length) {
            input = new byte[Math.max(length, 2 * input.length)];
        }
        return input;
    }

    /** The text's characters as bytes followed by {@code json}, in {@link #input}; null when the text is not ASCII. */
    byte[] asciiInput(byte[] json) {
        int head = text.length();
        byte[] bytes = input(head + json.length);
        for (int i = 0; i < head; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        System.arraycopy(json, 0, bytes, head, json.length);
        return bytes;
    }

    /** Lets a very large record's text and input go, as RowHash's text does. */
    void trim() {
        if (input.length > 64 * 1024) {
            input = new byte[1024];
        }
        RowHash.trimText(text);
    }
}
