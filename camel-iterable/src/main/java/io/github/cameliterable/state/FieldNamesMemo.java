package io.github.cameliterable.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * What one thread derived from the last list of field names it was given, kept with the names: the rows of a model
 * share their names in the same order, so the row hash's sorted names and the state's quoted list of names are made
 * once per model rather than once per row (together about a sixth of a first run's loop). Names are compared by
 * reference, then by value; a list of more than 256 names is derived each time and not kept. Not thread-safe: one
 * per thread.
 */
public final class FieldNamesMemo<T> {
    private static final int MAX_KEPT = 256;

    private final Function<List<String>, T> derive;
    private List<String> names = new ArrayList<>(32);
    private String[] lastNames = new String[0];
    private T lastValue;

    public FieldNamesMemo(Function<List<String>, T> derive) {
        this.derive = derive;
    }

    /** What {@code derive} gives for these names, the last value when they are the last names. */
    public T of(Iterator<String> fields) {
        names.clear();
        fields.forEachRemaining(names::add);
        if (lastValue != null && sameNames()) {
            return lastValue;
        }
        T value = derive.apply(names);
        if (names.size() <= MAX_KEPT) {
            lastNames = names.toArray(new String[0]);
            lastValue = value;
        } else {
            names = new ArrayList<>(32);
        }
        return value;
    }

    private boolean sameNames() {
        if (names.size() != lastNames.length) {
            return false;
        }
        for (int i = 0; i < lastNames.length; i++) {
            String name = names.get(i);
            if (name != lastNames[i] && !name.equals(lastNames[i])) {
                return false;
            }
        }
        return true;
    }
}
