package io.github.cameliterable.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.BaseStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.cameliterable.client.SafeText;

/**
 * Turns a message body into a stream of records without holding them all: one record (Map, JSON object text or
 * bytes, JsonNode, POJO) or many (Collection, Iterable, Iterator, Stream, JSON array text, bytes or InputStream,
 * parsed incrementally).
 */
public final class RecordReader implements Iterator<SourceRecord>, AutoCloseable {
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP
            = new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private final ObjectMapper json;
    private final Iterator<?> source;
    private final AutoCloseable closeable;
    private final long knownSize;
    private long index;
    private String brokenOff;
    private RuntimeException brokenAt;

    private RecordReader(ObjectMapper json, Iterator<?> source, AutoCloseable closeable) {
        this(json, source, closeable, -1);
    }

    private RecordReader(ObjectMapper json, Iterator<?> source, AutoCloseable closeable, long knownSize) {
        this.json = json;
        this.source = source;
        this.closeable = closeable;
        this.knownSize = knownSize;
    }

    /** How many records the body holds, when that is known without reading it (collections, arrays); else -1. */
    public long knownSize() {
        return knownSize;
    }

    public static RecordReader of(Object body, ObjectMapper json) {
        if (body == null) {
            return new RecordReader(json, Collections.emptyIterator(), null);
        }
        if (body instanceof Map<?, ?> || body instanceof ObjectNode) {
            return new RecordReader(json, Collections.singletonList(body).iterator(), null, 1);
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
        if (body instanceof java.util.Collection<?> collection) {
            return new RecordReader(json, collection.iterator(), body instanceof AutoCloseable c ? c : null, collection.size());
        }
        if (body instanceof Iterable<?> iterable) {
            return new RecordReader(json, iterable.iterator(), body instanceof AutoCloseable c ? c : null);
        }
        if (body instanceof Object[] array) {
            return new RecordReader(json, java.util.Arrays.asList(array).iterator(), null, array.length);
        }
        try {
            // a root array is unwrapped element by element, so a large array is never held whole; elements are read
            // as any JSON value, so that one that is not an object fails alone instead of stopping the iterator
            ObjectReader records = json.readerFor(Object.class);
            if (body instanceof String text) {
                return ofJson(json, records.readValues(text));
            }
            if (body instanceof byte[] bytes) {
                return ofJson(json, records.readValues(bytes));
            }
            if (body instanceof InputStream in) {
                return ofJson(json, records.readValues(in));
            }
            if (body instanceof Reader reader) {
                return ofJson(json, records.readValues(reader));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not JSON: " + e.getMessage(), e);
        }
        // any other object is one record: a POJO through Jackson
        return new RecordReader(json, Collections.singletonList(body).iterator(), null);
    }

    private static RecordReader ofJson(ObjectMapper json, MappingIterator<Object> records) {
        return new RecordReader(json, records, records);
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
        return new SourceRecord(index, toColumns(element));
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
            return Map.of();
        }
        if (element instanceof Map<?, ?> map) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (Map.Entry<?, ?> column : map.entrySet()) {
                if (column.getKey() == null) {
                    throw new UnreadableRecordException(index, "a column name is null");
                }
                columns.put(String.valueOf(column.getKey()), column.getValue());
            }
            return columns;
        }
        if (element instanceof String text) {
            try {
                return json.readValue(text, MAP);
            } catch (IOException | RuntimeException e) {
                throw new UnreadableRecordException(index, "the text is not a JSON object: " + SafeText.reason(e.getMessage()));
            }
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

    private Map<String, Object> convert(Object element) {
        try {
            return json.convertValue(element, MAP);
        } catch (RuntimeException e) {
            throw new UnreadableRecordException(index, "a " + element.getClass().getSimpleName()
                                                       + " that cannot be read as columns: " + SafeText.reason(e.getMessage()));
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
