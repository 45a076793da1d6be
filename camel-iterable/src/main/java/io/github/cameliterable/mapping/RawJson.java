package io.github.cameliterable.mapping;

/**
 * JSON already written (a record's data fields), put in an object {@link JsonBytes#plainObject written straight to
 * bytes} as it is.
 *
 * @param json the value's JSON, UTF-8
 */
public record RawJson(byte[] json) {
}
