package io.github.cameliterable.mapping;

import java.util.Arrays;

/**
 * A row's field names, the order that sorts them ({@link String#compareTo}) and their JSON, kept by the mapping for
 * the next row: the rows of a model share their names, so they are checked, sorted and quoted once per model rather
 * than once per row, and the records share these arrays (never changed).
 *
 * @param names the names, as the row gave them
 * @param order the indexes of {@code names} in sorted order; null when they are in order already
 * @param ranks where each of {@code names} is in sorted order (the inverse of {@code order}); null with it
 * @param sortedNames the names in order ({@code names} when they are in order already)
 * @param jsonNames {@code names} quoted ({@link JsonBytes#jsonNames})
 * @param sortedJsonNames {@code sortedNames} quoted
 */
record NamesOrder(String[] names, int[] order, int[] ranks, String[] sortedNames, byte[][] jsonNames,
        byte[][] sortedJsonNames) {

    /** The first {@code count} of {@code names}, copied, sorted and quoted. */
    static NamesOrder of(String[] names, int count) {
        String[] copied = Arrays.copyOf(names, count);
        int[] order = sortedOrder(copied, count);
        if (order == null) {
            byte[][] json = JsonBytes.jsonNames(copied);
            return new NamesOrder(copied, null, null, copied, json, json);
        }
        String[] sorted = new String[count];
        int[] ranks = new int[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = copied[order[i]];
            ranks[order[i]] = i;
        }
        return new NamesOrder(copied, order, ranks, sorted, JsonBytes.jsonNames(copied), JsonBytes.jsonNames(sorted));
    }

    /** Whether the first {@code count} of {@code other} are these names, in the same order (by reference first). */
    boolean sameAs(String[] other, int count) {
        if (count != names.length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (other[i] != names[i] && !other[i].equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    /** The indexes of the first {@code count} names in sorted order, or null when they are sorted already. */
    static int[] sortedOrder(String[] names, int count) {
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = names[i - 1].compareTo(names[i]) < 0;
        }
        if (sorted) {
            return null;
        }
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> names[a].compareTo(names[b]));
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
