package io.github.cameliterable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/troubleshooting.md's "Error messages" table and the code agree: every message quoted there exists in the main
 * sources, and every message the main sources throw has a row there.
 */
class DocsTroubleshootingTest {
    private static final Path PAGE = Path.of("..", "docs", "troubleshooting.md");
    /** Invariants a user cannot cause: they would mean a bug, and have no row. */
    private static final Set<String> INVARIANTS = Set.of("SHA-256 is part of every JDK", "A JSON tree always serializes",
            "An item's own JSON always parses", "This sync type needs a first-seen repository", "unknown deleteBehavior ",
            "IN list too long: ", "chunkSize must be positive: ", "Table prefix must match ");

    /** The main sources with adjacent string literals joined ("a" + "b" is "ab"). */
    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(file).replaceAll("\"\\s*\\+\\s*\"", "")).append('\n');
            }
        }
        return all.toString();
    }

    private static List<String> quotedMessages() throws IOException {
        String page = Files.readString(PAGE);
        String table = page.substring(page.indexOf("## Error messages"));
        List<String> messages = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(table);
        while (row.find()) {
            messages.add(row.group(1));
        }
        return messages;
    }

    @Test
    void everyQuotedMessageIsInTheCode() throws IOException {
        String sources = mainSources();
        List<String> missing = new ArrayList<>();
        for (String message : quotedMessages()) {
            for (String fragment : message.split("<\\.\\.\\.>")) {
                if (!fragment.isBlank() && !sources.contains(fragment)) {
                    missing.add(message + "  (fragment: " + fragment + ")");
                }
            }
        }
        assertTrue(quotedMessages().size() >= 30, "the table: " + quotedMessages());
        assertEquals(List.of(), missing, "quoted in docs/troubleshooting.md but not in the code");
    }

    @Test
    void everyMessageTheCodeThrowsHasARow() throws IOException {
        String table = String.join("\n", quotedMessages());
        Matcher thrown = Pattern.compile("throw new \\w+\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(mainSources());
        List<String> missing = new ArrayList<>();
        while (thrown.find()) {
            String literal = thrown.group(1).replace("\\'", "'").replace("\\\"", "\"");
            if (!INVARIANTS.contains(literal) && !table.contains(literal)) {
                missing.add(literal);
            }
        }
        assertEquals(List.of(), missing, "thrown by the code, without a row in docs/troubleshooting.md's Error messages");
    }
}
