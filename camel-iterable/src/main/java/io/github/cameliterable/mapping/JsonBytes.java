package io.github.cameliterable.mapping;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Writes an item's JSON tree to bytes: the same bytes as {@code ObjectMapper.writeValueAsBytes}, through one
 * generator and buffer that each thread keeps (no serializer provider, generator and buffers per record: about a
 * third of what serializing cost, docs/performance.md scenario 3). Text, whole and floating numbers, booleans and
 * null are written here; any other node (a BigDecimal, binary, a POJO) by the mapper. A mapper configured to write
 * trees otherwise (sorted properties, no null properties, no empty arrays) writes every tree itself. Data fields
 * written straight from a row ({@link #writeObject}) are the bytes their tree would give, and are embedded in a
 * body as they are ({@link DataFields#node()}).
 */
public final class JsonBytes {
    private final ObjectMapper json;
    private final boolean plainTrees;
    /**
     * Each thread's writer. A plain thread-local: remembering the last threads' writers in shared fields, tried on
     * 2026-12-05, cost more than it saved once a mapper and a loop wrote those fields from two cores.
     */
    private final ThreadLocal<Writer> writers;
    /** Whether {@link PlainJson} writes plain values as this mapper's generator does (its default features). */
    private final boolean plainBytes;

    public JsonBytes(ObjectMapper json) {
        this.json = json;
        SerializationConfig config = json.getSerializationConfig();
        this.plainTrees = config.isEnabled(JsonNodeFeature.WRITE_NULL_PROPERTIES)
                && !config.isEnabled(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
                && config.isEnabled(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)
                && !config.isEnabled(SerializationFeature.INDENT_OUTPUT);
        this.writers = ThreadLocal.withInitial(this::newWriter);
        this.plainBytes = plainTrees && writesAsPlainJson();
    }

    /**
     * Whether this mapper's generator writes plain values as {@link PlainJson} does: its features are the defaults
     * that bear on them, and a probe of escapes, non-ASCII text and doubles comes out the same.
     */
    private boolean writesAsPlainJson() {
        JsonGenerator generator = writer().generator();
        if (!"JSON".equals(json.getFactory().getFormatName()) || generator.getCharacterEscapes() != null
                || generator.getPrettyPrinter() != null || !generator.isEnabled(JsonGenerator.Feature.QUOTE_FIELD_NAMES)
                || generator.isEnabled(JsonGenerator.Feature.ESCAPE_NON_ASCII)
                || generator.isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS)
                || generator.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)) {
            return false;
        }
        String[] names = {"a/b", "n\"a\\me \u00e9", "x"};
        Object[] values = {"</tag> \u0001\b\t\n\f\r\"\\ \u007f caf\u00e9 \u20ac", 0.1, 2.0e23};
        Object[] more = {1.0e-7, Long.MIN_VALUE, 123456789.125};
        Object[] last = {Boolean.TRUE, null, Integer.MIN_VALUE};
        Object[] decimals = {new BigDecimal("12.50"), new BigDecimal("1E+3"), new BigDecimal("-0.000000125")};
        for (Object[] probe : new Object[][]{values, more, last, decimals}) {
            byte[] plain = writer().plain().object(names, null, probe, names.length);
            if (plain == null || !Arrays.equals(plain, writeObjectWithGenerator(names, probe, names.length, false))
                    || !Arrays.equals(plain, writer().plain().object(names, jsonNames(names), probe, names.length))) {
                return false;
            }
        }
        return true;
    }

    /** One thread's generator, writing into its buffer; root values follow each other without a separator. */
    private record Writer(Buffer out, JsonGenerator generator, PlainJson plain) {
    }

    /** This thread's writer. */
    private Writer writer() {
        return writers.get();
    }

    /** Drops this thread's writer (a generator left in a bad state, a very large buffer). */
    private void dropWriter() {
        writers.remove();
    }

    /**
     * A growing byte array the generator flushes into once a record (Jackson's ByteArrayBuilder walks a list of
     * blocks on every copy: 3% of a first run).
     */
    private static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[4096];
        private int length;

        @Override
        public void write(int b) {
            room(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
            }
        }

        void reset() {
            length = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }
    }

    private Writer newWriter() {
        try {
            Buffer out = new Buffer();
            JsonGenerator generator = json.getFactory().createGenerator(out);
            json.getSerializationConfig().initialize(generator);
            generator.setRootValueSeparator(null);
            return new Writer(out, generator,
                    new PlainJson(generator.isEnabled(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)));
        } catch (IOException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    /** The tree's JSON. */
    public byte[] write(JsonNode node) {
        if (!plainTrees) {
            try {
                return json.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new IllegalStateException("A JSON tree always serializes", e);
            }
        }
        return written(generator -> write(generator, node));
    }

    /** Whether plain values are written straight to bytes ({@link PlainJson}), not through the generator. */
    public boolean writesPlainBytes() {
        return plainBytes;
    }

    /**
     * The object of the first {@code count} names and plain values (null, text, a Boolean, an Integer, a Long, a finite
     * Double, a BigDecimal) written straight to bytes, the generator's bytes for them, left open with {@code next} (a
     * name as {@link #jsonNames} quotes it) after its members, for a value written after these bytes (a user's head
     * before its data fields' JSON); null when this mapper's generator writes them otherwise
     * ({@link #writesPlainBytes()}) or a value is not plain: the caller writes the object with the generator.
     */
    public byte[] plainOpened(String[] names, byte[][] jsonNames, Object[] values, int count, byte[] next) {
        return plainBytes ? writer().plain().opened(names, jsonNames, values, count, next) : null;
    }

    /**
     * Names shared by many objects (a model's columns, a body's fixed names), each quoted once with its colon for
     * {@link #plainOpened} and {@link #writeObject(String[], byte[][], Object[], int, boolean)}; an entry is null for a
     * name left to the generator.
     */
    public static byte[][] jsonNames(String[] names) {
        return PlainJson.names(names, names.length);
    }

    /** Whether {@link #writeObject} writes what the mapper writes for the same fields as a tree. */
    public boolean writesPlainObjects() {
        return plainTrees;
    }

    /**
     * The JSON object of the first {@code count} names and values, as its tree would be written: each value is a
     * {@link DataFields plain value} (null, text, Boolean, Integer, Long, a finite Double, a BigDecimal) or a node.
     */
    public byte[] writeObject(String[] names, Object[] values, int count) {
        return writeObject(names, null, values, count, false);
    }

    /**
     * As {@link #writeObject(String[], Object[], int)}, the names quoted already when {@code jsonNames} is given
     * ({@link #jsonNames}); nested objects with their names in order when {@code sorted}.
     */
    public byte[] writeObject(String[] names, byte[][] jsonNames, Object[] values, int count, boolean sorted) {
        if (plainBytes) {
            byte[] plain = writer().plain().object(names, jsonNames, values, count);
            if (plain != null) {
                return plain;
            }
        }
        return writeObjectWithGenerator(names, values, count, sorted);
    }

    private byte[] writeObjectWithGenerator(String[] names, Object[] values, int count, boolean sorted) {
        return written(generator -> {
            generator.writeStartObject();
            for (int i = 0; i < count; i++) {
                generator.writeFieldName(names[i]);
                if (sorted && values[i] instanceof JsonNode node && node.isContainerNode()) {
                    writeSorted(generator, node);
                } else {
                    writePlain(generator, values[i]);
                }
            }
            generator.writeEndObject();
        });
    }

    /**
     * The tree's JSON with the names of every object in order (a record's fields as the row hash of
     * {@code XXH3_128_JSON} reads them, when they were not written so).
     */
    public byte[] writeSorted(JsonNode node) {
        return written(generator -> writeSorted(generator, node));
    }

    /** A node with the names of every object in order: rare (nested fields), so one method walks it all. */
    private void writeSorted(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            String[] names = new String[node.size()];
            Iterator<String> fields = node.fieldNames();
            for (int i = 0; i < names.length; i++) {
                names[i] = fields.next();
            }
            Arrays.sort(names);
            generator.writeStartObject(node, names.length);
            for (String name : names) {
                generator.writeFieldName(name);
                writeSorted(generator, node.get(name));
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray(node, node.size());
            for (JsonNode element : node) {
                writeSorted(generator, element);
            }
            generator.writeEndArray();
        } else {
            writeScalar(generator, node);
        }
    }

    private void writePlain(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Long || value instanceof Integer) {
            generator.writeNumber(((Number) value).longValue()); // as the LongNode the tree holds
        } else if (value instanceof Double d) {
            generator.writeNumber(d.doubleValue());
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value == null) {
            generator.writeNull();
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d); // as the DecimalNode the tree holds
        } else {
            write(generator, (JsonNode) value);
        }
    }

    /** What {@link #written} writes with the thread's generator. */
    public interface Writing {
        void to(JsonGenerator generator) throws IOException;
    }

    /**
     * A body written field by field with the thread's generator, without a tree: what the same fields' tree would be
     * written as, when {@link #writesPlainObjects()} holds ({@link #writeValue} writes a node among them).
     */
    public byte[] written(Writing writing) {
        try {
            Writer writer = writer();
            Buffer out = writer.out();
            out.reset();
            try {
                writing.to(writer.generator());
                writer.generator().flush();
            } catch (IOException | RuntimeException e) {
                // a generator left inside an object would prefix the next record: the thread gets a new one
                dropWriter();
                throw e;
            }
            byte[] bytes = out.toByteArray();
            if (bytes.length > 1024 * 1024) {
                dropWriter(); // the buffer of a very large record is not kept
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    /** A node inside {@link #written}, as a tree holding it writes it (written data fields as they are). */
    public void writeValue(JsonGenerator generator, JsonNode node) throws IOException {
        write(generator, node);
    }

    /**
     * A node and what it holds. The containers' walk and the scalars are methods of their own, and each is called
     * from one place of the walk: the JIT inlines a recursion into itself, so one method with a branch per type and
     * two recursive calls was compiled with every scalar writer three times over, about a second of C2 a time (JFR's
     * compilation events of a 1,000,000-user first run: 2.7 s in four compilations).
     */
    private void write(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isContainerNode()) {
            writeContainer(generator, node);
        } else {
            writeScalar(generator, node);
        }
    }

    /** An object's fields or an array's elements, with one call site for each kind of value (see above). */
    private void writeContainer(JsonGenerator generator, JsonNode node) throws IOException {
        boolean object = node.isObject();
        if (object) {
            generator.writeStartObject(node, node.size());
        } else {
            generator.writeStartArray(node, node.size());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object ? node.fields() : null;
        Iterator<JsonNode> elements = object ? null : node.elements();
        while (object ? fields.hasNext() : elements.hasNext()) {
            JsonNode value;
            if (object) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                value = field.getValue();
            } else {
                value = elements.next();
            }
            if (value.isContainerNode()) {
                writeContainer(generator, value);
            } else {
                writeScalar(generator, value);
            }
        }
        if (object) {
            generator.writeEndObject();
        } else {
            generator.writeEndArray();
        }
    }

    private void writeScalar(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case STRING -> generator.writeString(node.textValue());
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            case NUMBER -> {
                if (node.isInt()) {
                    generator.writeNumber(node.intValue());
                } else if (node.isLong()) {
                    generator.writeNumber(node.longValue());
                } else if (node.isDouble()) {
                    generator.writeNumber(node.doubleValue());
                } else {
                    json.writeTree(generator, node);
                }
            }
            case POJO -> {
                if (((POJONode) node).getPojo() instanceof RawValue raw) {
                    raw.serialize(generator, null); // data fields written before (DataFields.node())
                } else {
                    json.writeTree(generator, node);
                }
            }
            default -> json.writeTree(generator, node);
        }
    }
}
