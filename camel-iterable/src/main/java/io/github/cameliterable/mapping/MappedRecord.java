package io.github.cameliterable.mapping;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
}
