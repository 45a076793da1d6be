package io.github.cameliterable.mapping;

import io.github.cameliterable.text.SafeText;

/** A record that cannot be sent as it is: names the record, the field and the reason. It fails alone. */
public class InvalidRecordException extends RuntimeException {
    private final String field;
    private final String reason;

    public InvalidRecordException(String field, String reason) {
        super((field == null ? "" : "field " + SafeText.quoted(field) + ": ") + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
