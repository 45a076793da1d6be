package io.github.cameliterable.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.IterableConstants;
import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.LogCapture;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream: one record per exchange, many exchanges in flight on one endpoint. Their records share byte-packed
 * requests, and each exchange still ends with its own report once its own record has an outcome.
 */
class SharedBatchesTest {
    @TempDir
    Path state;

    private final List<SyncReport> reports = Collections.synchronizedList(new ArrayList<>());
    private final List<Exception> failures = Collections.synchronizedList(new ArrayList<>());

    private CamelContext camel(IterableEmulator emulator, String uri) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(emulator.apiKey());
        component.getConfiguration().setBaseUri(emulator.baseUri());
        component.getConfiguration().setStateDirectory(state.toString());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true)
                        .process(e -> failures.add(e.getProperty(Exchange.EXCEPTION_CAUGHT,
                                Exception.class)));
                from("seda:in?concurrentConsumers=200").routeId("stream")
                        .to(uri)
                        .process(e -> {
                            SyncReport report = e.getMessage().getBody(SyncReport.class);
                            assertEquals(report.getSucceeded(), e.getMessage().getHeader(IterableConstants.SUCCEEDED));
                            reports.add(report);
                        });
            }
        });
        camel.start();
        return camel;
    }

    private void sendAndWait(CamelContext camel, List<Map<String, Object>> bodies) {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("stream").whenDone(bodies.size()).create();
        ProducerTemplate template = camel.createProducerTemplate();
        bodies.forEach(body -> template.sendBody("seda:in?blockWhenFull=true", body));
        assertTrue(done.matches(120, TimeUnit.SECONDS), "the exchanges did not all complete");
    }

    private static List<Map<String, Object>> users(int count, String plan) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            users.add(Map.of("email", "user" + i + "@example.com", "PLAN", plan, "SEATS", i));
        }
        return users;
    }

    @Test
    void twoThousandSingleRecordExchangesFromTwoHundredConsumersShareAtMostTwentyRequests() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start(); LogCapture logs = new LogCapture()) {
            emulator.rateLimits(true);
            CamelContext camel = camel(emulator, "iterable:users");
            sendAndWait(camel, users(2000, "free"));

            assertEquals(List.of(), failures);
            long requests = emulator.requestCount("/api/users/bulkUpdate");
            assertTrue(requests <= 20, "2,000 records took " + requests + " requests");
            assertEquals(2000, reports.size());
            assertEquals(2000, emulator.users().size());
            Set<String> succeeded = new HashSet<>();
            for (SyncReport report : reports) {
                assertEquals(1, report.getReceived(), report.toString());
                assertEquals(1, report.getSent(), report.toString());
                assertEquals(1, report.getSucceeded(), report.toString());
                assertEquals(0, report.getFailed(), report.toString());
                assertTrue(report.getApiCalls() >= 1, report.toString());
            }
            emulator.users().forEach(user -> succeeded.add(String.valueOf(user.get("email"))));
            assertEquals(2000, succeeded.size());
            assertEquals(0, emulator.count429(), "the requests stayed under the rate limit");

            // change detection per record: the same messages again change nothing in Iterable
            reports.clear();
            sendAndWait(camel, users(2000, "free"));
            assertEquals(requests, emulator.requestCount("/api/users/bulkUpdate"), "nothing was sent again");
            assertEquals(2000, reports.stream().mapToLong(SyncReport::getUnchanged).sum());
            camel.stop();
            assertEquals(List.of(), logs.lines()
                    .stream()
                    .filter(line -> line.contains("State store: cannot") || line.contains("StateStoreException")
                            || line.contains("discarded") || line.contains("IO Exception")
                            || line.contains("has been closed") || line.contains("could not store")
                            || line.contains("unexpected error"))
                    .toList());
        }
    }

    @Test
    void firstSeenActionsHappenOncePerKeyUnderConcurrency() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = camel(emulator, "iterable:cart?primaryKey=orderId");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                for (int i = 1; i <= 100; i++) {
                    rows.add(Map.of("orderId", "o-" + i, "email", "buyer" + i + "@example.com", "items",
                            List.of(Map.of("id", "sku-" + copy, "name", "Sock", "price", 3, "quantity", 1))));
                }
            }
            sendAndWait(camel, rows);
            camel.stop();
            assertEquals(List.of(), failures);
            assertEquals(100, emulator.requestCount("/api/commerce/updateCart"), "one updateCart per order");
            assertEquals(100, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
        }
    }

    @Test
    void theSameMessageDeliveredAgainWhileItsFirstCopyIsInFlightIsSentOnce() throws Exception {
        // a redelivery racing the first delivery, or a route fanning one message out: each later copy was classified
        // NEW against a state the first copy had not reached yet, and the event was tracked once per copy
        try (IterableEmulator emulator = IterableEmulator.start()) {
            emulator.faults(FaultPlan.builder().latencyMillis(1000).build());
            CamelContext camel = camel(emulator, "iterable:events?eventName=signup&linger=10ms");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                rows.add(Map.of("email", "user" + i + "@example.com", "step", i));
            }
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("stream").whenDone(200).create();
            ProducerTemplate template = camel.createProducerTemplate();
            rows.forEach(row -> template.sendBody("seda:in?blockWhenFull=true", row));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (emulator.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // the first copies are in flight now (answered after 1 s): three more copies of each message come
            for (int copy = 1; copy < 4; copy++) {
                rows.forEach(row -> template.sendBody("seda:in?blockWhenFull=true", row));
                Thread.sleep(50);
            }
            assertTrue(done.matches(120, TimeUnit.SECONDS), "the exchanges did not all complete");
            camel.stop();
            assertEquals(List.of(), failures);
            assertEquals(50, emulator.events().size(), "each event once");
            assertEquals(50, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
            assertEquals(150, reports.stream().mapToLong(SyncReport::getDuplicates).sum());
        }
    }

    /** The stream's route and a model's beside it ({@code direct:model}), to one endpoint; Iterable answers after 1 s. */
    private CamelContext streamAndModel(IterableEmulator emulator) throws Exception {
        emulator.faults(FaultPlan.builder().latencyMillis(1000).build());
        String uri = "iterable:events?eventName=signup&linger=10ms";
        CamelContext camel = camel(emulator, uri);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:model").to(uri);
            }
        });
        return camel;
    }

    private static List<Map<String, Object>> signups(int first, int last) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            rows.add(Map.of("email", "user" + i + "@example.com", "step", i));
        }
        return rows;
    }

    private static void awaitFirstRequest(IterableEmulator emulator) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (emulator.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /**
     * A model that repeats a stream's messages still on their way (the same endpoint, the stream first): each was
     * classified NEW against a state the stream's request had not reached yet, and an event without an id was tracked
     * twice (a probe: 273 to 815 of 5,000 repeated; users sent twice too). The model's copy is a duplicate now.
     */
    @Test
    void aModelRepeatingAStreamsMessagesStillInFlightSendsThemOnce() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = streamAndModel(emulator);
            List<Map<String, Object>> rows = signups(1, 50);
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("stream").whenDone(50).create();
            ProducerTemplate template = camel.createProducerTemplate();
            rows.forEach(row -> template.sendBody("seda:in?blockWhenFull=true", row));
            awaitFirstRequest(emulator);
            // the stream's events are in flight now (answered after 1 s): a model repeats them, with 10 of its own
            List<Map<String, Object>> model = new ArrayList<>(rows);
            model.addAll(signups(51, 60));
            SyncReport report = template.requestBody("direct:model", model, SyncReport.class);
            assertTrue(done.matches(120, TimeUnit.SECONDS), "the exchanges did not all complete");
            camel.stop();
            assertEquals(List.of(), failures);
            assertEquals(60, emulator.events().size(), "each event once");
            assertEquals(10, report.getNew(), report.toString());
            assertEquals(50, report.getDuplicates(), report.toString());
            assertEquals(50, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
        }
    }

    /** The other way round: a stream repeating a model's records still on their way sends none of them again. */
    @Test
    void aStreamRepeatingAModelsRecordsStillInFlightSendsThemOnce() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = streamAndModel(emulator);
            List<Map<String, Object>> rows = signups(1, 50);
            ProducerTemplate template = camel.createProducerTemplate();
            java.util.concurrent.CompletableFuture<SyncReport> model = template.asyncRequestBody("direct:model", rows,
                    SyncReport.class);
            awaitFirstRequest(emulator);
            // the model's events are in flight now (answered after 1 s): a stream repeats them
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute("stream").whenDone(50).create();
            rows.forEach(row -> template.sendBody("seda:in?blockWhenFull=true", row));
            assertTrue(done.matches(120, TimeUnit.SECONDS), "the exchanges did not all complete");
            SyncReport report = model.get(60, TimeUnit.SECONDS);
            camel.stop();
            assertEquals(List.of(), failures);
            assertEquals(50, emulator.events().size(), "each event once");
            assertEquals(50, report.getNew(), report.toString());
            assertEquals(0, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
        }
    }

    @Test
    void recordsWaitingForTheLingerTimeAreSentWhenTheEndpointStops() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = camel(emulator, "iterable:events?eventName=signup&linger=1h");
            ProducerTemplate template = camel.createProducerTemplate();
            for (int i = 1; i <= 10; i++) {
                template.sendBody("seda:in", Map.of("email", "user" + i + "@example.com", "plan", "pro"));
            }
            assertEquals(0, emulator.events().size(), "an hour's linger holds the request");
            camel.stop();
            // the stop woke the run loop (it slept until the linger's end before, so Camel's shutdown timed out and
            // its forced stop failed the exchanges)
            assertFalse(camel.getShutdownStrategy().isTimeoutOccurred(), "the stop waited for no timeout");
            assertEquals(10, emulator.events().size(), "drained, not dropped");
            assertEquals(10, reports.size(), "every exchange completed with its report");
            assertEquals(10, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
        }
    }

    @Test
    void usersWaitingForTheLingerTimeAreSentAtOnceWhenTheContextStops() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = camel(emulator, "iterable:users?linger=1h");
            camel.getShutdownStrategy().setTimeout(20);
            ProducerTemplate template = camel.createProducerTemplate();
            for (int i = 1; i <= 10; i++) {
                template.sendBody("seda:in", Map.of("email", "user" + i + "@example.com", "plan", "pro"));
            }
            Thread.sleep(500); // the exchanges reach the endpoint and wait for the linger time
            assertEquals(0, emulator.users().size(), "an hour's linger holds the request");
            camel.stop();
            // before, the run loop slept until the linger's end: Camel's shutdown waited its whole timeout, then its
            // forced stop failed the exchanges (RejectedExecutionException)
            assertFalse(camel.getShutdownStrategy().isTimeoutOccurred(), "the stop waited for no timeout");
            assertEquals(10, emulator.users().size(), "drained, not dropped");
            assertEquals(List.of(), failures);
            assertEquals(10, reports.stream().mapToLong(SyncReport::getSucceeded).sum());
        }
    }

    @Test
    void aRecordIterableNeverAnsweredFailsItsExchangeSoThatItsSourceDeliversItAgain() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            emulator.faults(FaultPlan.builder().rate503(1.0).build());
            CamelContext camel = camel(emulator, "iterable:events?eventName=order&eventIdColumn=orderId&maxAttempts=2"
                    + "&initialBackoff=10ms");
            List<Map<String, Object>> orders = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                orders.add(Map.of("orderId", "o" + i, "email", "user" + i + "@example.com"));
            }
            sendAndWait(camel, orders);
            // before, each exchange completed with its record failed in the report: the source acknowledged it, lost
            assertEquals(List.of(), reports, "no exchange completed");
            assertEquals(5, failures.size());
            for (Exception failure : failures) {
                IterableSyncException e = assertInstanceOf(IterableSyncException.class, failure);
                assertTrue(e.getMessage().contains("Iterable did not answer for the record after all retries"), e.getMessage());
                assertEquals(1, e.getReport().getUnanswered());
            }
            emulator.faults(FaultPlan.none());
            sendAndWait(camel, orders); // the source's redelivery
            assertEquals(5, emulator.events().size());
            // the route adds its report as the exchange completes: on a busy machine the notifier can be a step ahead
            for (int i = 0; i < 200 && reports.stream().mapToLong(SyncReport::getSucceeded).sum() < 5; i++) {
                Thread.sleep(25);
            }
            assertEquals(5, reports.stream().mapToLong(SyncReport::getSucceeded).sum(), reports.toString());
            camel.stop();
        }
    }

    @Test
    void aForgetOverTheDailyCapFailsItsExchangeSoThatItsSourceDeliversItAgain() throws Exception {
        // a model's deferred rows are offered again by its next run; a stream's message completed would be
        // acknowledged by its source with the action never done
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = camel(emulator, "iterable:userActions?mode=forget&dailyActionCap=3");
            List<Map<String, Object>> requests = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                requests.add(Map.of("EMAIL", "user" + i + "@example.com"));
            }
            sendAndWait(camel, requests);
            assertEquals(3, emulator.forgotten().size());
            assertEquals(3, reports.size(), reports.toString());
            reports.forEach(report -> assertEquals(1, report.getSucceeded(), report.toString()));
            assertEquals(2, failures.size(), failures.toString());
            for (Exception failure : failures) {
                IterableSyncException e = assertInstanceOf(IterableSyncException.class, failure);
                assertTrue(e.getMessage().contains("the record was deferred by the daily cap (dailyActionCap)"),
                        e.getMessage());
                assertEquals(1, e.getReport().getDeferred());
            }
            camel.stop();
        }
    }

    @Test
    void aListNamedButMissingIsCreatedOnceByTwoHundredConcurrentExchanges() throws Exception {
        // each exchange is a run; the first runs, all at once, find no list of that name: one creates it, the others
        // use it (two lists of one name would split the members between them)
        try (IterableEmulator emulator = IterableEmulator.start()) {
            CamelContext camel = camel(emulator, "iterable:lists?listName=stream-members");
            sendAndWait(camel, users(400, "free"));
            assertEquals(List.of(), failures);
            assertEquals(1, emulator.lists().size(), "lists created: " + emulator.lists());
            assertEquals(400, emulator.listMembers(emulator.lists().get("stream-members")).size());
            camel.stop();
        }
    }
}
