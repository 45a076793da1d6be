package io.github.cameliterable.sync;

import io.github.cameliterable.mapping.MappedRecord;
import io.github.cameliterable.state.RecordClass;

/** A mapped record and what change detection said of it. */
public record Classified(MappedRecord record, RecordClass recordClass) {
}
