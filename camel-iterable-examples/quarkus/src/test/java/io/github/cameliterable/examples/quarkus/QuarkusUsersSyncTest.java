package io.github.cameliterable.examples.quarkus;

import java.util.List;
import java.util.Map;

import io.github.cameliterable.sync.SyncReport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Quarkus example in JVM mode: application.properties configures the component and loads the YAML route; only
 * the API key, the base URI and the state directory are replaced for the emulator. A sync succeeds only with the
 * emulator's own key and URI applied.
 */
@QuarkusTest
@QuarkusTestResource(EmulatorResource.class)
class QuarkusUsersSyncTest {

    @Inject
    CamelContext camel;

    @Test
    @SuppressWarnings("unchecked")
    void usersReachIterable() {
        ProducerTemplate template = camel.createProducerTemplate();
        List<Map<String, Object>> model = List.of(
                Map.of("email", "ada@example.com", "first_name", "Ada", "city", "London", "plan", "pro"),
                Map.of("email", "grace@example.com", "first_name", "Grace", "city", "Arlington", "plan", "free"));

        SyncReport report = template.requestBody("direct:users", model, SyncReport.class);

        assertEquals(2, report.getSucceeded(), report.toString());
        Map<String, Object> ada = EmulatorResource.emulator.user("ada@example.com").orElseThrow();
        Map<String, Object> fields = (Map<String, Object>) ada.get("dataFields");
        assertEquals("Ada", fields.get("firstName"));
        assertEquals("London", ((Map<String, Object>) fields.get("address")).get("city"));
        assertTrue(camel.getVersion().startsWith("4.18."), "Camel Quarkus runs Camel " + camel.getVersion());
    }
}
