package io.github.cameliterable.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        ObjectNode dataFields,
        Map<String, JsonNode> syncColumns,
        String hash) {

    /** A column the sync type reads itself, or null. */
    public JsonNode syncColumn(String column) {
        return column == null ? null : syncColumns.get(column);
    }

    /** The record as one line of JSON, as the durable intake queues it: {@link #fromJson} reads it back. */
    public String toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("primaryKey", primaryKey);
        node.put("email", identity.email());
        node.put("userId", identity.userId());
        node.put("key", identity.key().name());
        node.set("dataFields", dataFields);
        node.set("syncColumns", json.valueToTree(syncColumns));
        node.put("hash", hash);
        return node.toString();
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
                    (ObjectNode) node.path("dataFields"), Collections.unmodifiableMap(syncColumns),
                    node.path("hash").asText(null));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("A queued record cannot be read back: " + e.getMessage(), e);
        }
    }

}
