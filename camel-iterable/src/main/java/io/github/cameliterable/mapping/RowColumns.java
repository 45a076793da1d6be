package io.github.cameliterable.mapping;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A row's columns read out of a map the reader does not keep as it is: a JDBC component's map that ignores case
 * (Camel's {@code CaseInsensitiveMap}, Spring's {@code LinkedCaseInsensitiveMap} in camel-sql's rows), a
 * {@code TreeMap}, any map of the user's own. They were copied into a LinkedHashMap, a hashed entry for each column of
 * each row; here the names, in the map's order, are one array and one index shared by the rows of the same names (a
 * model's rows, as the reader shares a plain map's names), and a row holds only its values. Looked up by exact name,
 * as the copy was (a column an option names is found ignoring case by {@link SourceRecord#column}); read only.
 */
final class RowColumns extends AbstractMap<String, Object> {
    /** Column names in order and each one's position: made once for the rows that share them. */
    static final class Names {
        private final String[] names;
        private final Map<String, Integer> positions;

        private Names(String[] names, Map<String, Integer> positions) {
            this.names = names;
            this.positions = positions;
        }

        /** The names with their positions; null when two are the same text (a key and another's String.valueOf). */
        static Names of(String[] names) {
            Map<String, Integer> positions = new HashMap<>(names.length * 4 / 3 + 1);
            for (int i = 0; i < names.length; i++) {
                if (positions.put(names[i], i) != null) {
                    return null;
                }
            }
            return new Names(names, positions);
        }

        /** Whether the map's name at {@code i} is this one: the same string, or an equal one. */
        private boolean is(int i, Object name) {
            return SourceRecord.sameName(names[i], name);
        }
    }

    /**
     * The names last made, for a reader that has read no row yet: a stream's one-row bodies (a sql consumer's rows,
     * each an exchange of its own) share them as a model's rows do. Immutable, so any thread may read them.
     */
    private static volatile Names recent;

    private final Names names;
    private final Object[] values;

    private RowColumns(Names names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * The map's columns in its order, named by {@code readerNames} when the map's names are those (the reader's last
     * row's; without one, the names last made by any reader), else by names of their own; null when the map cannot be
     * read so (two names of the same text, or a map that changed while it was read), to be copied instead.
     *
     * @throws UnreadableRecordException when a name is null
     */
    static RowColumns read(Map<?, ?> map, Names readerNames, long index) {
        Names known = readerNames != null ? readerNames : recent;
        int size = map.size();
        Object[] values = new Object[size];
        boolean same = known != null && known.names.length == size;
        String[] names = same ? null : new String[size];
        int i = 0;
        for (Map.Entry<?, ?> column : map.entrySet()) {
            Object name = column.getKey();
            if (name == null) {
                throw new UnreadableRecordException(index, "a column name is null");
            }
            if (i == size) {
                return null;
            }
            if (names == null && !known.is(i, name)) {
                names = Arrays.copyOf(known.names, size); // the names before this one are the known ones
            }
            if (names != null) {
                names[i] = String.valueOf(name);
            }
            values[i++] = column.getValue();
        }
        if (i != size) {
            return null;
        }
        if (names == null) {
            return new RowColumns(known, values);
        }
        Names made = Names.of(names);
        if (made == null) {
            return null;
        }
        recent = made;
        return new RowColumns(made, values);
    }

    /** The names, shared with the rows of the same names. */
    Names names() {
        return names;
    }

    /** The names in order: the same array for the rows of the same names ({@link SourceRecord#names}). */
    Object[] nameArray() {
        return names.names;
    }

    /** The name of the column at {@code i}, in the map's order. */
    String name(int i) {
        return names.names[i];
    }

    /** The value of the column at {@code i}, in the map's order. */
    Object value(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Object get(Object name) {
        Integer at = names.positions.get(name);
        return at == null ? null : values[at];
    }

    @Override
    public boolean containsKey(Object name) {
        return names.positions.containsKey(name);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(names.names[i], values[i]);
        }
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Collections.unmodifiableList(Arrays.asList(names.names)).iterator();
            }

            @Override
            public boolean contains(Object name) {
                return containsKey(name);
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public Collection<Object> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(names.names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
