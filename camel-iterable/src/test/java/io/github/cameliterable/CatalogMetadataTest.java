package io.github.cameliterable;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cameliterable.support.ComponentList;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated Camel catalog metadata: scheme, the seven sync types, every option described, the key secret. */
class CatalogMetadataTest {

    private static JsonNode catalog() throws Exception {
        try (InputStream in = IterableComponent.class.getResourceAsStream("/META-INF/io/github/cameliterable/iterable.json")) {
            assertNotNull(in, "the generated iterable.json is on the classpath");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void schemeSyncTypesAndOptions() throws Exception {
        JsonNode json = catalog();
        assertEquals("iterable", json.path("component").path("scheme").asText());
        assertEquals("iterable:syncType", json.path("component").path("syntax").asText());
        assertTrue(json.path("component").path("producerOnly").asBoolean());
        List<String> syncTypes = new ArrayList<>();
        json.path("properties").path("syncType").path("enum").forEach(e -> syncTypes.add(e.asText()));
        assertEquals(List.of("users", "events", "cart", "catalog", "lists", "email", "userActions"), syncTypes);

        JsonNode properties = json.path("properties");
        for (String option : List.of("apiKey", "region", "baseUri", "projectType", "matchBy", "emailColumn", "userIdColumn",
                "primaryKey", "fields", "batchSize", "maxBatchBytes", "createNewFields", "mergeNestedObjects",
                "connectTimeout", "requestTimeout", "mode", "snapshot", "syncId", "deleteBehavior", "dryRun",
                "eventName", "eventNameColumn", "eventType", "createdAtColumn", "eventIdColumn", "deriveEventId",
                "campaignId", "templateId", "itemsColumn", "totalColumn", "catalogName", "idColumn",
                "replaceUploadedFieldsOnly", "createCatalog", "listId", "listName", "updateExistingUsersOnly",
                "newEmailColumn", "action", "dailyActionCap", "maxFailedRecords", "firstSeenRepository", "stateDataSource")) {
            assertTrue(properties.has(option), "option " + option + " is in the catalog");
        }
        properties.fields()
                .forEachRemaining(option -> assertFalse(option.getValue().path("description").asText().isBlank(),
                        "option " + option.getKey() + " has a description"));
        json.path("componentProperties")
                .fields()
                .forEachRemaining(option -> assertFalse(
                        option.getValue().path("description").asText().isBlank(), "component option " + option.getKey()));

        JsonNode apiKey = properties.path("apiKey");
        assertTrue(apiKey.path("secret").asBoolean());
        assertTrue(json.path("componentProperties").path("apiKey").path("secret").asBoolean());
    }

    @Test
    void apiKeyCarriesNoEmptyDeprecationNote() throws Exception {
        JsonNode json = catalog();
        for (String group : List.of("properties", "componentProperties")) {
            JsonNode apiKey = json.path(group).path("apiKey");
            assertFalse(apiKey.has("deprecationNote"), group + ".apiKey: " + apiKey);
            // the key may sit on the component: an endpoint-level "required" would make catalog validators flag every URI
            assertFalse(apiKey.path("required").asBoolean(), group + ".apiKey: " + apiKey);
            assertTrue(apiKey.path("description").asText().startsWith("Required"), group + ".apiKey: " + apiKey);
        }
    }

    /** A default of false would be sent by every tool that fills in defaults, overriding the project's setting. */
    @Test
    void triStateOptionsHaveNoDefault() throws Exception {
        JsonNode json = catalog();
        for (String group : List.of("properties", "componentProperties")) {
            for (String option : List.of("createNewFields", "updateExistingUsersOnly")) {
                JsonNode node = json.path(group).path(option);
                assertFalse(node.has("defaultValue"), group + "." + option + ": " + node);
                List<String> values = new ArrayList<>();
                node.path("enum").forEach(v -> values.add(v.asText()));
                assertEquals(List.of("true", "false"), values, group + "." + option);
            }
        }
    }

    @Test
    void componentListForToolsThatScanJars() throws Exception {
        Properties list = ComponentList.load();
        assertEquals("iterable", list.getProperty("components"));
        assertEquals("camel-iterable", list.getProperty("artifactId"));
    }
}
