package io.github.cameliterable.mapping;

/**
 * An element of the body that cannot become a record (a number in a list of rows, text that is not a JSON object,
 * a broken JSON text): it fails alone, at its position, and the elements around it go on.
 */
public class UnreadableRecordException extends InvalidRecordException {
    private final long index;

    public UnreadableRecordException(long index, String reason) {
        this(index, null, reason);
    }

    /** As above, naming the field that could not be read (a POJO's property). */
    public UnreadableRecordException(long index, String field, String reason) {
        super(field, reason);
        this.index = index;
    }

    /** The element's position in the body, from 1. */
    public long index() {
        return index;
    }
}
