package io.github.cameliterable.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Camel JBang command in each example route's header and in jbang/application.properties is the one
 * docs/runtimes.md documents (same properties file, same dependencies), and Camel JBang's run state is git-ignored.
 */
class JBangCommandsTest {
    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final Pattern COMMAND = Pattern.compile(
            "camel run routes/(\\S+) jbang/application\\.properties\\s*(?:#\\s*)?\\\\?\\s*(?:#\\s*)?((?:--dep=\\S+\\s*)+)");

    /** The first documented command: its dependencies, in order. */
    private static String documentedDependencies() throws Exception {
        Matcher m = COMMAND.matcher(Files.readString(Path.of("..", "docs", "runtimes.md")));
        assertTrue(m.find(), "docs/runtimes.md documents camel run routes/... jbang/application.properties --dep=...");
        return m.group(2).trim();
    }

    private static String normalized(String dependencies) {
        return String.join(" ", dependencies.replace("#", " ").trim().split("\\s+"));
    }

    @Test
    void routeHeadersRunTheDocumentedCommand() throws Exception {
        String documented = normalized(documentedDependencies());
        List<Path> routes;
        try (Stream<Path> files = Files.list(RESOURCES.resolve("routes"))) {
            routes = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(routes.isEmpty());
        List<String> problems = new ArrayList<>();
        for (Path route : routes) {
            Matcher m = COMMAND.matcher(Files.readString(route));
            if (!m.find()) {
                problems.add(route.getFileName() + ": no camel run command in its header");
            } else if (!m.group(1).equals(route.getFileName().toString())) {
                problems.add(route.getFileName() + ": runs routes/" + m.group(1));
            } else if (!normalized(m.group(2)).equals(documented)) {
                problems.add(route.getFileName() + ": " + normalized(m.group(2)) + " instead of " + documented);
            }
        }
        Matcher properties = COMMAND.matcher(Files.readString(RESOURCES.resolve("jbang/application.properties")));
        if (!properties.find() || !normalized(properties.group(2)).equals(documented)) {
            problems.add("jbang/application.properties names another command");
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void camelJBangRunStateIsIgnored() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of("..", ".gitignore"));
        assertTrue(ignored.contains(".camel-jbang/"), ignored.toString());
    }
}
