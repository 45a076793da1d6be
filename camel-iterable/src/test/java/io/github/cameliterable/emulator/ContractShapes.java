package io.github.cameliterable.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Full contract checks of a bulk body at the cost of a few records. Where an operation's body schema checks types
 * only (no enum, pattern, length, range or date format: Iterable's users/bulkUpdate and events/trackBulk among
 * others), the validator's verdict on one record of an array depends on its shape alone: its keys in order and the
 * JSON type of each value (integers by the range that int32 and int64 formats check; free-form objects such as
 * dataFields as "an object"). So each distinct shape is validated once, on its first record, and the errors found are
 * given to every record of that shape. A 4 MB body of 16,000 records has a handful of shapes: milliseconds instead of
 * seconds. A record whose shape cannot be told (a non-finite number) is validated itself.
 */
final class ContractShapes {
    private static final Set<String> TYPE_KEYWORDS = Set.of("type", "$ref", "properties", "items", "required",
            "description", "example", "title", "additionalProperties", "readOnly");
    private static final Set<String> TYPE_FORMATS = Set.of("int32", "int64", "double");
    /** The hash of a shape that cannot be told. */
    private static final long UNTOLD = Long.MIN_VALUE;
    /** A JSON pointer into a record of a top-level array, as the validator's messages hold it (text and location). */
    private static final Pattern POINTER = Pattern.compile("/([^/\\]'\\s]+)/(\\d+)(?=[/'\\]\\s]|$)");

    /** "POST /api/users/bulkUpdate" and the like: operations whose body schema checks types only. */
    private final Set<String> typeOnly;
    private final Set<String> freeForm;

    private ContractShapes(Set<String> typeOnly, Set<String> freeForm) {
        this.typeOnly = typeOnly;
        this.freeForm = freeForm;
    }

