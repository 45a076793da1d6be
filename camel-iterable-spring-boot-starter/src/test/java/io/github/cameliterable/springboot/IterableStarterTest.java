package io.github.cameliterable.springboot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.sync.SyncReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spring Boot application with the starter and application.properties only: the API key, the base URI and a userId
 * project type must all be applied for the sync into a userId-project emulator with its own key to succeed; the
 * state lands in the application's DataSource and the meters in the application's MeterRegistry.
 */
class IterableStarterTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .apiKey("spring-boot-starter-key")
            .build();

    private static ConfigurableApplicationContext boot(IterableEmulator emulator, String... properties) {
        return new SpringApplicationBuilder(UsersSyncApplication.class)
                .properties("emulator.api-key=" + emulator.apiKey(), "emulator.base-uri=" + emulator.baseUri())
                .properties(properties)
                .run();
    }

    private static Map<String, Object> row(String userId, String email, String plan, LocalDate signedUp) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("userId", userId);
        row.put("email", email);
        row.put("plan", plan);
        row.put("signedUpAt", signedUp);
        return row;
    }

    @Test
    @SuppressWarnings("unchecked")
    void propertiesAloneConfigureTheComponentStateAndMetrics() throws Exception {
        IterableEmulator emulator = iterable.emulator();
        try (ConfigurableApplicationContext app = boot(emulator)) {
            assertTrue(app.getBeansOfType(IterableComponent.class).isEmpty(), "no IterableComponent bean is declared");
            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            List<Map<String, Object>> model = List.of(
                    row("u-1", "ada@example.com", "pro", LocalDate.of(2024, 5, 1)),
                    row("u-2", "grace@example.com", null, LocalDate.of(2024, 6, 2)),
                    row("u-3", "alan@example.com", "free", LocalDate.of(2024, 7, 3)));

            SyncReport report = template.requestBody("direct:users", model, SyncReport.class);

            assertEquals(3, report.getSucceeded(), report + " " + report.getFailures());
            assertEquals(0, report.getFailed(), report.toString());
            Map<String, Object> ada = emulator.userByUserId("u-1").orElseThrow();
            assertEquals("ada@example.com", ada.get("email"));
            assertEquals("pro", ((Map<String, Object>) ada.get("dataFields")).get("plan"));
            assertEquals(3, emulator.users().size());

            try (Connection c = app.getBean(DataSource.class).getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from iterable_state")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "the state is kept in the application's DataSource");
            }
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            assertEquals(3.0, registry.get("iterable.records").tag("outcome", "succeeded").counter().count());
            assertEquals(1.0, registry.get("iterable.runs").counter().count());

            SyncReport again = template.requestBody("direct:users", model, SyncReport.class);
            assertEquals(3, again.getUnchanged(), again.toString());
            assertEquals(0, again.getSent(), again.toString());
        }
    }

    /**
     * /actuator/health (the HealthEndpoint bean it serves) with Camel's producer checks on: UP before any call, and DOWN,
     * with the endpoint's check, Iterable's status and the reason, once Iterable refused the key.
     */
    @Test
    @SuppressWarnings("unchecked")
    void actuatorHealthIsDownOnceIterableRefusedTheKey() {
        IterableEmulator emulator = iterable.emulator();
        try (ConfigurableApplicationContext app = boot(emulator, "emulator.api-key=revoked-key-0a1b2c3d",
                "camel.health.producers-enabled=true", "management.endpoint.health.show-details=always")) {
            HealthEndpoint health = app.getBean(HealthEndpoint.class);
            assertEquals(Status.UP, health.health().getStatus());
            // all UP: Camel's default exposure level lists only the first check
            assertEquals(Status.UP, health.healthForPath("camelHealth").getStatus());

            ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
            assertThrows(Exception.class, () -> template.requestBody("direct:users", List.of(
                    row("u-1", "ada@example.com", "pro", LocalDate.of(2024, 5, 1)))));

            assertEquals(Status.DOWN, health.health().getStatus());
            IndicatedHealthDescriptor camel = (IndicatedHealthDescriptor) health.healthForPath("camelHealth");
            assertEquals(Status.DOWN, camel.getStatus());
            assertEquals("DOWN", camel.getDetails().get("producer:iterable-users"));
            Map<String, String> data = (Map<String, String>) camel.getDetails().get("producer:iterable-users.data");
            assertEquals("401", data.get("http.response.code"), data.toString());
            assertTrue(data.get("failure.reason").startsWith("Iterable refused the API key"), data.toString());
            assertFalse(camel.getDetails().toString().contains("revoked-key-0a1b2c3d"), "never the key");
        }
    }

    @Test
    void switchedOffTheStarterLeavesTheComponentUnconfigured() {
        IterableEmulator emulator = iterable.emulator();
        Exception e = assertThrows(Exception.class, () -> boot(emulator, "camel.component.iterable.enabled=false").close());
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("The Iterable API key is missing"), cause.getMessage());
        assertTrue(emulator.users().isEmpty());
    }
}
