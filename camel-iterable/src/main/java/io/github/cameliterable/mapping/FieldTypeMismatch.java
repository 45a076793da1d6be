package io.github.cameliterable.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.cameliterable.text.SafeText;

/**
 * A value that does not fit the type Iterable holds for its field: the field (a dotted path), the value and the type.
 * {@code source} says who found it, for the reason's last words.
 */
public record FieldTypeMismatch(String field, JsonNode value, String expectedType, String source) {

    /** The reason a report shows for the record. */
    public String reason() {
        return "the value " + SafeText.of(value) + " does not fit the field's type " + expectedType + " in Iterable (" + source
                + ")";
    }

    /** The record fails for this mismatch alone. */
    public InvalidRecordException toException() {
        return new InvalidRecordException(field, reason());
    }
}
