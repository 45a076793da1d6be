package io.github.cameliterable.examples;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.cameliterable.support.ComponentList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.cameliterable.examples.KameletsTest.at;
import static io.github.cameliterable.examples.KameletsTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kamelets against the Kamelet CRD of the Apache Camel Kamelets catalog (kamelet-crd/, with its licence), strictly
 * as {@code kubectl apply --validate=strict} would: a field the schema does not know is an error. And the catalog's
 * conventions its validator (camel-kamelets script/validator) checks.
 */
class KameletCrdTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The kamelet.namespace values of the Apache Camel Kamelets catalog (the commit kamelet-crd/README.md names). */
    private static final Set<String> APACHE_NAMESPACES = Set.of("AI", "API", "AWS", "Azure", "Bitcoin", "Cache", "Cloud",
            "Database", "Dataset", "EIP", "File", "GCP", "Geo", "Graphql", "HTTP", "IBM", "JIRA", "JSON", "Kafka", "Logging",
            "Mail", "Messaging", "Monitoring", "Networking", "Nosql", "PQC", "Salesforce", "Scheduling", "Search", "Social",
            "System", "Transformation");

    /** The CRD's v1 openAPIV3Schema, every object with declared properties closed to others. */
    static JsonSchema kameletSchema() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> crd = load("kamelet-crd/camel.apache.org_kamelets.yaml");
        List<Map<String, Object>> versions = at(crd, "spec", "versions");
        Map<String, Object> v1 = versions.stream().filter(v -> "v1".equals(v.get("name"))).findFirst().orElseThrow();
        JsonNode schema = JSON.valueToTree(at(v1, "schema", "openAPIV3Schema"));
        close(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    /** Kubernetes prunes (or, strictly, refuses) unknown fields unless x-kubernetes-preserve-unknown-fields says so. */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(KameletCrdTest::close);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(KameletCrdTest::close);
        }
    }

    private static JsonNode kamelet(String name) throws Exception {
        return JSON.valueToTree(load("kamelets/" + name + ".kamelet.yaml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iterable-users-sink", "iterable-events-sink", "iterable-cart-sink", "iterable-catalog-sink",
            "iterable-lists-sink", "iterable-email-sink", "iterable-user-actions-sink"})
    void kameletIsValidAgainstTheCrd(String name) throws Exception {
        Set<ValidationMessage> errors = kameletSchema().validate(kamelet(name));
        assertTrue(errors.isEmpty(), name + ": " + errors);
    }

    @Test
    void theSchemaRefusesWhatKubernetesWould() throws Exception {
        JsonSchema schema = kameletSchema();
        ObjectNode misspelled = (ObjectNode) kamelet("iterable-users-sink");
        ((ObjectNode) misspelled.path("spec")).set("dependency", misspelled.path("spec").path("dependencies"));
        assertFalse(schema.validate(misspelled).isEmpty(), "an unknown spec field");

        ObjectNode wrongType = (ObjectNode) kamelet("iterable-users-sink");
        ((ObjectNode) wrongType.path("spec").path("types").path("in")).put("mediaType", 42);
        assertFalse(schema.validate(wrongType).isEmpty(), "a number for a media type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iterable-users-sink", "iterable-events-sink", "iterable-cart-sink", "iterable-catalog-sink",
            "iterable-lists-sink", "iterable-email-sink", "iterable-user-actions-sink"})
    void kameletFollowsTheApacheCatalogConventions(String name) throws Exception {
        JsonNode kamelet = kamelet(name);
        JsonNode annotations = kamelet.path("metadata").path("annotations");
        assertTrue(APACHE_NAMESPACES.contains(annotations.path("camel.apache.org/kamelet.namespace").asText()),
                annotations.toString());
        assertFalse(annotations.path("camel.apache.org/kamelet.icon").asText().isEmpty());
        assertTrue(kamelet.path("spec").path("definition").path("title").asText().endsWith(" Sink"));
        assertEquals("application/json", kamelet.path("spec").path("types").path("in").path("mediaType").asText(),
                "the JSON input is declared");

        // the catalog version and the dependency are the version of camel-iterable these Kamelets ship with
        // the version the build gave camel-iterable, from the component list its jar carries
        String version = ComponentList.load().getProperty("version");
        assertEquals(version, annotations.path("camel.apache.org/catalog.version").asText());
        List<String> dependencies = JSON.convertValue(kamelet.path("spec").path("dependencies"), List.class);
        assertEquals(List.of("mvn:io.github.cameliterable:camel-iterable:" + version, "camel:kamelet"), dependencies);

        kamelet.path("spec").path("definition").path("properties").fields().forEachRemaining(property -> {
            JsonNode p = property.getValue();
            List<String> descriptors = JSON.convertValue(p.path("x-descriptors"), List.class);
            descriptors = descriptors == null ? List.of() : descriptors;
            assertTrue(descriptors.stream().noneMatch(d -> d.startsWith("urn:alm:descriptor:com.tectonic.ui")),
                    property.getKey() + ": the OpenShift console's deprecated descriptors");
            if ("password".equals(p.path("format").asText())) {
                assertEquals(List.of("urn:camel:group:credentials"), descriptors, property.getKey());
            }
            String title = p.path("title").asText();
            assertFalse(title.startsWith("The ") || title.startsWith("A ") || title.startsWith("An "), title);
        });
    }
}
