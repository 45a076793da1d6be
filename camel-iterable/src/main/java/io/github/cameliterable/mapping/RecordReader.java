package io.github.cameliterable.mapping;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.BaseStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.text.SafeText;

/**
 * Turns a message body into a stream of records without holding them all: one record (Map, JSON object text or
 * bytes, JsonNode, POJO) or many (Collection, Iterable, Iterator, Stream, JSON array text, bytes or InputStream,
 * parsed incrementally).
 */
public final class RecordReader implements Iterator<SourceRecord>, AutoCloseable {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    /** How far into JSON text the first character is looked for, to tell one object from an array. */
    private static final int FIRST_CHARACTER_WITHIN = 1024;

    private final ObjectMapper json;
    private final Iterator<?> source;
    private final AutoCloseable closeable;
    private final long knownSize;
    private long index;
    private String brokenOff;
    private RuntimeException brokenAt;
    private boolean singleRecord;
    /** The column names of the last row read from a map kept as it is ({@link #textNames}), or null. */
    private Object[] names;
    /** The column names of the last row read out of another kind of map ({@link RowColumns}), or null. */
    private RowColumns.Names readNames;

    private RecordReader(ObjectMapper json, Iterator<?> source, AutoCloseable closeable) {
        this(json, source, closeable, -1);
    }

    private RecordReader(ObjectMapper json, Iterator<?> source, AutoCloseable closeable, long knownSize) {
        this.json = json;
        this.source = source;
        this.closeable = closeable;
        this.knownSize = knownSize;
    }

    /**
     * Whether the body is one record (a Map, a JSON object, a POJO) rather than a model (a collection, iterator,
     * stream, array or JSON array): a snapshot needs a model.
     */
    public boolean isSingleRecord() {
        return singleRecord;
    }

    /** How many elements were read so far: the index of the last one. */
    public long position() {
        return index;
    }

    private RecordReader single() {
        singleRecord = true;
        return this;
    }

    /** How many records the body holds, when that is known without reading it (collections, arrays); else -1. */
    public long knownSize() {
        return knownSize;
    }

    /**
     * Whether the body is one record (a Map, a JSON object, a POJO) rather than a model (a collection, iterator,
     * stream, array or JSON array): the shape of a stream's messages. Streamed bodies (InputStream, Reader) count
     * as models, as they cannot be looked into without reading them.
     */
    public static boolean isOneRecord(Object body) {
        if (body instanceof JsonNode node) {
            return node.isObject();
        }
        if (body == null || body instanceof Iterator<?> || body instanceof BaseStream<?, ?> || body instanceof Iterable<?>
                || body instanceof Object[] || body instanceof InputStream || body instanceof Reader) {
            return false;
        }
        if (body instanceof String text) {
            return text.stripLeading().startsWith("{");
        }
        if (body instanceof byte[] bytes) {
            for (byte b : bytes) {
                if (!Character.isWhitespace(b)) {
                    return b == '{';
                }
            }
            return false;
        }
        return true;
    }

