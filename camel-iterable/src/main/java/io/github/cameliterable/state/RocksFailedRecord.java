package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.cameliterable.state.IntakeQueue.Failed;

/** A failed record of the embedded durable intake as the {@code intake_failed} column family keeps it. */
final class RocksFailedRecord {
    private RocksFailedRecord() {
    }

    /** The queue id, when it failed (epoch seconds), then primary key, field, reason and record (-1 for null). */
    static byte[] encode(Failed f, String record, long failedAt) {
        byte[][] texts = {utf8(f.primaryKey()), utf8(f.field()), utf8(f.reason()), utf8(record)};
        int length = 16;
        for (byte[] t : texts) {
            length += 4 + (t == null ? 0 : t.length);
        }
        ByteBuffer out = ByteBuffer.allocate(length).putLong(f.id()).putLong(failedAt);
        for (byte[] t : texts) {
            out.putInt(t == null ? -1 : t.length);
            if (t != null) {
                out.put(t);
            }
        }
        return out.array();
    }

    static Failed decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        long id = in.getLong();
        in.getLong();
        String[] texts = new String[4];
        for (int i = 0; i < texts.length; i++) {
            int length = in.getInt();
            if (length >= 0) {
                texts[i] = new String(value, in.position(), length, StandardCharsets.UTF_8);
                in.position(in.position() + length);
            }
        }
        return new Failed(id, texts[0], texts[1], texts[2], texts[3]);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
