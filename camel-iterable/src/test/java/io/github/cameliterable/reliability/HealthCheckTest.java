package io.github.cameliterable.reliability;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel's readiness shows Iterable's state, per endpoint, as an application sees it once Camel's producer checks are on
 * (camel.health.producersEnabled=true): DOWN after a refused key or when Iterable cannot be reached, UP again after a
 * call is answered, UP before any call; never the API key.
 */
@ExtendWith(NoApiKeyInLogs.class)
class HealthCheckTest {
    private static final String CHECK = "producer:iterable-users";
    /** Two attempts, quickly: an unreachable Iterable is declared after its retries, in milliseconds. */
    private static final String OPTIONS = "changeDetection=false&maxConcurrentRequests=1&maxAttempts=2&initialBackoff=10"
            + "&maxBackoff=20";

    @Test
    void downAfterA401UpAfterAnAnswerDownWhenUnreachable() throws Exception {
        IterableEmulator wrongKey = IterableEmulator.builder().apiKey("another-key").rateLimits(false).start();
        int port = wrongKey.port();
        String baseUri = "http://127.0.0.1:" + port;
        try (CamelContext camel = camel(baseUri, "", true)) {
            HealthCheck.Result before = readiness(camel, CHECK).orElseThrow(() -> new AssertionError("no " + CHECK));
            assertEquals(HealthCheck.State.UP, before.getState(), "before any call: " + before.getMessage());
            assertEquals("No call to Iterable yet", before.getMessage().orElse(""));

            Instant first = Instant.now();
            try {
                sync(camel);
            } finally {
                wrongKey.close();
            }
            HealthCheck.Result refused = readiness(camel, CHECK).orElseThrow();
            assertEquals(HealthCheck.State.DOWN, refused.getState());
            Map<String, Object> details = refused.getDetails();
            assertEquals(401, details.get(HealthCheck.HTTP_RESPONSE_CODE), details.toString());
            assertEquals("BadApiKey", details.get("service.error.code"), details.toString());
            assertEquals("POST /api/users/bulkUpdate", details.get("iterable.call"));
            String reason = String.valueOf(details.get("failure.reason"));
            assertTrue(reason.startsWith("Iterable refused the API key: POST /api/users/bulkUpdate answered 401"), reason);
            assertEquals(reason, refused.getMessage().orElse(""));
            Instant at = Instant.parse(String.valueOf(details.get("iterable.call.time")));
            assertFalse(at.isBefore(first) || at.isAfter(Instant.now()), at.toString());
            assertTrue(String.valueOf(details.get(HealthCheck.ENDPOINT_URI)).startsWith("iterable://users?"),
                    details.toString());
            assertFalse(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(camel), true));
            assertNoKey(camel);

            // the key fixed in Iterable (here: an emulator with the endpoint's key on the same address): UP again
            try (IterableEmulator right = IterableEmulator.builder()
                    .port(port)
                    .apiKey(Reliability.API_KEY)
                    .rateLimits(false)
                    .start()) {
                sync(camel);
                assertEquals(2, right.users().size());
            }
            HealthCheck.Result answered = readiness(camel, CHECK).orElseThrow();
            assertEquals(HealthCheck.State.UP, answered.getState(), answered.getDetails().toString());
            assertEquals(200, answered.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
            assertFalse(answered.getDetails().containsKey("failure.reason"));
            assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(camel), true));