    public static RecordReader of(Object body, ObjectMapper json) {
        if (body == null) {
            return new RecordReader(json, Collections.emptyIterator(), null);
        }
        if (body instanceof Map<?, ?> || body instanceof ObjectNode) {
            return new RecordReader(json, Collections.singletonList(body).iterator(), null, 1).single();
        }
        if (body instanceof JsonNode node && node.isArray()) {
            return new RecordReader(json, node.elements(), null, node.size());
        }
        if (body instanceof Iterator<?> iterator) {
            return new RecordReader(json, iterator, body instanceof AutoCloseable c ? c : null);
        }
        if (body instanceof BaseStream<?, ?> stream) {
            return new RecordReader(json, stream.iterator(), stream);
        }
        if (body instanceof Collection<?> collection) {
            return new RecordReader(json, collection.iterator(), body instanceof AutoCloseable c ? c : null, collection.size());
        }
        if (body instanceof Iterable<?> iterable) {
            return new RecordReader(json, iterable.iterator(), body instanceof AutoCloseable c ? c : null);
        }
        if (body instanceof Object[] array) {
            return new RecordReader(json, Arrays.asList(array).iterator(), null, array.length);
        }
        try {
            // a root array is unwrapped element by element, so a large array is never held whole; elements are read
            // as any JSON value, so that one that is not an object fails alone instead of stopping the iterator
            ObjectReader records = json.readerFor(Object.class);
            if (body instanceof String text) {
                return ofJson(json, records.readValues(text), text.stripLeading().startsWith("{"));
            }
            if (body instanceof byte[] bytes) {
                return ofJson(json, records.readValues(bytes),
                        new String(bytes, 0, Math.min(bytes.length, FIRST_CHARACTER_WITHIN),
                                StandardCharsets.ISO_8859_1).stripLeading().startsWith("{"));
            }
            if (body instanceof InputStream in) {
                BufferedInputStream buffered = new BufferedInputStream(in);
                boolean object = objectFirst(() -> buffered.mark(FIRST_CHARACTER_WITHIN), buffered::read, buffered::reset);
                return ofJson(json, records.readValues(buffered), object);
            }
            if (body instanceof Reader reader) {
                BufferedReader buffered = new BufferedReader(reader);
                boolean object = objectFirst(() -> buffered.mark(FIRST_CHARACTER_WITHIN), buffered::read, buffered::reset);
                return ofJson(json, records.readValues(buffered), object);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not JSON: " + e.getMessage(), e);
        }
        // any other object is one record: a POJO through Jackson
        return new RecordReader(json, Collections.singletonList(body).iterator(), null).single();
    }

    @FunctionalInterface
    private interface Characters {
        int read() throws IOException;
    }

    private interface Step {
        void run() throws IOException;
    }

    /**
     * Whether the first character that is not white space is '{' (one record rather than an array), read between
     * {@code mark} and {@code reset} so that the reader starts again where it was.
     */
    private static boolean objectFirst(Step mark, Characters text, Step reset) throws IOException {
        mark.run();
        int first = firstNonSpace(text);
        reset.run();
        return first == '{';
    }

    /** The first character that is not white space, looked for within {@link #FIRST_CHARACTER_WITHIN}; -1 at the end. */
    private static int firstNonSpace(Characters text) throws IOException {
        int first;
        int read = 0;
        do {
            first = text.read();
        } while (first >= 0 && Character.isWhitespace(first) && ++read < FIRST_CHARACTER_WITHIN);
        return first;
    }

    private static RecordReader ofJson(ObjectMapper json, MappingIterator<Object> records, boolean object) {
        RecordReader reader = new RecordReader(json, records, records);
        return object ? reader.single() : reader;
    }

    /**
     * Why reading stopped before the end of the body (a JSON text broken in the middle), or null when the body was
     * read to its end. A body read only in part is no snapshot: nothing may be removed for it.
     */
    public String brokenOff() {
        return brokenOff;
    }

    @Override
    public boolean hasNext() {
        if (brokenOff != null) {
            return false;
        }
        if (brokenAt != null) {
            return true;
        }
        try {
            return source.hasNext();
        } catch (RuntimeException e) {
            // a syntax error in a JSON text: next() reports it as the record at this position
            if (isBrokenJson(e)) {
                brokenAt = e;
                return true;
            }
            throw readFailure(e);
        }
    }

    /**
     * The next record; throws {@link UnreadableRecordException} for an element that cannot become one, after which
     * reading goes on with the next element (or ends, when the JSON text itself is broken).
     */
    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object element;
        try {
            if (brokenAt != null) {
                throw brokenAt;
            }
            element = source.next();
        } catch (RuntimeException e) {
            if (isBrokenJson(e)) {
                index++;
                brokenOff = "the JSON text is broken here, so this record and any after it were not read: "
                        + SafeText.reason(rootCause(e).getMessage());
                throw new UnreadableRecordException(index, brokenOff);
            }
            throw readFailure(e);
        }
        index++;
        Map<String, Object> columns = toColumns(element);
        if (columns instanceof RowColumns row) {
            return new SourceRecord(index, columns, row.nameArray());
        }
        return new SourceRecord(index, columns, columns == element ? names : null);
    }

