package io.github.cameliterable.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.cameliterable.mapping.MappedRecord;

/**
 * The mapped records read ahead of the state's classification: at most a count of them (one round trip to the
 * state) and at most {@link #MAX_BYTES} of their values, so that heap stays bounded whatever the size of a record.
 */
final class ReadAhead {
    /** Values held at once; with the batchers' requests in flight this keeps a run well under 256 MB of heap. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final int maxRecords;
    private final long maxBytes;
    private List<MappedRecord> records;
    private long bytes;

    ReadAhead(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.records = new ArrayList<>();
    }

    /** Adds a record; true when the records read ahead should now be processed. */
    boolean add(MappedRecord record) {
        records.add(record);
        bytes += estimatedBytes(record);
        return full();
    }

    /** Whether the records read ahead should now be processed. */
    boolean full() {
        return records.size() >= maxRecords || bytes >= maxBytes;
    }

    /** The records read ahead, handed over; the read-ahead starts empty again. */
    List<MappedRecord> drain() {
        List<MappedRecord> drained = records;
        records = new ArrayList<>(drained.size()); // the next as large as the last: not grown ten times over
        bytes = 0;
        return drained;
    }

    /** About the record's size as JSON, from its texts' lengths: cheaper than serialising it twice. */
    static long estimatedBytes(MappedRecord record) {
        long size = 64;
        Deque<JsonNode> pending = null;
        long written = record.dataFields().estimatedBytes();
        // the top-level fields are counted in place; only nested values go through the stack
        var top = written >= 0 ? java.util.Collections.<java.util.Map.Entry<String, JsonNode>> emptyIterator()
                : record.dataFields().tree().fields();
        size += Math.max(written, 0);
        while (top.hasNext()) {
            var field = top.next();
            size += field.getKey().length() + 4;
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                size += value.textValue().length() + 2;
            } else if (value.isContainerNode()) {
                pending = pending == null ? new ArrayDeque<>() : pending;
                pending.push(value);
            } else {
                size += 8;
            }
        }
        if (record.syncColumns().isEmpty() && pending == null) {
            return size;
        }
        pending = pending == null ? new ArrayDeque<>() : pending;
        record.syncColumns().values().forEach(pending::push);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                size += node.textValue().length() + 2;
            } else if (node.isObject()) {
                var fields = node.fields();
                while (fields.hasNext()) {
                    var field = fields.next();
                    size += field.getKey().length() + 4;
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            } else {
                size += 8;
            }
        }
        return size;
    }
}
