package io.github.cameliterable.springboot;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter's Spring Boot configuration metadata (what IDEs complete and describe) lists every option of the
 * component's Camel catalog, with the catalog's description; it fails when an option changed and
 * tools/generate-spring-boot-configuration.py was not run again.
 */
class IterableStarterMetadataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "camel.component.iterable.";

    private static JsonNode catalog() throws Exception {
        try (InputStream in = IterableStarterMetadataTest.class
                .getResourceAsStream("/META-INF/io/github/cameliterable/iterable.json")) {
            assertNotNull(in, "camel-iterable's catalog JSON");
            return JSON.readTree(in);
        }
    }

    /** The starter's own metadata file, among those of Spring Boot's and Camel's jars. */
    private static Map<String, JsonNode> metadata(String section) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (URL url : Collections.list(IterableStarterMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            JsonNode file = JSON.readTree(url);
            for (JsonNode entry : file.path(section)) {
                if (entry.path("name").asText().startsWith(PREFIX)) {
                    byName.put(entry.path("name").asText(), entry);
                }
            }
        }
        assertFalse(byName.isEmpty(), "the starter's metadata has " + section);
        return byName;
    }

    private static String kebab(String option) {
        return option.replaceAll("([A-Z])", "-$1").toLowerCase();
    }

    @Test
    void everyComponentOptionIsListedWithItsDescription() throws Exception {
        JsonNode catalog = catalog();
        Map<String, JsonNode> properties = metadata("properties");
        List<String> checked = new ArrayList<>();
        catalog.path("componentProperties").fields().forEachRemaining(option -> {
            if (option.getValue().path("javaType").asText().endsWith(".IterableConfiguration")) {
                return; // the nested configuration object: its options are listed one by one
            }
            String name = PREFIX + kebab(option.getKey());
            JsonNode property = properties.get(name);
            assertNotNull(property, name + " is in the Spring Boot metadata");
            String description = property.path("description").asText();
            assertTrue(description.startsWith(option.getValue().path("description").asText()),
                    name + ": " + description);
            checked.add(name);
        });
        assertTrue(checked.contains(PREFIX + "api-key") && checked.contains(PREFIX + "state-data-source"), checked.toString());
        assertTrue(properties.containsKey(PREFIX + "enabled"), "the switch of Camel's starters");
    }

    @Test
    void defaultsAreTheCatalogsAndTriStatesHaveNone() throws Exception {
        Map<String, JsonNode> properties = metadata("properties");
        assertEquals("email", properties.get(PREFIX + "email-column").path("defaultValue").asText());
        assertEquals(8, properties.get(PREFIX + "max-concurrent-requests").path("defaultValue").asInt());
        for (String triState : List.of("create-new-fields", "update-existing-users-only")) {
            assertFalse(properties.get(PREFIX + triState).has("defaultValue"), triState);
        }
        Map<String, JsonNode> hints = metadata("hints");
        List<String> values = new ArrayList<>();
        hints.get(PREFIX + "create-new-fields").path("values").forEach(v -> values.add(v.path("value").asText()));
        assertEquals(List.of("true", "false"), values);
    }
}
