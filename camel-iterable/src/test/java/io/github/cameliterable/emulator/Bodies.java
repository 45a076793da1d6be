package io.github.cameliterable.emulator;

import java.util.List;
import java.util.Map;

/** Typed reads from a parsed JSON body; a wrong shape is Iterable's 400 BadParams. */
final class Bodies {
    private Bodies() {
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    static boolean bool(Map<String, Object> m, String key, boolean dflt) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Boolean b ? b : dflt;
    }

    static Boolean boolOrNull(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Boolean b ? b : null;
    }

    static Long lng(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw ApiError.badParams("'" + key + "' must be an object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objList(Map<String, Object> m, String key, boolean required) {
        Object v = m == null ? null : m.get(key);
        if (v == null) {
            if (required) {
                throw ApiError.badParams("'" + key + "' is required");
            }
            return List.of();
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof Map))) {
            throw ApiError.badParams("'" + key + "' must be an array of objects");
        }
        return (List<Map<String, Object>>) v;
    }
}
