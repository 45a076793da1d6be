package io.github.cameliterable.emulator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Iterable's field schema: a field's type is fixed by the first value it ever gets, per scope ("user",
 * or one scope per event name), with nested fields addressed by dotted path ({@code address.city}) and
 * arrays typed by their elements. A request is checked in a {@link Batch}; nothing is recorded unless
 * the whole request is clean.
 */
final class FieldTypes {
    static final String USER_SCOPE = "user";

    // Iterable's accepted date formats; STRICT so that 0000-00-00 00:00:00 is not a date. Built once: building a
    // formatter per value was most of the emulator's time under load
    private static final DateTimeFormatter SPACE_OFFSET_COLON = strict("uuuu-MM-dd HH:mm:ss xxx");
    private static final DateTimeFormatter SPACE_OFFSET = strict("uuuu-MM-dd HH:mm:ss xx");
    private static final DateTimeFormatter ISO_MILLIS_OFFSET = strict("uuuu-MM-dd'T'HH:mm:ss.SSSxx");
    private static final DateTimeFormatter ISO_MILLIS_OFFSET_COLON = strict("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter ISO_OFFSET_COLON = strict("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter SPACE_LOCAL = strict("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_LOCAL = strict("uuuu-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ISO_MILLIS_LOCAL = strict("uuuu-MM-dd'T'HH:mm:ss.SSS");
    /** A date format: the lengths its values can have, the character between date and time, and its parser. */
    private record DateFormat(Set<Integer> lengths, char separator, Function<String, TemporalAccessor> parser) {
        boolean fits(String s) {
            return lengths.contains(s.length()) && (s.length() == 10 || s.charAt(10) == separator);
        }
    }

    // a value is parsed only by the formats of its length and separator: a failed parse throws, and trying all nine
    // for a date-only value was most of the emulator's time per user
    private static final List<DateFormat> DATE_FORMATS = List.of(
            new DateFormat(Set.of(26), ' ', s -> OffsetDateTime.parse(s, SPACE_OFFSET_COLON)),
            new DateFormat(Set.of(25), ' ', s -> OffsetDateTime.parse(s, SPACE_OFFSET)),
            new DateFormat(Set.of(28), 'T', s -> OffsetDateTime.parse(s, ISO_MILLIS_OFFSET)),
            new DateFormat(Set.of(24, 29), 'T', s -> OffsetDateTime.parse(s, ISO_MILLIS_OFFSET_COLON)),
            new DateFormat(Set.of(20, 25), 'T', s -> OffsetDateTime.parse(s, ISO_OFFSET_COLON)),
            new DateFormat(Set.of(19), ' ', s -> LocalDateTime.parse(s, SPACE_LOCAL)),
            new DateFormat(Set.of(19), 'T', s -> LocalDateTime.parse(s, ISO_LOCAL)),
            new DateFormat(Set.of(23), 'T', s -> LocalDateTime.parse(s, ISO_MILLIS_LOCAL)),
            new DateFormat(Set.of(10), ' ', FieldTypes::dateOnly));

    /**
     * yyyy-MM-dd as the strict formatter reads it (four-digit year, two-digit month and day, a real date), parsed by
     * hand: a formatter's parse was the emulator's top frame for date-only fields such as a signup date.
     */
    static LocalDate dateOnly(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw new DateTimeParseException("not yyyy-MM-dd", s, 0);
        }
        for (int i : new int[]{0, 1, 2, 3, 5, 6, 8, 9}) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new DateTimeParseException("not yyyy-MM-dd", s, i);
            }
        }
        try {
            return LocalDate.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10));
        } catch (java.time.DateTimeException e) {
            throw new DateTimeParseException("not a date: " + e.getMessage(), s, 0);
        }
    }

    private final Map<String, Map<String, String>> scopes = new LinkedHashMap<>();

    FieldTypes() {
        reset();
    }

    /** Forgets every field but Iterable's built-in user fields. */
    void reset() {
        scopes.clear();
        Map<String, String> user = scope(USER_SCOPE);
        user.put("email", "string");
        user.put("userId", "string");
        user.put("signupDate", "date");
        user.put("profileUpdatedAt", "date");
        // Iterable predefines the cart's schema, so a price of 10 does not make the field a long
        user.put("shoppingCartItems", "object");
        for (String f : List.of("id", "sku", "name", "description", "imageUrl", "url", "categories")) {
            user.put("shoppingCartItems." + f, "string");
        }
        user.put("shoppingCartItems.price", "double");
        user.put("shoppingCartItems.quantity", "long");
        user.put("shoppingCartItems.dataFields", "object");
    }

    static String eventScope(String eventName) {
        return "event:" + eventName;
    }

    private Map<String, String> scope(String name) {
        return scopes.computeIfAbsent(name, k -> new TreeMap<>());
    }

    Map<String, String> fieldsOf(String scope) {
        return Collections.unmodifiableMap(new TreeMap<>(scopes.getOrDefault(scope, Map.of())));
    }

    /** Snapshot of every scope: scope -> (path -> type). */
    Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        scopes.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(out);
    }

    boolean known(String scope, String path) {
        return scopes.getOrDefault(scope, Map.of()).containsKey(path);
    }

    Batch batch() {
        return new Batch();
    }

    static boolean isDate(String s) {
        // every date format starts yyyy-MM-dd: anything else is not worth nine parse attempts
        if (s.length() < 10 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (DateFormat format : DATE_FORMATS) {
            if (!format.fits(s)) {
                continue;
            }
            try {
                format.parser().apply(s);
                return true;
            } catch (DateTimeParseException ignored) {
                // next format
            }
        }
        return false;
    }

    /** The Iterable type a value would create; null for null (a null neither creates nor checks a type). */
    static String typeOf(Object v) {
        if (v instanceof String s) {
            return isDate(s) ? "date" : "string";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof java.math.BigInteger) {
            return "long";
        }
        if (v instanceof Number) {
            return "double";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof Map) {
            return "object";
        }
        return null;
    }

    /** The types Iterable reports as "possible types" of an incoming value. */
    static List<String> incomingTypes(Object v) {
        String t = typeOf(v);
        if ("string".equals(t)) {
            return List.of("string", "keyword");
        }
        if ("date".equals(t)) {
            return List.of("date", "string", "keyword");
        }
        return List.of(t);
    }

    static boolean accepts(String expected, Object v) {
        return accepts(expected, v, typeOf(v));
    }

    /** As above, with the value's type {@code t} already known. */
    private static boolean accepts(String expected, Object v, String t) {
        return switch (expected) {
            // a string field also takes numbers and booleans, which Iterable's search index stores as keywords
            case "string" -> v instanceof String || v instanceof Number || v instanceof Boolean;
            case "date" -> "date".equals(t);
            case "double" -> "double".equals(t) || "long".equals(t);
            default -> expected.equals(t);
        };
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /** One request's check: types proposed by its values and the mismatches found, applied only by commit(). */
    final class Batch {
        private final Map<String, Map<String, String>> proposed = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> errors = new LinkedHashMap<>();
        private String firstMessage;

        /**
         * Checks one record's fields. {@code firstRecord} holds the batch's first record's fields, whose value is
         * reported first in offendingValue as Iterable does.
         */
        void check(String scope, String category, Map<String, Object> fields, Map<String, Object> firstRecord) {
            if (fields != null) {
                walk(scope, category, "", fields, firstRecord);
            }
        }

        private void walk(String scope, String category, String prefix, Map<String, Object> fields,
                Map<String, Object> firstRecord) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                checkValue(scope, category, path, e.getValue(), firstRecord);
            }
        }

        @SuppressWarnings("unchecked")
        private void checkValue(String scope, String category, String path, Object value, Map<String, Object> firstRecord) {
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    checkValue(scope, category, path, element, firstRecord);
                }
                return;
            }
            String incoming = typeOf(value);
            if (incoming == null) {
                return;
            }
            String expected = expected(scope, path);
            if (expected == null) {
                proposed.computeIfAbsent(scope, k -> new LinkedHashMap<>()).put(path, incoming);
            } else if (!accepts(expected, value, incoming)) {
                mismatch(scope, category, path, expected, value, firstRecord);
                return;
            }
            if (value instanceof Map<?, ?> m) {
                walk(scope, category, path, (Map<String, Object>) m, firstRecord);
            }
        }

        private String expected(String scope, String path) {
            String t = scopes.getOrDefault(scope, Map.of()).get(path);
            return t != null ? t : proposed.getOrDefault(scope, Map.of()).get(path);
        }

        private void mismatch(String scope, String category, String path, String expected, Object value,
                Map<String, Object> firstRecord) {
            if (errors.containsKey(path)) {
                return;
            }
            List<String> incomingTypes = incomingTypes(value);
            List<Object> offending = new ArrayList<>();
            offending.add(valueAt(firstRecord, path));
            offending.add(value);
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("incomingTypes", incomingTypes);
            err.put("expectedType", expected);
            err.put("category", category);
            err.put("offendingValue", offending);
            err.put("_type", "UnexpectedType");
            errors.put(path, err);
            if (firstMessage == null) {
                firstMessage = "Project 1: The request does not have the same data types as the data previously submitted,"
                        + " or the input value is not within the correct range. Field '" + path
                        + "' already exists for type '" + category + "' and has a data type of '" + expected
                        + "' but possible types '" + String.join(", ", incomingTypes) + "' in the request.";
            }
        }

        boolean clean() {
            return errors.isEmpty();
        }

        /** Iterable's 400 RequestFieldsTypesMismatched for this batch. */
        ApiError error() {
            return new ApiError(400, "RequestFieldsTypesMismatched", firstMessage,
                    Map.of("validationErrors", errors));
        }

        /** Records the new fields; returns their paths (the response's createdFields). */
        List<String> commit() {
            List<String> created = new ArrayList<>();
            proposed.forEach((scope, fields) -> fields.forEach((path, type) -> {
                if (scope(scope).putIfAbsent(path, type) == null && !path.contains(".")) {
                    created.add(path);
                }
            }));
            return created;
        }
    }

    /** The value at a dotted path, the first one found inside arrays of objects. */
    static Object valueAt(Map<String, Object> record, String path) {
        Object cur = record;
        for (String part : path.split("\\.")) {
            while (cur instanceof List<?> l) {
                cur = l.stream().filter(x -> x instanceof Map).findFirst().orElse(null);
            }
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }
}
