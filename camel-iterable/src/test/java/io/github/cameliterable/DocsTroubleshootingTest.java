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
            "IN list too long: ", "chunkSize must be positive: ", "Table prefix must match ", "A hash longer than 255 bytes: ",
            "no key follows an all-0xFF prefix", "Every Java platform has SHA-256",
            "The run's removed keys are listed already: no key can be seen after that");

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
        return quoted("## Error messages", "## Reasons a record failed validation");
    }

    private static List<String> quotedReasons() throws IOException {
        return quoted("## Reasons a record failed validation", null);
    }

    /** The quoted first column of the table under a heading; a cell may quote several, separated by " / ". */
    private static List<String> quoted(String heading, String nextHeading) throws IOException {
        String page = Files.readString(PAGE);
        int start = page.indexOf(heading);
        String table = nextHeading == null ? page.substring(start) : page.substring(start, page.indexOf(nextHeading));
        List<String> messages = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[^|]+`) \\|").matcher(table);
        while (row.find()) {
            for (String cell : row.group(1).split(" / ")) {
                messages.add(cell.substring(1, cell.length() - 1));
            }
        }
        return messages;
    }

    @Test
    void everyQuotedMessageIsInTheCode() throws IOException {
        String sources = mainSources();
        List<String> missing = new ArrayList<>();
        List<String> quoted = new ArrayList<>(quotedMessages());
        quoted.addAll(quotedReasons());
        for (String message : quoted) {
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

    @Test
    void everyValidationReasonHasARow() throws IOException {
        String table = String.join("\n", quotedReasons());
        Matcher refused = Pattern.compile("new InvalidRecordException\\(([^;]*)\\);").matcher(mainSources());
        List<String> missing = new ArrayList<>();
        while (refused.find()) {
            Matcher literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(refused.group(1));
            while (literal.find()) {
                String text = literal.group(1).replace("\\'", "'");
                // the literal parts of the reason; column names and single characters are no reason
                if (text.length() >= 10 && !table.contains(text)) {
                    missing.add(text);
                }
            }
        }
        assertTrue(quotedReasons().size() >= 20, quotedReasons().toString());
        assertEquals(List.of(), missing, "reasons in the code without a row in docs/troubleshooting.md");
    }
}