            // nothing listens there any more: no answer after both attempts
            sync(camel);
            HealthCheck.Result unreachable = readiness(camel, CHECK).orElseThrow();
            assertEquals(HealthCheck.State.DOWN, unreachable.getState());
            String why = String.valueOf(unreachable.getDetails().get("failure.reason"));
            assertTrue(why.startsWith("Iterable could not be reached: POST /api/users/bulkUpdate got no answer after 2"
                    + " attempts: java.net.ConnectException"), why);
            assertFalse(unreachable.getDetails().containsKey(HealthCheck.HTTP_RESPONSE_CODE), "no status without an answer");
            assertEquals(2, unreachable.getDetails().get("iterable.call.attempts"));
            assertNoKey(camel);
        }
    }

    /** An Iterable that does not answer in time (requestTimeout, after the retries) is not reachable either. */
    @Test
    void downWhenIterableDoesNotAnswerInTime() throws Exception {
        try (IterableEmulator slow = IterableEmulator.builder()
                .apiKey(Reliability.API_KEY)
                .rateLimits(false)
                .faults(FaultPlan.builder().latencyMillis(1000).build())
                .start();
                CamelContext camel = camel(slow.baseUri(), "&requestTimeout=100ms", true)) {
            sync(camel);
            HealthCheck.Result late = readiness(camel, CHECK).orElseThrow();
            assertEquals(HealthCheck.State.DOWN, late.getState());
            String why = String.valueOf(late.getDetails().get("failure.reason"));
            assertTrue(why.contains("got no answer after 2 attempts: java.net.http.HttpTimeoutException"), why);
        }
    }

    /**
     * healthCheckProducerEnabled=false on a component leaves its endpoints out, as with Camel's own components; the
     * other component's endpoint still reports, until Camel's exclude pattern names it.
     */
    @Test
    void theComponentOptionLeavesItsEndpointsOut() throws Exception {
        try (IterableEmulator wrongKey = IterableEmulator.builder().apiKey("another-key").rateLimits(false).start();
                CamelContext camel = camel(wrongKey.baseUri(), "", false)) {
            IterableComponent quiet = new IterableComponent();
            quiet.setHealthCheckProducerEnabled(false);
            camel.addComponent("quietIterable", quiet);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:quiet").to("quietIterable:users?syncId=quiet&apiKey=" + Reliability.API_KEY + "&baseUri="
                            + wrongKey.baseUri() + "&" + OPTIONS);
                }
            });
            camel.start();
            sync(camel);
            sync(camel, "direct:quiet");

            assertEquals(HealthCheck.State.DOWN, readiness(camel, CHECK).orElseThrow().getState());
            assertEquals(Optional.empty(), readiness(camel, "producer:iterable-quiet"));

            // one endpoint left out by Camel's own pattern (camel.health.exclude-pattern), its id without "producer:"
            HealthCheckRegistry.get(camel).setExcludePattern("iterable-users");
            assertEquals(Optional.empty(), readiness(camel, CHECK));
            assertTrue(HealthCheckHelper.isResultsUp(HealthCheckHelper.invokeReadiness(camel), true));
        }
    }

    /** A context with one users endpoint on {@code baseUri} and Camel's producer checks on, started when asked. */
    private static CamelContext camel(String baseUri, String moreOptions, boolean start) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sync").to("iterable:users?apiKey=" + Reliability.API_KEY + "&baseUri=" + baseUri + "&" + OPTIONS
                        + moreOptions);
            }
        });
        // what camel.health.producersEnabled=true does under Camel Main and Spring Boot, and the exposure level that
        // lists every check (camel.health.exposureLevel=full)
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        HealthCheckHelper.getHealthCheckRepository(camel, "producers").setEnabled(true);
        registry.setExposureLevel("full");
        if (start) {
            camel.start();
        }
        return camel;
    }

    /** Syncs two users; a refusal fails the exchange, which the health check, not this test, reports. */
    private static void sync(CamelContext camel) {
        sync(camel, "direct:sync");
    }

    private static void sync(CamelContext camel, String route) {
        try {
            camel.createFluentProducerTemplate().to(route).withBody(Reliability.users(1, 2)).request();
        } catch (RuntimeException refusedOrUnanswered) {
            // the route's error, as the application would see it
        }
    }

    private static Optional<HealthCheck.Result> readiness(CamelContext camel, String id) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(camel);
        return results.stream().filter(r -> r.getCheck().getId().equals(id)).findFirst();
    }

    private static void assertNoKey(CamelContext camel) {
        for (HealthCheck.Result result : HealthCheckHelper.invoke(camel)) {
            String shown = result.getMessage().orElse("") + result.getDetails() + result.getError()
                    .map(String::valueOf)
                    .orElse("");
            assertFalse(shown.contains(Reliability.API_KEY), "the API key in the health of " + result.getCheck().getId());
        }
    }
}
