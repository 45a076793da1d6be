package io.github.cameliterable.mapping;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names a mapping writes data fields under, and the data fields of a row written under them: each name checked
 * once ({@link IterableRules#checkFieldName}), and the names' order and JSON made once for the rows that share them
 * ({@link NamesOrder}); the last two kinds of row are remembered (a stream may alternate between two kinds of
 * message). A row whose columns are the last row's, equal names in the same order (a model's rows, most often the
 * very same strings), has its values put straight where the JSON writes them, in the names' order when the state
 * hashes the JSON sent: no array of its names, no second array of its values in order, and no comparing its names
 * again (docs/performance.md).
 */
final class FieldNames {
    private static final String[] NONE = new String[0];
    private static final int MAX_VALID_NAMES = 4096;

    /** The values' converter and the JSON writer the fields are written with. */
    private final IterableValues values;
    private final JsonBytes bytes;
    /** Whether the fields are written with their names in order ({@link RowHash.Function#XXH3_128_JSON}'s JSON). */
    private final boolean sorted;
    /** Column names that passed {@link IterableRules#checkFieldName(String)}, up to {@link #MAX_VALID_NAMES}. */
    private final Set<String> validNames = ConcurrentHashMap.newKeySet();
    /** The last row's names and their order (the rows of a model share them), and the ones before. */
    private volatile NamesOrder lastOrder;
    private volatile NamesOrder previousOrder;

    FieldNames(IterableValues values, JsonBytes bytes, boolean sorted) {
        this.values = values;
        this.bytes = bytes;
        this.sorted = sorted;
    }

    /**
     * Every column of the row passed through as a data field, but the identifiers', the primary key's and the sync
     * columns' ({@code reserved}, {@code syncNames}; null ones match nothing).
     */
    DataFields passedThrough(Map<String, Object> columns, String reservedEmail, String reservedUserId,
            String reservedKey, String[] syncNames) {
        NamesOrder last = lastOrder;
        String[] known = last == null ? NONE : last.names();
        // while the row's names are the last row's, a value goes where that row's JSON has it
        int[] ranks = sorted && last != null ? last.ranks() : null;
        Object[] plain = new Object[Math.max(columns.size(), known.length)];
        String[] names = null; // the row's own names, once they part from the last row's
        int count = 0;
        // a row read out of a JDBC component's map is walked by position, without an entry a column
        RowColumns row = columns instanceof RowColumns read ? read : null;
        Iterator<Map.Entry<String, Object>> entries = row == null ? columns.entrySet().iterator() : null;
        for (int i = 0, n = columns.size(); i < n; i++) {
            Map.Entry<String, Object> column = row == null ? entries.next() : null;
            String name = row == null ? column.getKey() : row.name(i);
            if (name.equals(reservedEmail) || name.equals(reservedUserId) || name.equals(reservedKey)
                    || isOneOf(name, syncNames)) {
                continue;
            }
            if (names == null && (count >= known.length || !SourceRecord.sameName(known[count], name))) {
                names = Arrays.copyOf(known, plain.length);
                inRowOrder(plain, ranks, count);
            }
            Object value = values.plainOrNode(name, row == null ? column.getValue() : row.value(i));
            if (names == null) {
                plain[ranks == null ? count : ranks[count]] = value; // a name the last row had was checked then
            } else {
                check(name);
                names[count] = name;
                plain[count] = value;
            }
            count++;
        }
        if (names == null && count == known.length && last != null) {
            return fields(last, plain, count);
        }
        if (names == null) {
            names = known; // the first names of the last row's, fewer
            inRowOrder(plain, ranks, count);
        }
        return written(names, plain, count);
    }

    /**
     * Fields written straight to JSON (when needed), or a tree when the mapper writes trees its own way; in the order
     * of their names when the state hashes the JSON sent ({@link RowHash.Function#XXH3_128_JSON}), so that the order
     * of a row's columns is no change. The names are the model's, shared by its records ({@link NamesOrder}).
     */
    DataFields written(String[] names, Object[] plain, int count) {
        NamesOrder shared = namesOrder(names, count);
        Object[] ordered = plain;
        int[] order = shared.order();
        if (sorted && order != null) {
            ordered = new Object[count];
            for (int i = 0; i < count; i++) {
                ordered[i] = plain[order[i]];
            }
        }
        return fields(shared, ordered, count);
    }

    /** The values, in the order {@code shared} writes them (its names' order when {@link #sorted}). */
    private DataFields fields(NamesOrder shared, Object[] ordered, int count) {
        DataFields fields = sorted
                ? DataFields.sortedWritten(shared.sortedNames(), shared.sortedJsonNames(), ordered, count, bytes, values)
                : DataFields.written(shared.names(), shared.jsonNames(), ordered, count, bytes, values);
        return bytes.writesPlainObjects() ? fields : DataFields.of(fields.tree());
    }

    /** The first {@code count} values back in the row's order, from the places {@code ranks} put them at (null: none). */
    private static void inRowOrder(Object[] plain, int[] ranks, int count) {
        if (ranks == null || count == 0) {
            return;
        }
        Object[] placed = plain.clone();
        Arrays.fill(plain, null);
        for (int i = 0; i < count; i++) {
            plain[i] = placed[ranks[i]];
        }
    }

    /**
     * The first {@code count} names with their order and JSON: the last names' or the ones before them (a model's rows
     * share their names; a stream may alternate between two kinds of message), else made now.
     */
    private NamesOrder namesOrder(String[] names, int count) {
        NamesOrder last = lastOrder;
        if (last != null && last.sameAs(names, count)) {
            return last;
        }
        NamesOrder before = previousOrder;
        if (before != null && before.sameAs(names, count)) {
            return before;
        }
        NamesOrder made = NamesOrder.of(names, count);
        previousOrder = last;
        lastOrder = made;
        return made;
    }

    /** A column's name checked once: the rows of a model repeat the same few names. */
    private void check(String name) {
        if (!validNames.contains(name)) {
            IterableRules.checkFieldName(name);
            if (validNames.size() < MAX_VALID_NAMES) {
                validNames.add(name);
            }
        }
    }

    private static boolean isOneOf(String name, String[] names) {
        for (String candidate : names) {
            if (name.equals(candidate)) {
                return true;
            }
        }
        return false;
    }
}
