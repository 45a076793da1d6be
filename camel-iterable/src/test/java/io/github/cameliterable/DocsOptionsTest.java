package io.github.cameliterable;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docs keep up with the code: every option of the generated catalog is documented, and each sync type has a page.
 */
class DocsOptionsTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everyCatalogOptionAndHeaderIsOnTheOptionsPageAndInTheAdoc() throws Exception {
        JsonNode catalog;
        try (InputStream in = IterableComponent.class.getResourceAsStream("/META-INF/io/github/cameliterable/iterable.json")) {
            catalog = new ObjectMapper().readTree(in);
        }
        String options = Files.readString(DOCS.resolve("options.md"));
        String adoc = Files.readString(Path.of("src", "main", "docs", "iterable-component.adoc"));
        List<String> missing = new ArrayList<>();
        catalog.path("properties").fieldNames().forEachRemaining(name -> {
            if (!options.contains("`" + name + "`") || !adoc.contains(name)) {
                missing.add(name);
            }
        });
        // the component's own options (autowiredEnabled, the health-check switches); its nested configuration is the above
        catalog.path("componentProperties").fields().forEachRemaining(option -> {
            String name = option.getKey();
            boolean bean = "object".equals(option.getValue().path("type").asText());
            if (!bean && (!options.contains("`" + name + "`") || !adoc.contains(name))) {
                missing.add(name);
            }
        });
        catalog.path("headers").fieldNames().forEachRemaining(name -> {
            if (!options.contains(name)) {
                missing.add(name);
            }
        });
        assertEquals(List.of(), missing, "options missing from docs/options.md or the adoc: run tools/generate-options-doc.py");
    }

    @Test
    void anOptionUnsetByDefaultShowsNoDefault() throws Exception {
        // createNewFields is not sent unless set (UsersSyncJsonTest), whatever default the catalog gives a boolean
        String row = Files.readAllLines(DOCS.resolve("options.md"))
                .stream()
                .filter(l -> l.startsWith("| `createNewFields` |"))
                .findFirst()
                .orElseThrow();
        assertTrue(row.startsWith("| `createNewFields` | enum: true, false |  | "), row);
        assertTrue(row.contains("Empty (the default) sends nothing"), row);
    }

    @Test
    void eachSyncTypeHasAPage() {
        for (String page : List.of("users.md", "events.md", "cart.md", "catalog.md", "lists.md", "email.md", "user-actions.md",
                "getting-started.md", "state.md", "observability.md", "emulator.md", "options.md", "reliability.md",
                "troubleshooting.md", "examples.md", "kamelets.md", "deployment.md", "performance.md")) {
            assertTrue(Files.exists(DOCS.resolve(page)), "docs/" + page);
        }
    }
}