    /** The operations of the spec (Swagger 2.0) whose body schemas check types only. */
    static ContractShapes of(JsonNode spec, Set<String> freeForm) {
        Set<String> typeOnly = new HashSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            for (JsonNode parameter : op.getValue().path("parameters")) {
                if ("body".equals(parameter.path("in").asText())
                        && typesOnly(parameter.path("schema"), spec.path("definitions"), new HashSet<>())) {
                    typeOnly.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        }));
        return new ContractShapes(Set.copyOf(typeOnly), freeForm);
    }

    private static boolean typesOnly(JsonNode schema, JsonNode definitions, Set<String> seen) {
        if (!schema.isObject()) {
            return schema.isBoolean() || schema.isMissingNode();
        }
        for (var it = schema.fieldNames(); it.hasNext();) {
            String keyword = it.next();
            if (keyword.equals("format") ? !TYPE_FORMATS.contains(schema.get("format").asText())
                    : !TYPE_KEYWORDS.contains(keyword)) {
                return false;
            }
        }
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/definitions/")) {
            String name = ref.substring("#/definitions/".length());
            if (seen.add(name) && !typesOnly(definitions.path(name), definitions, seen)) {
                return false;
            }
        } else if (!ref.isEmpty()) {
            return false;
        }
        for (JsonNode property : schema.path("properties")) {
            if (!typesOnly(property, definitions, seen)) {
                return false;
            }
        }
        return typesOnly(schema.path("items"), definitions, seen)
                && typesOnly(schema.path("additionalProperties"), definitions, seen);
    }

    /** A body with each top-level array of objects cut to one record a shape, and which records each one stands for. */
    record Reduced(Map<String, Object> body, Map<String, List<List<Integer>>> groups) {
    }

    /** The reduced body, or null when this operation's schema is not checked by types only or nothing repeats. */
    Reduced reduce(String method, String path, Map<String, Object> body) {
        if (!typeOnly.contains(method + " " + path)) {
            return null;
        }
        Map<String, Object> reduced = new LinkedHashMap<>(body);
        Map<String, List<List<Integer>>> groups = new LinkedHashMap<>();
        boolean cut = false;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (!(e.getValue() instanceof List<?> records) || records.size() < 2) {
                continue;
            }
            // shapes by hash; records of one hash are told apart by comparing them with each shape's first record
            Map<Long, List<Integer>> shapesByHash = new HashMap<>();
            List<List<Integer>> shapes = new ArrayList<>();
            List<Object> representatives = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Object record = records.get(i);
                long hash = shapeHash(record, false);
                List<Integer> candidates = hash == UNTOLD ? null : shapesByHash.computeIfAbsent(hash, h -> new ArrayList<>(1));
                List<Integer> group = null;
                if (candidates != null) {
                    for (int shape : candidates) {
                        if (sameShape(representatives.get(shape), record, false)) {
                            group = shapes.get(shape);
                            break;
                        }
                    }
                }
                if (group == null) {
                    if (candidates != null) {
                        candidates.add(shapes.size());
                    }
                    group = new ArrayList<>();
                    shapes.add(group);
                    representatives.add(record);
                }
                group.add(i);
            }
            if (representatives.size() < records.size()) {
                reduced.put(e.getKey(), representatives);
                groups.put(e.getKey(), shapes);
                cut = true;
            }
        }
        return cut ? new Reduced(reduced, groups) : null;
    }

    /** The errors of the reduced body, given to every record of each shape, in the order of the records. */
    static List<String> expand(List<String> errors, Reduced reduced) {
        List<String> envelope = new ArrayList<>();
        List<Map.Entry<Integer, String>> byRecord = new ArrayList<>();
        for (String error : errors) {
            Matcher m = POINTER.matcher(error);
            List<List<Integer>> groups = m.find() ? reduced.groups().get(m.group(1)) : null;
            if (groups == null) {
                envelope.add(error);
                continue;
            }
            String array = m.group(1);
            int representative = Integer.parseInt(m.group(2));
            for (int index : groups.get(representative)) {
                // every pointer of the message into the representative's record now points into this record
                StringBuilder out = new StringBuilder();
                Matcher each = POINTER.matcher(error);
                while (each.find()) {
                    boolean same = each.group(1).equals(array) && Integer.parseInt(each.group(2)) == representative;
                    each.appendReplacement(out, Matcher.quoteReplacement(same ? "/" + array + "/" + index : each.group()));
                }
                each.appendTail(out);
                byRecord.add(Map.entry(index, out.toString()));
            }
        }
        byRecord.sort(Map.Entry.comparingByKey());
        List<String> out = new ArrayList<>(envelope);
        byRecord.forEach(e -> out.add(e.getValue()));
        return out;
    }

    /** A value's shape hashed: keys in order and JSON types; {@link #UNTOLD} when it cannot be told. */
    private long shapeHash(Object value, boolean freeFormObject) {
        if (value instanceof Map<?, ?> map) {
            if (freeFormObject) {
                return 11;
            }
            long hash = 13;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                long inner = shapeHash(e.getValue(), freeForm.contains(key));
                if (inner == UNTOLD) {
                    return UNTOLD;
                }
                hash = (hash * 31 + key.hashCode()) * 31 + inner;
            }
            return hash == UNTOLD ? hash + 1 : hash;
        }
        if (value instanceof List<?> list) {
            long hash = 17;
            for (Object item : list) {
                long inner = shapeHash(item, false);
                if (inner == UNTOLD) {
                    return UNTOLD;
                }
                hash = hash * 31 + inner;
            }
            return hash == UNTOLD ? hash + 1 : hash;
        }
        int type = scalarType(value);
        return type < 0 ? UNTOLD : type;
    }

    /** Whether two values have one shape (both told). */
    private boolean sameShape(Object a, Object b, boolean freeFormObject) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (freeFormObject) {
                return true;
            }
            if (x.size() != y.size()) {
                return false;
            }
            var xs = x.entrySet().iterator();
            var ys = y.entrySet().iterator();
            while (xs.hasNext()) {
                Map.Entry<?, ?> xe = xs.next();
                Map.Entry<?, ?> ye = ys.next();
                String key = String.valueOf(xe.getKey());
                if (!key.equals(String.valueOf(ye.getKey()))
                        || !sameShape(xe.getValue(), ye.getValue(), freeForm.contains(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameShape(x.get(i), y.get(i), false)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map || b instanceof Map || a instanceof List || b instanceof List) {
            return false;
        }
        int type = scalarType(a);
        return type >= 0 && type == scalarType(b);
    }

    /**
     * A scalar's JSON type as the spec's checks tell them apart: an int32, an int64, an integral or a fractional
     * number, a string, a boolean, null; -1 when it cannot be told (a non-finite number, or anything else: an integer
     * beyond a long never gets here, the body reader refuses it).
     */
    private static int scalarType(Object value) {
        if (value instanceof Long l) {
            return l == (int) (long) l ? 1 : 2;
        }
        if (value instanceof Double d) {
            return !Double.isFinite(d) ? -1 : d == Math.rint(d) ? 3 : 4;
        }
        if (value instanceof String) {
            return 5;
        }
        if (value instanceof Boolean) {
            return 6;
        }
        return value == null ? 7 : -1;
    }
}
