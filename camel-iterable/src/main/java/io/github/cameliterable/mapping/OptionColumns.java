package io.github.cameliterable.mapping;

import java.util.Map;

/**
 * The names a row uses for the columns the options name ({@link SourceRecord#column}), found once for the rows of a
 * model: they have the same columns, and a name absent from a row, or written in another case (a warehouse's
 * {@code EMAIL} for an option's {@code email}), was a scan of the row's names ignoring case, for every such option of
 * every row. A row whose names are those of the last row found, in the same order, has the same answers: known at
 * once when the reader shared the last row's array of names with it ({@link SourceRecord#names}).
 */
final class OptionColumns {
    /**
     * A row's kind of map and names (in its order), and the name it uses for each option (null: absent). The kind
     * counts: a map that ignores case itself (Spring's, camel-sql's) answers for {@code email} what a plain one
     * answers for {@code EMAIL}.
     */
    private record Found(Class<?> kind, Object[] rowNames, String[] names) {
    }

    private final String[] options;
    /** The last row's: read and replaced by the threads of several runs at once, each record whole. */
    private volatile Found last;

    OptionColumns(String[] options) {
        this.options = options;
    }

    /**
     * The name the row uses for each option, in the order of the options: null for an option that is null or absent.
     *
     * @throws InvalidRecordException when two columns match an option's name ignoring case
     */
    String[] of(SourceRecord row) {
        Found found = last;
        Map<String, Object> columns = row.columns();
        Object[] rowNames = row.names();
        if (found != null && found.kind() == columns.getClass()
                && (rowNames != null ? rowNames == found.rowNames() : SourceRecord.sameNames(found.rowNames(), columns))) {
            return found.names();
        }
        String[] names = new String[options.length];
        for (int i = 0; i < options.length; i++) {
            names[i] = row.column(options[i]);
        }
        last = new Found(columns.getClass(), rowNames != null ? rowNames : columns.keySet().toArray(), names);
        return names;
    }
}
