package io.github.cameliterable.mapping;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Iterable's field types (user fields from {@code users/getFields}, catalog fields from {@code fieldMappings}):
 * boolean, date, geo_location, long, double, object, string. The one place that says which JSON value fits which type.
 */
public final class FieldTypes {
    private final Map<String, String> types;
    private final String source;

    /**
     * @param types dotted field path to Iterable's type
     * @param source who named the types, for reasons ("preflightFieldTypes", "catalog fieldMappings")
     */
    public FieldTypes(Map<String, String> types, String source) {
        this.types = Map.copyOf(types);
        this.source = source;
    }

    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** Whether a value fits a type; null fits every type and an unknown type takes anything. */
    public static boolean fits(String type, JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        return switch (type) {
            case "string" -> value.isTextual();
            case "long" -> value.isIntegralNumber();
            case "double" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "geo_location" -> value.isObject() && value.has("lat") && value.has("lon");
            case "date" -> value.isTextual() && looksLikeDate(value.asText()) || value.isIntegralNumber();
            default -> true;
        };
    }

    /** The first value of the fields (nested objects and arrays included) that does not fit its type, or null. */
    public FieldTypeMismatch firstMismatch(JsonNode fields) {
        // no types (preflightFieldTypes off, the default): nothing to walk, and no path built per field
        return types.isEmpty() ? null : mismatch("", fields);
    }

    /** As {@link #firstMismatch(JsonNode)} for a record's data fields (their tree is built only when there are types). */
    public FieldTypeMismatch firstMismatch(DataFields fields) {
        return types.isEmpty() ? null : mismatch("", fields.tree());
    }

    private FieldTypeMismatch mismatch(String prefix, JsonNode object) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            FieldTypeMismatch found = mismatchOf(prefix + field.getKey(), field.getValue());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private FieldTypeMismatch mismatchOf(String path, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                FieldTypeMismatch found = mismatchOf(path, element);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        String type = types.get(path);
        if (type != null && !fits(type, value)) {
            return new FieldTypeMismatch(path, value, type, source);
        }
        return value.isObject() ? mismatch(path + ".", value) : null;
    }

    private static boolean looksLikeDate(String text) {
        try {
            IterableValues.epochSeconds("date", TextNode.valueOf(text));
            return true;
        } catch (InvalidRecordException e) {
            return false;
        }
    }
}
