package io.github.cameliterable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** No class in src/main over 400 lines but the configuration POJO: a longer one is split along what it does. */
class ClassSizeTest {

    static final int MAX_LINES = 400;

    /** IterableConfiguration holds one field, getter and setter per option, and nothing else. */
    static final Set<String> ALLOWED = Set.of("IterableConfiguration.java");

    @Test
    void noMainClassIsLongerThan400Lines() throws IOException {
        assertEquals(List.of(), longerThan(MAX_LINES, Path.of("src/main/java")), "classes over " + MAX_LINES + " lines");
    }

    static List<String> longerThan(int max, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !ALLOWED.contains(f.getFileName().toString()))
                    .filter(f -> lines(f) > max)
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
