package io.github.cameliterable.users;

import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API key, given in the URI, never shows in any log line, a failed run's included. */
class ApiKeyNeverLoggedTest {
    private static final String KEY = "secret-key-7f3a9c1e5b";

    @Test
    void noLogLineOfASuccessfulOrFailedSyncHoldsTheKey() throws Exception {
        try (StubIterable iterable = new StubIterable(); LogCapture logs = new LogCapture()) {
            CamelContext camel = new DefaultCamelContext();
            String endpoint = "iterable:users?apiKey=" + KEY + "&baseUri=" + iterable.baseUri() + "&changeDetection=false";
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sync").routeId("users-sync").log("syncing ${body}").to(endpoint).log("${body}");
                }
            });
            camel.start();
            SyncReport ok = camel.createProducerTemplate()
                    .requestBody("direct:sync",
                            List.of(Map.of("email", "a@example.com", "plan", "pro")), SyncReport.class);
            assertEquals(1, ok.getSucceeded());

            iterable.server.stubFor(post(urlPathEqualTo("/api/users/bulkUpdate")).willReturn(aResponse().withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"msg\":\"Invalid API key\",\"code\":\"BadApiKey\",\"params\":null}")));
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> camel.createProducerTemplate()
                            .requestBody("direct:sync",
                                    List.of(Map.of("email", "b@example.com", "plan", "pro"))));
            IterableSyncException cause = assertInstanceOf(IterableSyncException.class, failed.getCause());
            assertTrue(cause.getMessage().contains("401"), cause.getMessage());
            assertFalse(cause.getMessage().contains(KEY));
            assertFalse(cause.getReport().toString().contains(KEY));
            assertFalse(camel.getRoute("users-sync").getEndpoint().getEndpointUri().contains(KEY));
            camel.stop();

            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains("CallLog")), "the call log was captured");
            assertTrue(lines.stream().anyMatch(l -> l.contains("401")), "the failure was logged");
            for (String line : lines) {
                assertFalse(line.contains(KEY), "the API key leaked into: " + line);
            }
        }
    }
}
