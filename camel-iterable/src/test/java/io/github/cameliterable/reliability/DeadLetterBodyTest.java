package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableConstants;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A failed exchange keeps the body it brought: a dead letter channel gets the message, not the report (which was the
 * body, so the dead letter queue held reports and no record could be sent again from it).
 */
class DeadLetterBodyTest {
    @TempDir
    Path state;

    /**
     * The harness's context (the component set for the emulator) with a route from direct:in to the endpoint, its
     * failed exchanges to mock:dead.
     */
    private CamelContext camel(SyncHarness harness, String uri) throws Exception {
        CamelContext camel = harness.camel();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead"));
                from("direct:in").to(uri);
            }
        });
        return camel;
    }

    @Test
    void aStreamsMessageIterableNeverAnsweredReachesTheDeadLetterChannelAsItCame() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            emulator.faults(FaultPlan.builder().rate503(1.0).build());
            CamelContext camel = camel(harness, "iterable:users?maxAttempts=2&initialBackoff=10ms&linger=0");
            Map<String, Object> message = Map.of("email", "ann@example.com", "plan", "pro");
            camel.createProducerTemplate().sendBody("direct:in", message);
            MockEndpoint dead = camel.getEndpoint("mock:dead", MockEndpoint.class);
            dead.expectedMessageCount(1);
            dead.assertIsSatisfied(10_000);
            Exchange failed = dead.getExchanges().get(0);
            assertEquals(message, failed.getMessage().getBody(), "the message, to be sent again from the queue");
            IterableSyncException cause = assertInstanceOf(IterableSyncException.class,
                    failed.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
            assertEquals(1, cause.getReport().getUnanswered());
            assertEquals(1L, failed.getMessage().getHeader(IterableConstants.RECEIVED));
        }
    }

    @Test
    void aModelOverMaxFailedRecordsKeepsItsRowsToo() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            CamelContext camel = camel(harness, "iterable:users?maxFailedRecords=0");
            List<Map<String, Object>> rows = List.of(Map.of("email", "ann@example.com"), Map.of("email", "not an email"));
            camel.createProducerTemplate().sendBody("direct:in", rows);
            MockEndpoint dead = camel.getEndpoint("mock:dead", MockEndpoint.class);
            dead.expectedMessageCount(1);
            dead.assertIsSatisfied(10_000);
            assertEquals(rows, dead.getExchanges().get(0).getMessage().getBody());
        }
    }
}
