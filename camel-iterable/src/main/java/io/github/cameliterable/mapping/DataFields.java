package io.github.cameliterable.mapping;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.github.cameliterable.state.RowHash;

/**
 * A record's data fields. Mostly <em>written</em>: the JSON object written once, straight from the row's values, with
 * the names and values kept for change detection's hash (no JSON tree is built for such a record: building and then
 * walking one was about a third of the client's cost, docs/performance.md scenario 3). Otherwise a tree: dotted
 * targets in {@code fields}, or a record read back from the durable intake's queue. Both forms give the same JSON
 * bytes, the same tree and the same hash for the same row.
 * <p>
 * A written value is <em>plain</em> (null, text that holds no JSON array or object, a Boolean, an Integer, a Long or
 * a finite Double, each exactly as its node would be written) or the node {@link IterableValues} made of it.
 */
public final class DataFields {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode tree;
    private final String[] names;
    private final Object[] values;
    private final int count;
    private final byte[] json;

    private DataFields(ObjectNode tree, String[] names, Object[] values, int count, byte[] json) {
        this.tree = tree;
        this.names = names;
        this.values = values;
        this.count = count;
        this.json = json;
    }

    /** Data fields held as a tree (nested targets, a record read back from the queue). */
    public static DataFields of(ObjectNode tree) {
        return new DataFields(tree, null, null, 0, null);
    }

    /** The first {@code count} names and values (distinct names), and their JSON object as {@code json}. */
    static DataFields written(String[] names, Object[] values, int count, byte[] json) {
        return new DataFields(null, names, values, count, json);
    }

    /** Whether there is no field. */
    public boolean isEmpty() {
        return tree != null ? tree.isEmpty() : count == 0;
    }

    /** The top-level field names, in order. */
    public Iterator<String> names() {
        return tree != null ? tree.fieldNames() : Arrays.asList(names).subList(0, count).iterator();
    }

    /** The fields as a tree (a new one for written fields): for checks that walk the values. */
    public ObjectNode tree() {
        if (tree != null) {
            return tree;
        }
        ObjectNode built = NODES.objectNode();
        for (int i = 0; i < count; i++) {
            built.set(names[i], node(values[i]));
        }
        return built;
    }

    /** What to put in a request body's tree: the tree, or the written bytes as they are ({@link JsonBytes}). */
    public JsonNode node() {
        return tree != null ? tree : NODES.rawValueNode(new RawValue(new WrittenJson(json)));
    }

    /** The fields' JSON: the written bytes, or the tree written by {@code writer}. */
    public byte[] json(JsonBytes writer) {
        return json != null ? json : writer.write(tree);
    }

    /** The written JSON's length, or -1 for a tree. */
    public int writtenLength() {
        return json == null ? -1 : json.length;
    }

    /** Change detection's hash of these fields with the record's identity and sync columns ({@link RowHash}). */
    public String hash(Consumer<StringBuilder> identity, Map<String, JsonNode> syncColumns) {
        return tree != null ? RowHash.of(identity, tree, syncColumns)
                : RowHash.of(identity, names, values, count, syncColumns);
    }

    /** Equal fields: the same names and values, whatever their form. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DataFields that)) {
            return false;
        }
        return json != null && that.json != null ? Arrays.equals(json, that.json) : tree().equals(that.tree());
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    /** The fields' JSON text. */
    @Override
    public String toString() {
        return json != null ? new String(json, StandardCharsets.UTF_8) : tree.toString();
    }

    /** A plain value as the node {@link IterableValues#toJson} gives for it; a node as it is. */
    private static JsonNode node(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Long || value instanceof Integer) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d.doubleValue());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.nullNode();
    }

    /** Written JSON embedded in a body as it is: the generator copies its bytes. */
    private static final class WrittenJson implements SerializableString {
        private final byte[] bytes;
        private String text;

        WrittenJson(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public String getValue() {
            if (text == null) {
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            return text;
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return JsonStringEncoder.getInstance().quoteAsString(getValue());
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return bytes;
        }

        @Override
        public byte[] asQuotedUTF8() {
            return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return copy(asQuotedUTF8(), buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return copy(asQuotedChars(), buffer, offset);
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            return copy(bytes, buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return copy(getValue().toCharArray(), buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            byte[] quoted = asQuotedUTF8();
            out.write(quoted);
            return quoted.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes);
            return bytes.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return put(asQuotedUTF8(), buffer);
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            return put(bytes, buffer);
        }

        private static int copy(byte[] from, byte[] buffer, int offset) {
            if (offset + from.length > buffer.length) {
                return -1;
            }
            System.arraycopy(from, 0, buffer, offset, from.length);
            return from.length;
        }

        private static int copy(char[] from, char[] buffer, int offset) {
            if (offset + from.length > buffer.length) {
                return -1;
            }
            System.arraycopy(from, 0, buffer, offset, from.length);
            return from.length;
        }

        private static int put(byte[] from, ByteBuffer buffer) {
            if (from.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(from);
            return from.length;
        }

        @Override
        public String toString() {
            return getValue();
        }
    }
}
