/**
 * From a body to records ready for a sync type: reading the body ({@code RecordReader}), identity, column to field
 * mapping with nested objects, value conversion, and Iterable's rules for identifiers, field names and field types
 * ({@code IterableRules}, {@code FieldTypes}). May import {@code state} (the row hash); never {@code sync},
 * {@code client}, {@code observability} or the Camel shell.
 */
package io.github.cameliterable.mapping;
