package io.github.cameliterable.state;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The durable intake ring's head as the database keeps it ({@link RocksIntakeLog}): the offset in the ring a restart
 * reads from, the id before the first record there, and, per sync (its key prefix), the runs of ids settled after it,
 * which a restart does not queue again. A head of an earlier version holds no runs.
 */
record RocksIntakeHead(long offset, long lastId, Map<ByteBuffer, long[]> settled) {

    byte[] encode() {
        int length = 20;
        for (Map.Entry<ByteBuffer, long[]> e : settled.entrySet()) {
            length += 8 + e.getKey().remaining() + 8 * e.getValue().length;
        }
        ByteBuffer out = ByteBuffer.allocate(length).putLong(offset).putLong(lastId).putInt(settled.size());
        for (Map.Entry<ByteBuffer, long[]> e : settled.entrySet()) {
            out.putInt(e.getKey().remaining()).put(e.getKey().duplicate()).putInt(e.getValue().length);
            for (long id : e.getValue()) {
                out.putLong(id);
            }
        }
        return out.array();
    }

    static RocksIntakeHead decode(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        long offset = in.getLong();
        long lastId = in.getLong();
        Map<ByteBuffer, long[]> settled = new HashMap<>();
        int lanes = in.remaining() >= 4 ? in.getInt() : 0;
        for (int l = 0; l < lanes; l++) {
            byte[] prefix = new byte[in.getInt()];
            in.get(prefix);
            long[] runs = new long[in.getInt()];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = in.getLong();
            }
            settled.put(ByteBuffer.wrap(prefix), runs);
        }
        return new RocksIntakeHead(offset, lastId, settled);
    }

    /** Whether the record of this key (a sync's prefix and an id) was settled after the head. */
    boolean isSettled(byte[] key) {
        long[] runs = settled.get(ByteBuffer.wrap(key, 0, key.length - 8).slice());
        if (runs == null) {
            return false;
        }
        long id = RocksKeys.queueId(key);
        for (int r = 0; r < runs.length; r += 2) {
            if (id >= runs[r] && id <= runs[r + 1]) {
                return true;
            }
        }
        return false;
    }
}
