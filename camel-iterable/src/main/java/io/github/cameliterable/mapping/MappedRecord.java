package io.github.cameliterable.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record ready for a sync type: its primary key, identity, data fields (renamed and nested as the mapping says),
 * the columns the sync type reads itself (event name, items, new email...), and the hash change detection compares
 * (null when change detection is off).
 */
public record MappedRecord(
        long index,
        String primaryKey,
        Identity identity,
        DataFields dataFields,
        Map<String, JsonNode> syncColumns,
        String hash) {

    /** A column the sync type reads itself, or null. */
    public JsonNode syncColumn(String column) {
        return column == null ? null : syncColumns.get(column);
    }

    /** The same record at another index. */
    public MappedRecord withIndex(long newIndex) {
        return new MappedRecord(newIndex, primaryKey, identity, dataFields, syncColumns, hash);
    }

    /**
     * The record as one JSON object, as the durable intake queues it: {@link #fromJson} reads its text back. The
     * tree shares this record's nodes (nothing is copied): write it, do not change it.
     */
    public ObjectNode toJson(JsonNodeFactory nodes) {
        ObjectNode node = nodes.objectNode();
        node.put("primaryKey", primaryKey);
        node.put("email", identity.email());
        node.put("userId", identity.userId());
        node.put("key", identity.key().name());
        node.set("dataFields", dataFields.node());
        node.putObject("syncColumns").setAll(syncColumns); // a null value is written as null
        node.put("hash", hash);
        return node;
    }

    /** A record written by {@link #toJson}, at {@code index} (its position in the queue). */
    public static MappedRecord fromJson(String text, long index, ObjectMapper json) {
        try {
            JsonNode node = json.readTree(text);
            Map<String, JsonNode> syncColumns = new LinkedHashMap<>();
            node.path("syncColumns").fields().forEachRemaining(e -> syncColumns.put(e.getKey(), e.getValue()));
            return new MappedRecord(index, node.path("primaryKey").asText(null),
                    new Identity(node.path("email").asText(null), node.path("userId").asText(null),
                            MatchBy.valueOf(node.path("key").asText())),
                    DataFields.of((ObjectNode) node.path("dataFields")), Collections.unmodifiableMap(syncColumns),
                    node.path("hash").asText(null));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("A queued record cannot be read back: " + e.getMessage(), e);
        }
    }

}