    private boolean isBrokenJson(RuntimeException e) {
        return source instanceof MappingIterator<?> && rootCause(e) instanceof JsonProcessingException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private RuntimeException readFailure(RuntimeException e) {
        Throwable cause = e.getCause() instanceof IOException io ? io : e;
        return new IllegalArgumentException("Could not read record " + (index + 1) + " of the body: "
                + SafeText.reason(cause.getMessage()), e);
    }

    /** An element's columns; an element that cannot be a record fails alone ({@link UnreadableRecordException}). */
    private Map<String, Object> toColumns(Object element) {
        if (element == null) {
            // in a camel-kafka batching poll: a tombstone; elsewhere a null in the model's list
            throw new UnreadableRecordException(index, "the record is null (a message without a value, such as a Kafka"
                    + " tombstone)");
        }
        if (element instanceof Map<?, ?> map) {
            if (textNames(map)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> columns = (Map<String, Object>) map;
                return columns; // read, never changed, and not kept after the record is mapped: no copy needed
            }
            // any other map (a JDBC component's, which ignores case) is read into an array of its values, under the
            // names of the rows before it
            RowColumns row = RowColumns.read(map, readNames, index);
            if (row != null) {
                readNames = row.names();
                return row;
            }
            Map<String, Object> columns = new LinkedHashMap<>(map.size() * 4 / 3 + 1); // a wide row: no rehashing
            for (Map.Entry<?, ?> column : map.entrySet()) {
                if (column.getKey() == null) {
                    throw new UnreadableRecordException(index, "a column name is null");
                }
                columns.put(String.valueOf(column.getKey()), column.getValue());
            }
            return columns;
        }
        if (element instanceof String || element instanceof byte[]) {
            // a message's JSON text: camel-kafka's batching=true hands a list of values (String, or byte[] with its
            // ByteArrayDeserializer), as do JMS bytes messages gathered by an aggregator
            String what = element instanceof String ? "the text is" : "the bytes are";
            Map<String, Object> columns;
            try {
                columns = element instanceof String text ? json.readValue(text, MAP) : json.readValue((byte[]) element, MAP);
            } catch (IOException | RuntimeException e) {
                throw new UnreadableRecordException(index, what + " not a JSON object: " + SafeText.reason(e.getMessage()));
            }
            if (columns == null) {
                // the JSON text null: a tombstone of a compacted topic, a message without a value
                throw new UnreadableRecordException(index, what + " not a JSON object but null");
            }
            return columns;
        }
        if (element instanceof JsonNode node) {
            if (!node.isObject()) {
                throw new UnreadableRecordException(index, "not a JSON object but " + node.getNodeType());
            }
            return convert(node);
        }
        if (element instanceof Number || element instanceof Boolean || element instanceof Character
                || element instanceof Iterable<?> || element.getClass().isArray()) {
            throw new UnreadableRecordException(index, "not a record (a Map, a JSON object or a POJO) but a "
                    + element.getClass().getSimpleName());
        }
        return convert(element);
    }

    /**
     * Whether a row's map can be read as it is: a plain (Linked)HashMap, whose lookups are by equal names, with only
     * text names (none null); its {@link #names} are then the last row's array when they are the same.
     */
    private boolean textNames(Map<?, ?> map) {
        if (map.getClass() != LinkedHashMap.class && map.getClass() != HashMap.class) {
            return false;
        }
        if (names != null && SourceRecord.sameNames(names, map)) {
            return true;
        }
        Object[] read = map.keySet().toArray();
        for (Object name : read) {
            if (!(name instanceof String)) {
                return false;
            }
        }
        names = read;
        return true;
    }

    private Map<String, Object> convert(Object element) {
        try {
            Map<String, Object> columns = json.convertValue(element, MAP);
            if (columns != null && !(element instanceof JsonNode)) {
                // a POJO's dates as a Map's: left to IterableValues (Iterable's date format), not Jackson's ISO text
                PojoDates.of(json, element.getClass()).forEach((name, accessor) -> {
                    if (columns.containsKey(name)) {
                        columns.put(name, accessor.getValue(element));
                    }
                });
            }
            return columns;
        } catch (RuntimeException e) {
            // a POJO value Jackson cannot convert fails its record alone, naming the field
            String field = e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(0).getFieldName()
                    : null;
            throw new UnreadableRecordException(index, field, "the " + element.getClass().getSimpleName()
                    + " cannot be read as a record: "
                    + SafeText.reason(rootCause(e).getMessage()));
        }
    }

    @Override
    public void close() {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
