package io.github.cameliterable.mapping;

import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * The date and time properties of a POJO class, as Jackson names them (its naming strategy and annotations), with the
 * accessor that reads each. Jackson converts such a value into its own text (ISO-8601, {@code 2024-05-02T10:15:30Z});
 * a Map's value reaches {@link IterableValues} as it is and is written in Iterable's date format. Reading the POJO's
 * dates through these accessors makes the two bodies send the same text. Found once a class and mapper.
 */
final class PojoDates {
    private static final Map<ObjectMapper, Map<Class<?>, Map<String, AnnotatedMember>>> CACHE = Collections
            .synchronizedMap(new WeakHashMap<>());

    private PojoDates() {
    }

    static Map<String, AnnotatedMember> of(ObjectMapper json, Class<?> type) {
        return CACHE.computeIfAbsent(json, m -> new ConcurrentHashMap<>()).computeIfAbsent(type, t -> find(json, t));
    }

    private static Map<String, AnnotatedMember> find(ObjectMapper json, Class<?> type) {
        Map<String, AnnotatedMember> dates = new LinkedHashMap<>();
        try {
            BeanDescription description = json.getSerializationConfig().introspect(json.constructType(type));
            for (BeanPropertyDefinition property : description.findProperties()) {
                AnnotatedMember accessor = property.getAccessor();
                if (accessor != null && isDate(property.getRawPrimaryType())) {
                    accessor.fixAccess(true);
                    dates.put(property.getName(), accessor);
                }
            }
        } catch (RuntimeException e) {
            // a class Jackson cannot introspect here: its values stay as Jackson converted them
            return Map.of();
        }
        return Map.copyOf(dates);
    }

    private static boolean isDate(Class<?> type) {
        return TemporalAccessor.class.isAssignableFrom(type) || Date.class.isAssignableFrom(type)
                || Calendar.class.isAssignableFrom(type);
    }
}
