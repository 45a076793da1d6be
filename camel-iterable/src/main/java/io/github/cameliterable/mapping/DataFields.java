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

import io.github.cameliterable.state.AsciiText;
import io.github.cameliterable.state.RowHash;

/**
 * A record's data fields. Mostly <em>written</em>: the row's names and values, written as a JSON object once, straight
 * from those values, when the record is sent (or ahead of that, by {@link #write()}, on a thread with time: a rerun's
 * unchanged records are never written), and hashed from them for change detection (no JSON tree is built for such a
 * record: building and then walking one was about a third of the client's cost, docs/performance.md scenario 3).
 * Otherwise a tree: dotted targets in {@code fields}, or a record read back from the durable intake's queue. Both forms
 * give the same JSON bytes, the same tree and the same hash for the same row.
 * <p>
 * A written value is <em>plain</em> (null, text that holds no JSON array or object, a Boolean, an Integer, a Long, a
 * finite Double or a BigDecimal, each exactly as its node would be written; a date is the text Iterable reads) or the
 * node {@link IterableValues} made of it.
 */
public final class DataFields {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode tree;
    private final String[] names;
    /** The names quoted once for the model's rows ({@link JsonBytes#jsonNames}), or null. */
    private final byte[][] jsonNames;
    private final Object[] values;
    private final int count;
    private final JsonBytes writer;
    /** What made the nodes of the values that are not plain; makes those of the plain ones for {@link #tree()}. */
    private final IterableValues converter;
    /**
     * Written fields whose names are in order, and whose JSON is written with the names of nested objects in order
     * too: the JSON sent is then the one {@link RowHash.Function#XXH3_128_JSON} hashes.
     */
    private final boolean sorted;
    /** The written form's JSON object, once written (the same bytes whichever thread writes them). */
    private volatile byte[] json;

    private DataFields(ObjectNode tree, String[] names, byte[][] jsonNames, Object[] values, int count, JsonBytes writer,
            IterableValues converter, boolean sorted) {
        this.tree = tree;
        this.names = names;
        this.jsonNames = jsonNames;
        this.values = values;
        this.count = count;
        this.writer = writer;
        this.converter = converter;
        this.sorted = sorted;
    }

    /** Data fields held as a tree (nested targets, a record read back from the queue). */
    public static DataFields of(ObjectNode tree) {
        return new DataFields(tree, null, null, null, 0, null, null, false);
    }

    /**
     * The first {@code count} names and values (distinct names; each value {@link IterableValues#plainOrNode} of
     * {@code converter}), written as JSON by {@code writer} when needed; the names quoted already when
     * {@code jsonNames} is given (names the model's rows share, {@link JsonBytes#jsonNames}). The arrays are kept as
     * they are, and never changed.
     */
    static DataFields written(String[] names, byte[][] jsonNames, Object[] values, int count, JsonBytes writer,
            IterableValues converter) {
        return new DataFields(null, names, jsonNames, values, count, writer, converter, false);
    }

    /**
     * As {@link #written}, the names in order ({@link String#compareTo}), and nested objects written with theirs in
     * order: the JSON that {@link RowHash.Function#XXH3_128_JSON} hashes is the JSON sent, written once.
     */
    static DataFields sortedWritten(String[] names, byte[][] jsonNames, Object[] values, int count, JsonBytes writer,
            IterableValues converter) {
        return new DataFields(null, names, jsonNames, values, count, writer, converter, true);
    }

    /**
     * Writes the JSON now (a thread with time, ahead of the record being sent); nothing for a tree. A value that cannot
     * be written (a POJO node whose getter throws) is left for the item that sends the record, which fails as before.
     */
    public DataFields write() {
        if (tree == null) {
            try {
                written();
            } catch (RuntimeException e) {
                // the sync type's item meets the same failure, where it always has
            }
        }
        return this;
    }

    private byte[] written() {
        byte[] bytes = json;
        if (bytes == null) {
            bytes = writer.writeObject(names, jsonNames, values, count, sorted);
            json = bytes;
        }
        return bytes;
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
            Object value = values[i];
            // a plain value's node is the one the converter makes of it (checked already: nothing is thrown)
            built.set(names[i], value instanceof JsonNode node ? node : converter.toJson(names[i], value));
        }
        return built;
    }

    /** What to put in a request body's tree: the tree, or the written bytes as they are ({@link JsonBytes}). */
    public JsonNode node() {
        return tree != null ? tree : NODES.rawValueNode(new RawValue(new WrittenJson(written())));
    }

    /** The fields' JSON: the written bytes, or the tree written by {@code treeWriter}. */
    public byte[] json(JsonBytes treeWriter) {
        return tree == null ? written() : treeWriter.write(tree);
    }

    /** Whether the fields are a tree (not written from a row's values). */
    public boolean isTree() {
        return tree != null;
    }

    /**
     * About the written fields' size as JSON, without writing them when they are not yet (text's lengths, 8 for other
     * scalars); -1 for a tree.
     */
    public long estimatedBytes() {
        if (tree != null) {
            return -1;
        }
        byte[] bytes = json;
        if (bytes != null) {
            return bytes.length;
        }
        long size = 2;
        for (int i = 0; i < count; i++) {
            Object value = values[i];
            size += names[i].length() + 4;
            if (value instanceof String text) {
                size += text.length() + 2;
            } else if (value instanceof JsonNode node && node.isTextual()) {
                size += node.textValue().length() + 2;
            } else if (value instanceof JsonNode node && node.isContainerNode()) {
                size += node.toString().length(); // JSON text, a map or a list: rare, and then small
            } else {
                size += 8;
            }
        }
        return size;
    }

    /** Change detection's hash of these fields with the record's identity and sync columns ({@link RowHash}). */
    public String hash(Consumer<StringBuilder> identity, Map<String, JsonNode> syncColumns) {
        return hash(RowHash.Function.SHA_256, identity, syncColumns, null);
    }

    /**
     * As {@link #hash(Consumer, Map)}, by {@code function}; by {@link RowHash.Function#XXH3_128_JSON}, over the JSON
     * sent when the fields are {@link #sortedWritten} (written now if they are not yet), else over the fields written
     * with the names of every object in order by {@code canonical}.
     */
    public String hash(RowHash.Function function, Consumer<StringBuilder> identity, Map<String, JsonNode> syncColumns,
            JsonBytes canonical) {
        return hash(function, identity, null, syncColumns, canonical);
    }

    /** As {@link #hash(RowHash.Function, Consumer, Map, JsonBytes)}; the identity's bytes by {@code asciiIdentity}. */
    public String hash(RowHash.Function function, Consumer<StringBuilder> identity, AsciiText asciiIdentity,
            Map<String, JsonNode> syncColumns, JsonBytes canonical) {
        if (function == RowHash.Function.XXH3_128_JSON) {
            return RowHash.ofJson(identity, asciiIdentity, sorted ? written() : canonical.writeSorted(tree()),
                    syncColumns);
        }
        return tree != null ? RowHash.of(function, identity, tree, syncColumns)
                : RowHash.of(function, identity, names, values, count, syncColumns);
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
        return tree().equals(that.tree());
    }

    @Override
    public int hashCode() {
        return tree().hashCode();
    }

    /** The fields' JSON text. */
    @Override
    public String toString() {
        return tree != null ? tree.toString() : new String(written(), StandardCharsets.UTF_8);
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
