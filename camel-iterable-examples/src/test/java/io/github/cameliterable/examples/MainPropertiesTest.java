package io.github.cameliterable.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.emulator.ProjectType;
import io.github.cameliterable.mapping.MatchBy;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel Main (what Camel JBang and Camel K run) configures the component from {@code camel.component.iterable.*}
 * properties: main/application.properties sets the API key, the base URI, a userId project type and the state
 * directory; the sync against a userId-project emulator only succeeds when all four are applied.
 */
class MainPropertiesTest {

    @RegisterExtension
    static IterableEmulatorExtension iterable = IterableEmulatorExtension.builder()
            .projectType(ProjectType.USER_ID)
            .apiKey("main-properties-key")
            .build();

    @TempDir
    Path state;

    @Test
    @SuppressWarnings("unchecked")
    void componentOptionsComeFromCamelMainProperties() throws Exception {
        IterableEmulator emulator = iterable.emulator();
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:main/application.properties");
        main.addInitialProperty("emulator.api-key", emulator.apiKey());
        main.addInitialProperty("emulator.base-uri", emulator.baseUri());
        main.addInitialProperty("test.state-directory", state.toString());
        main.start();
        try {
            SyncReport report = main.getCamelContext()
                    .createProducerTemplate()
                    .requestBody("direct:users-by-user-id", null, SyncReport.class);
            assertEquals(50, report.getSucceeded(), report.toString());
            assertEquals(0, report.getFailed(), report.toString());

            IterableEndpoint endpoint = main.getCamelContext()
                    .getEndpoints()
                    .stream()
                    .filter(IterableEndpoint.class::isInstance)
                    .map(IterableEndpoint.class::cast)
                    .findFirst()
                    .orElseThrow();
            assertEquals(io.github.cameliterable.mapping.ProjectType.userId, endpoint.getConfiguration().getProjectType());
            assertEquals(MatchBy.email, endpoint.getConfiguration().getMatchBy(), "matchBy keeps its default");
            assertEquals(emulator.baseUri(), endpoint.getConfiguration().getBaseUri());

            Map<String, Object> user = emulator.userByUserId("u-00007").orElseThrow();
            assertEquals("customer7@example.com", user.get("email"));
            assertEquals("Ken", ((Map<String, Object>) user.get("dataFields")).get("firstName"));
            assertEquals(50, emulator.users().size());
            try (var files = Files.list(state)) {
                assertTrue(files.findAny().isPresent(), "the embedded state database lives in state-directory");
            }
        } finally {
            main.stop();
        }
    }

    /**
     * Camel Main's readiness with camel.health.producers-enabled=true (docs/observability.md, 'Health checks'): the
     * iterable endpoint's check is DOWN once Iterable refused the key, with the status in its details.
     */
    @Test
    void camelMainsReadinessIsDownOnceIterableRefusedTheKey() throws Exception {
        IterableEmulator emulator = iterable.emulator();
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("classpath:main/application.properties");
        main.addInitialProperty("emulator.api-key", "revoked-main-key");
        main.addInitialProperty("emulator.base-uri", emulator.baseUri());
        main.addInitialProperty("test.state-directory", state.toString());
        main.addInitialProperty("camel.health.producers-enabled", "true");
        main.start();
        try {
            assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(main.getCamelContext()), true));
            assertThrows(Exception.class, () -> main.getCamelContext()
                    .createProducerTemplate()
                    .requestBody("direct:users-by-user-id", null, SyncReport.class));

            Collection<HealthCheck.Result> readiness = HealthCheckHelper.invokeReadiness(main.getCamelContext());
            assertFalse(HealthCheckHelper.isResultsUp(readiness, true));
            HealthCheck.Result iterableCheck = readiness.stream()
                    .filter(r -> r.getCheck().getId().startsWith("producer:iterable-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(readiness.toString()));
            assertEquals(HealthCheck.State.DOWN, iterableCheck.getState());
            assertEquals(401, iterableCheck.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        } finally {
            main.stop();
        }
    }
}
