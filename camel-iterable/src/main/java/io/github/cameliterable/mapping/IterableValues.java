package io.github.cameliterable.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.text.SafeText;

/**
 * Converts column values to the JSON Iterable expects: dates and times as {@code yyyy-MM-dd HH:mm:ss +00:00} (a
 * format Iterable types as {@code date}), JSON text holding an array or object as that array or object (Iterable's
 * "entities"), numbers that JSON can hold, nested maps and lists.
 */
public final class IterableValues {
    /** Iterable's documented date format; UTC so that equal instants always hash and compare equal. */
    public static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");
    public static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;

    public IterableValues(ObjectMapper json) {
        this.json = json;
    }

    public JsonNode toJson(String field, Object value) {
        return toJson(field, value, 0);
    }

    /**
     * The value itself when {@link DataFields} writes it as it is (null, text that holds no JSON array or object, a
     * Boolean, an Integer, a Long, a finite Double, a BigDecimal: what most warehouse columns hold), a date's text
     * ({@link #formatDate}), else its node ({@link #toJson}); the same checks either way. A NUMERIC or TIMESTAMP column
     * made a node had the generator write its whole row, at twice the cost (docs/performance.md, scenario 3).
     */
    public Object plainOrNode(String field, Object value) {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value;
        }
        if (value instanceof String text && (text.isEmpty() || !couldBeJson(text.charAt(0)))) {
            return text;
        }
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return d;
        }
        if (value instanceof BigDecimal d) {
            checkDecimal(field, d);
            return d; // a NUMERIC column's: written as its text, as the generator writes its node
        }
        String date = formatDate(value);
        if (date != null) {
            return date; // a TIMESTAMP or DATE column's: Iterable's text of it, which is never a JSON array or object
        }
        return toJson(field, value, 0);
    }

    /** A whole decimal (no places) is sent as a whole number: it must be one Iterable takes. */
    private static void checkDecimal(String field, BigDecimal d) {
        if (d.scale() == 0) {
            IterableRules.checkWholeNumber(field, d.unscaledValue()); // written as a whole number
        }
    }

    private JsonNode toJson(String field, Object value, int depth) {
        if (depth > IterableRules.MAX_NESTING_DEPTH) {
            throw new InvalidRecordException(field, "nested deeper than " + IterableRules.MAX_NESTING_DEPTH + " levels");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return checked(field, node, depth);
        }
        if (value instanceof String text) {
            return fromText(field, text, depth);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Double || value instanceof Float) {
            // a Float (a JDBC REAL) as its own digits, as Jackson writes one: 0.1, not the widened 0.10000000149011612
            double d = value instanceof Float f ? Double.parseDouble(f.toString()) : ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidRecordException(field, "the number " + d + " cannot be sent to Iterable");
            }
            return NODES.numberNode(d);
        }
        if (value instanceof BigDecimal d) {
            checkDecimal(field, d);
            return NODES.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            IterableRules.checkWholeNumber(field, i);
            return NODES.numberNode(i);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.longValue());
        }
        String date = formatDate(value);
        if (date != null) {
            return NODES.textNode(date);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = entry.getKey() == null ? null : String.valueOf(entry.getKey());
                IterableRules.checkFieldName(field, name);
                object.set(name, toJson(field + "." + name, entry.getValue(), depth + 1));
            }
            return object;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            for (Object element : list) {
                array.add(toJson(field, element, depth + 1));
            }
            return array;
        }
        if (value instanceof Object[] items) {
            return toJson(field, Arrays.asList(items), depth);
        }
        if (value instanceof byte[] bytes) {
            // a JSON column some drivers return as its UTF-8 bytes (H2's JSON type): the array or object it holds
            JsonNode held = jsonHeldIn(field, bytes, depth);
            return held != null ? held : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Character || value instanceof Enum<?> || value instanceof UUID) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof java.sql.Array array) {
            return toJson(field, sqlArray(field, array), depth); // PostgreSQL's text[], int[]... as a JSON array
        }
        if (value instanceof java.sql.Clob || value instanceof java.sql.Blob || value instanceof java.sql.SQLXML) {
            return toJson(field, sqlLob(field, value), depth); // camel-jdbc's rows, Oracle's CLOB: the text or bytes
        }
        // database JSON types (such as PostgreSQL's PGobject, whose subclasses are its intervals, money, geometry) and
        // POJOs
        if (isPgObject(value.getClass())) {
            return fromText(field, value.toString(), depth);
        }
        JsonNode node;
        try {
            node = json.valueToTree(value);
        } catch (RuntimeException | StackOverflowError e) {
            // a POJO nested too deeply, or one that refers to itself
            throw new InvalidRecordException(field, "a " + value.getClass().getSimpleName() + " that cannot be written as"
                    + " JSON: " + SafeText.reason(String.valueOf(e.getMessage())));
        }
        return checked(field, node, depth);
    }

    /** The elements of an SQL array column, read from the row's own value (no query: the connection may be gone). */
    private static Object[] sqlArray(String field, java.sql.Array array) {
        try {
            Object elements = array.getArray();
            if (elements instanceof Object[] objects) {
                return objects;
            }
            int n = java.lang.reflect.Array.getLength(elements); // an array of primitives
            Object[] boxed = new Object[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = java.lang.reflect.Array.get(elements, i);
            }
            return boxed;
        } catch (java.sql.SQLException | RuntimeException e) {
            throw new InvalidRecordException(field, "an SQL array that cannot be read: "
                    + SafeText.reason(String.valueOf(e.getMessage())));
        }
    }

    /** The text of a CLOB or SQLXML, the bytes of a BLOB, read while the row's connection still serves them. */
    private static Object sqlLob(String field, Object lob) {
        try {
            if (lob instanceof java.sql.Clob clob) {
                return clob.getSubString(1, Math.toIntExact(clob.length()));
            }
            if (lob instanceof java.sql.Blob blob) {
                return blob.getBytes(1, Math.toIntExact(blob.length()));
            }
            return ((java.sql.SQLXML) lob).getString();
        } catch (java.sql.SQLException | RuntimeException e) {
            throw new InvalidRecordException(field, "an SQL large object that cannot be read: "
                    + SafeText.reason(String.valueOf(e.getMessage())));
        }
    }

    private static boolean isPgObject(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.postgresql.util.PGobject")) {
                return true;
            }
        }
        return false;
    }

    /** A column holding JSON text of an array or object becomes that array or object; other text stays text. */
    private JsonNode fromText(String field, String text, int depth) {
        if (text.isEmpty() || !couldBeJson(text.charAt(0))) {
            return NODES.textNode(text); // most text: no JSON array or object, nothing to strip or look into
        }
        String trimmed = text.strip();
        if ((trimmed.startsWith("[") && trimmed.endsWith("]")) || (trimmed.startsWith("{") && trimmed.endsWith("}"))) {
            JsonNode parsed;
            try {
                parsed = json.readTree(trimmed);
            } catch (StreamConstraintsException tooDeep) {
                throw tooDeep(field);
            } catch (Exception notJson) {
                return NODES.textNode(text);
            }
            return checked(field, parsed, depth);
        }
        return NODES.textNode(text);
    }

    /**
     * The JSON array or object {@code bytes} hold as UTF-8 text, or null when they hold none (other bytes, which go as
     * Base64).
     */
    private JsonNode jsonHeldIn(String field, byte[] bytes, int depth) {
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first == bytes.length || bytes[first] != '[' && bytes[first] != '{') {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
        JsonNode node = fromText(field, text, depth);
        return node.isContainerNode() ? node : null;
    }

    /** Whether text starting with this character may hold an array or an object once stripped. */
    private static boolean couldBeJson(char first) {
        return first == '[' || first == '{' || Character.isWhitespace(first);
    }

    private static InvalidRecordException tooDeep(String field) {
        return new InvalidRecordException(field, "nested deeper than " + IterableRules.MAX_NESTING_DEPTH + " levels");
    }

    /**
     * The same rules for a JSON tree (JSON text, {@code JsonNode}, POJO) as for Maps and Lists: nesting, field names at
     * every level, numbers JSON and Iterable can hold. Walked without recursion, so a tree of any depth is refused, never a
     * crash.
     */
    private static JsonNode checked(String field, JsonNode root, int rootDepth) {
        record Frame(JsonNode node, int depth, String path) {
        }
        Deque<Frame> pending = new ArrayDeque<>();
        pending.push(new Frame(root, rootDepth, field));
        while (!pending.isEmpty()) {
            Frame frame = pending.pop();
            JsonNode node = frame.node();
            if (frame.depth() > IterableRules.MAX_NESTING_DEPTH) {
                throw tooDeep(field);
            }
            if (node.isDouble() || node.isFloat()) {
                double d = node.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new InvalidRecordException(frame.path(), "the number " + d + " cannot be sent to Iterable");
                }
            } else if (node.isBigInteger()) {
                IterableRules.checkWholeNumber(frame.path(), node.bigIntegerValue());
            } else if (node.isObject()) {
                var fields = node.fields();
                while (fields.hasNext()) {
                    var child = fields.next();
                    IterableRules.checkFieldName(frame.path(), child.getKey());
                    pending.push(new Frame(child.getValue(), frame.depth() + 1, frame.path() + "." + child.getKey()));
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    pending.push(new Frame(element, frame.depth() + 1, frame.path()));
                }
            }
        }
        return root;
    }

    /**
     * A point in time as the epoch seconds Iterable's {@code createdAt} takes: from a date or time (already written
     * as text by {@link #toJson}), ISO-8601 text, or a number of seconds or milliseconds since the epoch.
     */
    public static long epochSeconds(String field, JsonNode value) {
        if (value.isNumber()) {
            long number = value.longValue();
            // anything past the year 5138 in seconds is milliseconds
            return Math.abs(number) > 100_000_000_000L ? number / 1000 : number;
        }
        String text = value.asText().strip();
        if (text.matches("-?\\d+")) {
            return epochSeconds(field, JsonNodeFactory.instance.numberNode(Long.parseLong(text)));
        }
        for (DateTimeFormatter format : new DateTimeFormatter[]{DATE_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME}) {
            try {
                return OffsetDateTime.parse(text, format).toEpochSecond();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(field, SafeText.quoted(text) + " is not a date, a time or epoch seconds");
        }
    }

    /** Dates and times as Iterable parses them, or null when the value is not one ({@link DateTexts}). */
    public static String formatDate(Object value) {
        return DateTexts.of(value);
    }
}
