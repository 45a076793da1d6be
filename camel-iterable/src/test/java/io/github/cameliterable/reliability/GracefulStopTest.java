package io.github.cameliterable.reliability;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.emulator.IterableEmulatorExtension;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CamelContext stopped (forcibly, after a one-second shutdown timeout) in the middle of a long run: the run stops
 * reading, its calls in flight complete, what Iterable acknowledged is committed, and only then the state store
 * closes. A restart finds in the state exactly the users Iterable has.
 */
@ExtendWith(NoApiKeyInLogs.class)
class GracefulStopTest {
    private static final int ROWS = 10_000;

    @RegisterExtension
    IterableEmulatorExtension iterable = Reliability.emulator().rateLimits(false).build();

    @TempDir
    Path state;

    @Test
    void aForcedStopFinishesTheCallsInFlightAndClosesTheStoreAfterThem() throws Exception {
        CamelContext camel = context("batchSize=100&rateLimit=5&maxConcurrentRequests=2");
        camel.getShutdownStrategy().setTimeout(1);
        camel.start();
        CompletableFuture<Exchange> running;
        try (LogCapture logs = new LogCapture()) {
            running = camel.createProducerTemplate().asyncSend("direct:sync", e -> e.getMessage().setBody(rows()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (iterable.emulator().users().size() < 500 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            camel.stop();
            Exchange stopped = running.get(30, TimeUnit.SECONDS);
            assertTrue(stopped.getException() == null
                    || stopped.getException().getMessage().contains("the endpoint stopped during the run"),
                    String.valueOf(stopped.getException()));
            for (String line : logs.lines()) {
                assertTrue(!line.contains("MVStore") && !line.contains("is closed"), line);
            }
        }
        int landed = iterable.emulator().users().size();
        assertTrue(landed > 0 && landed < ROWS, landed + " users landed before the stop");

        CamelContext restarted = context("rateLimit=1000");
        restarted.start();
        SyncReport report = restarted.createProducerTemplate().requestBody("direct:sync", rows(), SyncReport.class);
        restarted.stop();
        assertEquals(landed, report.getUnchanged(), "every user Iterable acknowledged was committed: " + report);
        assertEquals(ROWS - landed, report.getNew(), report.toString());
        assertEquals(ROWS, iterable.emulator().users().size());
    }

    private CamelContext context(String options) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(Reliability.API_KEY);
        component.getConfiguration().setBaseUri(iterable.emulator().baseUri());
        component.getConfiguration().setStateDirectory(state.toString());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // first 5 requests of 100 users a second, so that the run lasts about 20 seconds unless stopped
                from("direct:sync").to("iterable:users?" + options);
            }
        });
        return camel;
    }

    /** The model, read lazily as from a database cursor. */
    private static Iterator<Map<String, Object>> rows() {
        return Reliability.lazily(ROWS, Reliability::user);
    }
}
