package io.github.cameliterable.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON in and out as plain Maps, Lists, Strings, Longs, Doubles and Booleans. */
final class Json {
    // ints read as Long so that "long" vs "double" typing does not depend on magnitude
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private Json() {
    }

    /**
     * Reads a request body into plain values, as {@code MAPPER.readValue(body, Object.class)} does, except that every
     * object under a {@code dataFields} key is a {@link Sourced} map that knows the bytes it was read from, so that
     * storing a new user's fields is a copy of those bytes. A body this reader refuses is read by {@code MAPPER}, whose
     * error (Iterable's BadJsonBody message) is then the same as before.
     */
    static Object read(byte[] body) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != null) {
                return value(p, body, false);
            }
        } catch (IOException | RuntimeException e) {
            // MAPPER throws its own error below
        }
        return MAPPER.readValue(body, Object.class);
    }

    private static Object value(JsonParser p, byte[] body, boolean sourced) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT : {
                int from = sourced ? (int) p.currentTokenLocation().getByteOffset() : -1;
                Sourced object = new Sourced();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    p.nextToken();
                    object.fill(name, value(p, body, "dataFields".equals(name)));
                }
                if (sourced) {
                    int to = (int) p.currentLocation().getByteOffset();
                    // a body in another encoding than UTF-8 has no byte offsets (-1): its objects are written anew
                    if (from >= 0 && to > from && to <= body.length) {
                        object.source(body, from, to);
                    }
                }
                return object;
            }
            case START_ARRAY : {
                List<Object> array = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p, body, false));
                }
                return array;
            }
            case VALUE_STRING :
                return p.getText();
            case VALUE_NUMBER_INT :
                // USE_LONG_FOR_INTS; a value beyond a long throws, as MAPPER does
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT :
                return p.getNumberValue();
            case VALUE_TRUE :
                return Boolean.TRUE;
            case VALUE_FALSE :
                return Boolean.FALSE;
            case VALUE_NULL :
                return null;
            default :
                throw new IOException("unexpected " + p.currentToken());
        }
    }

    /**
     * A JSON object read from a request body. Under a {@code dataFields} key it keeps a reference to the body and
     * where in it the object was, until it is changed through one of the map methods below: {@link #source()} is then
     * null. Changes through its views (entry sets, iterators) or inside its nested values are not seen; the emulator
     * never changes a request's maps, it copies them.
     */
    static final class Sourced extends LinkedHashMap<String, Object> {
        private byte[] body;
        private int from;
        private int to;

        void fill(String name, Object value) {
            super.put(name, value);
        }

        void source(byte[] body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        /** The object's JSON as it was in the body, or null if it was not under dataFields or has changed since. */
        byte[] source() {
            return body == null ? null : Arrays.copyOfRange(body, from, to);
        }

        @Override
        public Object put(String key, Object value) {
            body = null;
            return super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ?> m) {
            body = null;
            super.putAll(m);
        }

        @Override
        public Object remove(Object key) {
            body = null;
            return super.remove(key);
        }

        @Override
        public void clear() {
            body = null;
            super.clear();
        }

        @Override
        public Object putIfAbsent(String key, Object value) {
            body = null;
            return super.putIfAbsent(key, value);
        }

        @Override
        public Object merge(String key, Object value,
                java.util.function.BiFunction<? super Object, ? super Object, ? extends Object> f) {
            body = null;
            return super.merge(key, value, f);
        }

        @Override
        public Object compute(String key, java.util.function.BiFunction<? super String, ? super Object, ? extends Object> f) {
            body = null;
            return super.compute(key, f);
        }

        @Override
        public Object computeIfAbsent(String key, java.util.function.Function<? super String, ? extends Object> f) {
            body = null;
            return super.computeIfAbsent(key, f);
        }

        @Override
        public Object computeIfPresent(String key,
                java.util.function.BiFunction<? super String, ? super Object, ? extends Object> f) {
            body = null;
            return super.computeIfPresent(key, f);
        }

        @Override
        public void replaceAll(java.util.function.BiFunction<? super String, ? super Object, ? extends Object> f) {
            body = null;
            super.replaceAll(f);
        }

        @Override
        public Object replace(String key, Object value) {
            body = null;
            return super.replace(key, value);
        }

        @Override
        public boolean replace(String key, Object oldValue, Object newValue) {
            body = null;
            return super.replace(key, oldValue, newValue);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(byte[] json) {
        try {
            return MAPPER.readValue(json, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read stored JSON", e);
        }
    }

    /**
     * A data-fields map as stored: its bytes in the request when it was read from there unchanged ({@link Sourced}),
     * else written anew; null for no fields.
     */
    static byte[] bytesOf(Map<String, Object> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        byte[] source = fields instanceof Sourced read ? read.source() : null;
        return source != null ? source : bytes(fields);
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }

    static int sizeOf(Object value) {
        return bytes(value).length;
    }

    /** Deep copy, so that state never shares mutable structure with a request or a snapshot. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    /** Deep immutable copy for the inspection API (null values allowed, unlike Map.copyOf). */
    static Object frozen(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), frozen(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(frozen(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> frozenMap(Map<String, ?> value) {
        return (Map<String, Object>) frozen(value);
    }
}
