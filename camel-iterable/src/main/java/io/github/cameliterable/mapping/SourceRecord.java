package io.github.cameliterable.mapping;

import java.util.Map;

/** One row of the user's model as it arrived: its position in the run (from 1) and its columns. */
public record SourceRecord(long index, Map<String, Object> columns) {
}
