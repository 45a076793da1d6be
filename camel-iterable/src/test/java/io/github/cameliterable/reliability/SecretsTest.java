package io.github.cameliterable.reliability;

import java.util.List;

import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API key given in an endpoint URI never shows in the URI Camel shows, an exception, a report or a log line
 * ({@link NoApiKeyInLogs}); and it never goes over plain http to a host that is not this machine.
 */
@ExtendWith(NoApiKeyInLogs.class)
class SecretsTest {

    @Test
    void plainHttpToANonLoopbackHostIsRefusedBeforeAnyCall() {
        CamelContext camel = new DefaultCamelContext();
        Exception refused = assertThrows(Exception.class, () -> {
            camel.addRoutes(route("iterable:users?apiKey=" + Reliability.API_KEY + "&baseUri=http://example.com"));
            camel.start();
        });
        String messages = messages(refused);
        assertTrue(messages.contains("not loopback"), messages);
        assertFalse(messages.contains(Reliability.API_KEY), messages);
        camel.stop();
    }

    @Test
    void httpsAndLoopbackAreAccepted() throws Exception {
        for (String baseUri : List.of("https://api.iterable.com", "http://127.0.0.1:1", "http://localhost:1",
                "http://[::1]:1")) {
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(route("iterable:users?apiKey=" + Reliability.API_KEY + "&baseUri=" + baseUri));
            camel.start();
            assertTrue(camel.isStarted(), baseUri);
            camel.stop();
        }
    }

    @Test
    void aNameThatMerelyLooksLocalIsRefused() {
        for (String baseUri : List.of("http://localhost.example.com", "http://127.0.0.1.nip.io", "ftp://127.0.0.1")) {
            CamelContext camel = new DefaultCamelContext();
            Exception refused = assertThrows(Exception.class, () -> {
                camel.addRoutes(route("iterable:users?apiKey=" + Reliability.API_KEY + "&baseUri=" + baseUri));
                camel.start();
            }, baseUri);
            assertFalse(messages(refused).contains(Reliability.API_KEY));
            camel.stop();
        }
    }

    @Test
    void aRefusedKeyStopsTheRunAndNeitherTheExceptionNorTheReportNorTheUriHoldsIt() throws Exception {
        // the emulator expects another key: ours is refused with 401
        try (IterableEmulator iterable = IterableEmulator.builder().apiKey("the-right-key").start()) {
            CamelContext camel = new DefaultCamelContext();
            String uri = "iterable:users?apiKey=" + Reliability.API_KEY + "&baseUri=" + iterable.baseUri()
                    + "&changeDetection=false&batchSize=10&" + Reliability.FAST_RETRIES;
            camel.addRoutes(route(uri));
            camel.start();
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> camel.createProducerTemplate().requestBody("direct:sync", Reliability.users(1, 100)));
            IterableSyncException cause = assertInstanceOf(IterableSyncException.class, failed.getCause());
            assertTrue(cause.getMessage().contains("401"), cause.getMessage());
            assertFalse(cause.getMessage().contains(Reliability.API_KEY));
            assertFalse(messages(failed).contains(Reliability.API_KEY));
            SyncReport report = cause.getReport();
            assertFalse(report.toString().contains(Reliability.API_KEY));
            report.getFailures().forEach(f -> assertFalse(f.toString().contains(Reliability.API_KEY)));

            for (Endpoint endpoint : camel.getEndpoints()) {
                // getEndpointUri() is Camel's internal identity of the endpoint; what Camel shows (toString, logs,
                // JMX, consoles) goes through URISupport.sanitizeUri, which masks the secret option apiKey
                String shown = URISupport.sanitizeUri(endpoint.getEndpointUri());
                assertFalse(shown.contains(Reliability.API_KEY), shown);
                assertFalse(endpoint.toString().contains(Reliability.API_KEY), endpoint.toString());
                if (endpoint instanceof IterableEndpoint iterableEndpoint) {
                    assertEquals(Reliability.API_KEY, iterableEndpoint.getConfiguration().getApiKey(),
                            "the key itself is kept, only hidden");
                }
            }
            assertFalse(camel.getRoute("sync").toString().contains(Reliability.API_KEY));
            camel.stop();
        }
    }

    private static RouteBuilder route(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sync").routeId("sync").log("syncing ${body.size} rows").to(uri).log("${body}");
            }
        };
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
