package io.github.cameliterable.mapping;

import java.util.Map;

/**
 * One row of the user's model as it arrived: its position in the run (from 1) and its columns. Every column an
 * option names is found here, in one place: its exact name first, else ignoring case, because warehouses such as
 * Snowflake, Oracle and H2 return unquoted identifiers in upper case ({@code EMAIL} for an option {@code email}).
 * {@code names}, when the reader knows them, are the columns' names in order, in the very array of the row before when
 * they are the same ({@link RecordReader}): one look at the array tells a row of the same columns, not a walk of them
 * for each who asks ({@link OptionColumns}); null when not known.
 */
public record SourceRecord(long index, Map<String, Object> columns, Object[] names) {

    /** A row whose names the reader did not compare with the row's before. */
    public SourceRecord(long index, Map<String, Object> columns) {
        this(index, columns, null);
    }

    /** The same position and columns: the names are a hint, not part of the row. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SourceRecord row && row.index == index && row.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + columns.hashCode();
    }

    /**
     * Whether the map's names are {@code names}, in that order: the same strings, or equal ones (a parsed message's);
     * a name that is not text is never one of them.
     */
    static boolean sameNames(Object[] names, Map<?, ?> columns) {
        if (names.length != columns.size()) {
            return false;
        }
        int i = 0;
        for (Object name : columns.keySet()) {
            if (!sameName(names[i++], name)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a row's name is a known one: the same string, most often (a model's rows share them), or an equal one. */
    static boolean sameName(Object known, Object name) {
        return known == name || known.equals(name);
    }

    @Override
    public String toString() {
        return "SourceRecord[index=" + index + ", columns=" + columns + "]";
    }

    /**
     * The name the row uses for the column an option names: the exact name, else the one column equal to it
     * ignoring case, else null.
     *
     * @throws InvalidRecordException when the name is not present exactly and several columns equal it ignoring case
     */
    public String column(String name) {
        if (name == null || columns.containsKey(name)) {
            return name;
        }
        String found = null;
        for (String candidate : columns.keySet()) {
            if (candidate.equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new InvalidRecordException(name, "the columns '" + found + "' and '" + candidate
                            + "' both match '" + name
                            + "' ignoring case; rename one in the query");
                }
                found = candidate;
            }
        }
        return found;
    }

    /** Whether the row has the column (see {@link #column(String)}). */
    public boolean has(String name) {
        return column(name) != null;
    }

    /** The value of the column an option names (see {@link #column(String)}), or null. */
    public Object value(String name) {
        String actual = column(name);
        return actual == null ? null : columns.get(actual);
    }
}
