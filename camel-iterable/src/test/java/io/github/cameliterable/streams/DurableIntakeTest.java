package io.github.cameliterable.streams;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.emulator.RecordedRequest;
import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable intake: an exchange completes once its record is queued; the queue is sent in the background in
 * shared batches, survives a restart, and keeps the records Iterable refuses with their reasons.
 */
class DurableIntakeTest {
    @TempDir
    Path state;

    private static Map<String, Object> event(int i) {
        return Map.of("email", "user" + i + "@example.com", "eventId", "ev-" + i, "amount", i);
    }

    @Test
    void embeddedQueueIsSentInSharedBatchesAndDrainedOnStop() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            runQueue(emulator, new SyncHarness(emulator, state, null));
        }
    }

    @Test
    void postgresQueueIsSentInSharedBatchesAndDrainedOnStop() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        PostgresState.dropTables(ds);
        try (IterableEmulator emulator = IterableEmulator.start()) {
            runQueue(emulator, new SyncHarness(emulator, state, ds));
        }
    }

    private void runQueue(IterableEmulator emulator, SyncHarness harness) throws Exception {
        String uri = "iterable:events?eventName=order&eventIdColumn=eventId&durableIntake=true&linger=1h";
        try (harness) {
            harness.route("events", uri);
            // an hour's linger: nothing leaves before the context stops, yet every exchange has completed
            for (int i = 1; i <= 300; i++) {
                SyncReport report = harness.sync("events", event(i));
                assertEquals(1, report.getQueued(), report.toString());
                assertEquals(0, report.getSent(), report.toString());
            }
            SyncReport invalid = harness.sync("events", Map.of("email", "not an email", "eventId", "ev-bad"));
            assertEquals(0, invalid.getQueued(), "an invalid record fails in its exchange and is never queued");
            assertEquals(1, invalid.getFailed(), invalid.toString());
            assertEquals(0, emulator.events().size());
            // records queued after the sender stopped claiming wait in the queue for the next start
            harness.restart();
        }
        // stopping drains what waits: the queue's records leave in shared batches, not one request each
        assertEquals(300, emulator.events().size());
        long requests = emulator.requestCount("/api/events/trackBulk");
        assertTrue(requests <= 3, requests + " requests");
        assertEquals(300, emulator.events().stream().map(e -> e.get("id")).distinct().count(), "each event once");
    }

    @Test
    // a liveness guard, not a speed goal: callers held by a sender that cannot send would take minutes, not seconds
    @org.junit.jupiter.api.Timeout(120)
    void whileIterableDoesNotAnswerEveryMessageIsAcceptedAndQueuedThenSentInFullRequests() throws Exception {
        // more messages than the sender keeps in memory (32,000) and claims together (its requests' worth, about
        // 150,000 such events): callers are never held back by a sender whose requests hang (they wait for the
        // sender only while it claims at its pace)
        int threads = 8;
        int each = 30_000;
        try (IterableEmulator emulator = IterableEmulator.start();
                java.net.ServerSocket silent = new java.net.ServerSocket(0, 1000, java.net.InetAddress.getLoopbackAddress());
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            String uri = "iterable:events?eventName=order&eventIdColumn=eventId&durableIntake=true";
            harness.route("events", uri + "&maxAttempts=1&baseUri=http://127.0.0.1:" + silent.getLocalPort()).camel();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertEquals(1, harness.sync("events", List.of(event(thread * each + i))).getQueued());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            silent.close(); // the requests in flight fail now: the stop does not wait for their timeout
            assertEquals(0, emulator.events().size(), "nothing reached Iterable");

            // Iterable answers again (a restart): the backlog leaves, each event once, in full requests only (a
            // request past its linger time goes on filling while the queue holds more, instead of spending one of
            // the rate limit's requests on part of it). The records of the requests that got no answer stayed
            // queued.
            harness.route("events", uri);
            DevConsole console = PluginHelper.getDevConsoleResolver(harness.camel()).resolveDevConsole("iterable");
            java.util.regex.Pattern counts = java.util.regex.Pattern.compile("durable intake: 0 queued, (\\d+) failed");
            java.util.regex.Matcher drained = counts.matcher("");
            for (int i = 0; i < 600 && !drained.find(); i++) {
                Thread.sleep(100);
                drained = counts.matcher(String.valueOf(console.call(DevConsole.MediaType.TEXT)));
            }
            assertEquals("0", drained.group(1), "a request without an answer fails none of its records");
            assertEquals(threads * each, emulator.events().size());
            assertEquals(emulator.events().size(), emulator.events().stream().map(e -> e.get("id")).distinct().count(),
                    "each event once");
            List<Integer> sizes = emulator.requests()
                    .stream()
                    .filter(r -> r.path().equals("/api/events/trackBulk") && r.status() == 200)
                    .map(RecordedRequest::bodyBytes)
                    .toList();
            long bytes = sizes.stream().mapToLong(Integer::longValue).sum();
            long full = 4L * 1024 * 1024 - 64 * 1024;
            assertTrue(sizes.size() <= bytes / full + 2, sizes.size() + " requests for " + bytes + " bytes: " + sizes);
        }
    }

    private static final String EVENTS = "iterable:events?eventName=order&eventIdColumn=eventId&durableIntake=true"
            + "&maxAttempts=2&linger=20ms";

    @Test
    void embeddedQueueKeepsWhatIterableDidNotAnswerAndSendsItOnceItAnswers() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            outage(emulator, new SyncHarness(emulator, state, null), EVENTS, "/api/events/trackBulk",
                    DurableIntakeTest::event, emulator::events);
        }
    }

    @Test
    void postgresQueueKeepsWhatIterableDidNotAnswerAndSendsItOnceItAnswers() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        PostgresState.dropTables(ds);
        try (IterableEmulator emulator = IterableEmulator.start()) {
            outage(emulator, new SyncHarness(emulator, state, ds), EVENTS, "/api/events/trackBulk",
                    DurableIntakeTest::event, emulator::events);
        }
    }

    @Test
    void aStopDuringAnOutageReleasesItsClaimsSoThatTheNextStartSendsAtOnce() throws Exception {
        // the unanswered records stayed claimed after a clean stop: the next start waited for the claims to expire
        DataSource ds = PostgresState.dataSourceOrSkip();
        PostgresState.dropTables(ds);
        try (IterableEmulator emulator = IterableEmulator.start()) {
            emulator.faults(FaultPlan.builder().endpoint("/api/events/trackBulk", new FaultPlan.Rates(0, 0, 1, 0)).build());
            try (SyncHarness harness = new SyncHarness(emulator, state, ds)) {
                harness.route("intake", EVENTS);
                for (int i = 1; i <= 20; i++) {
                    assertEquals(1, harness.sync("intake", event(i)).getQueued());
                }
                for (int i = 0; i < 400 && unanswered(emulator, "/api/events/trackBulk") < 2; i++) {
                    Thread.sleep(25); // both tries of the first request answered 503
                }
                Thread.sleep(200); // its run settled: the records are kept claimed, to be claimed again after a pause
            }
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FILTER (WHERE claimed), COUNT(*) FROM iterable_intake")) {
                rs.next();
                assertEquals(20, rs.getLong(2), "every record stays queued");
                assertEquals(0, rs.getLong(1), "none is left claimed by the JVM that stopped");
            }
            emulator.faults(FaultPlan.none());
            try (SyncHarness harness = new SyncHarness(emulator, state, ds)) {
                harness.route("intake", EVENTS);
                harness.camel();
                for (int i = 0; i < 200 && emulator.events().size() < 20; i++) {
                    Thread.sleep(50);
                }
                assertEquals(20, emulator.events().size(), "sent within 10 s of the start, not after the claims expired");
            }
        }
    }

    @Test
    void aPurchaseIterableDidNotAnswerStaysQueuedAndIsSentOnceItAnswers() throws Exception {
        // one call a record (trackPurchase): the same rule as the bulk requests
        try (IterableEmulator emulator = IterableEmulator.start()) {
            outage(emulator, new SyncHarness(emulator, state, null), "iterable:events?eventType=purchase"
                    + "&eventIdColumn=order&primaryKey=order&durableIntake=true&maxAttempts=2",
                    "/api/commerce/trackPurchase", i -> Map.of("order", "p-" + i, "email", "user" + i + "@example.com",
                            "items", List.of(Map.of("id", "sku-1", "name", "Mug", "price", 2, "quantity", 1)), "total", 2),
                    emulator::purchases);
        }
    }

    /**
     * An outage longer than the retries: the records are not failed but stay queued, and leave once Iterable answers,
     * each once.
     */
    private void outage(IterableEmulator emulator, SyncHarness harness, String uri, String path,
            java.util.function.IntFunction<Object> record, java.util.function.Supplier<List<Map<String, Object>>> landed)
            throws Exception {
        int records = 50;
        try (harness) {
            emulator.faults(FaultPlan.builder().endpoint(path, new FaultPlan.Rates(0, 0, 1, 0)).build());
            harness.route("intake", uri);
            DevConsole console = PluginHelper.getDevConsoleResolver(harness.camel()).resolveDevConsole("iterable");
            for (int i = 1; i <= records; i++) {
                assertEquals(1, harness.sync("intake", record.apply(i)).getQueued());
            }
            // every try answered 503; once the first round's tries stop (its runs settled), the records are claimed
            // again after the pause, and tried again
            long firstRound = 0;
            for (int i = 0, still = 0; i < 400 && still < 20; i++) {
                Thread.sleep(50);
                long tries = unanswered(emulator, path);
                still = tries > 0 && tries == firstRound ? still + 1 : 0;
                firstRound = tries;
            }
            for (int i = 0; i < 400 && unanswered(emulator, path) == firstRound; i++) {
                Thread.sleep(50);
            }
            assertTrue(firstRound > 0 && unanswered(emulator, path) > firstRound, "tried again after " + firstRound);
            String text = String.valueOf(console.call(DevConsole.MediaType.TEXT));
            assertTrue(text.contains("durable intake: " + records + " queued, 0 failed"), text);
            // the chunks' reports (the metrics, the console's last report) count them queued, not failed
            SyncReport last = harness.camel()
                    .getEndpoints()
                    .stream()
                    .filter(IterableEndpoint.class::isInstance)
                    .map(e -> ((IterableEndpoint) e).getLastReport())
                    .filter(r -> r != null)
                    .findFirst()
                    .orElseThrow();
            assertEquals(0, last.getFailed(), last.toString());
            assertTrue(last.getQueued() > 0 && last.getFailures().isEmpty(), last.toString());

            emulator.faults(FaultPlan.none());
            for (int i = 0; i < 400 && landed.get().size() < records; i++) {
                Thread.sleep(50);
            }
            assertEquals(records, landed.get().size());
            assertEquals(records, landed.get().stream().map(e -> e.get("id")).distinct().count(), "each once");
            for (int i = 0; i < 100 && !text.contains("durable intake: 0 queued, 0 failed"); i++) {
                Thread.sleep(50);
                text = String.valueOf(console.call(DevConsole.MediaType.TEXT));
            }
            assertTrue(text.contains("durable intake: 0 queued, 0 failed"), text);
        }
    }

    private static long unanswered(IterableEmulator emulator, String path) {
        return emulator.requests().stream().filter(r -> r.path().equals(path) && r.status() == 503).count();
    }

    @Test
    void aRouteStoppedAndStartedAgainWhileTheStoreStaysOpenSendsEachRecordOnce() throws Exception {
        // the route, not the context: the state store (and the intake's ring, with its records claimed and not yet
        // settled) stays open across the stop and the start
        try (IterableEmulator emulator = IterableEmulator.start()) {
            try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
                // no eventIdColumn: the emulator would merge an event sent twice under its id, hiding a duplicate
                harness.route("events", "iterable:events?eventName=order&durableIntake=true&linger=20ms");
                CamelContext camel = harness.camel();
                for (int round = 0; round < 3; round++) {
                    for (int i = 1; i <= 200; i++) {
                        assertEquals(1, harness.sync("events", event(round * 200 + i)).getQueued());
                    }
                    camel.getRouteController().stopRoute("events");
                    camel.getRouteController().startRoute("events");
                }
                for (int i = 0; i < 300 && emulator.events().size() < 600; i++) {
                    Thread.sleep(100);
                }
            }
            assertEquals(600, emulator.events().size(), "each event once");
            assertEquals(600, emulator.events()
                    .stream()
                    .map(e -> ((Map<?, ?>) e.get("dataFields")).get("eventId"))
                    .distinct()
                    .count(), "every event");
        }
    }

    @Test
    void concurrentCallersAreWrittenInGroupsAndEachRecordIsSentOnceAsItsCallerGaveIt() throws Exception {
        // callers' adds are grouped into one write, and each caller keeps its records in memory under the ids the
        // group gave them: a caller given another's ids would send some records twice and others never. No
        // eventIdColumn: the emulator would merge an event sent twice under its id, hiding a duplicate. A caller's
        // events are one user's, as a partition's messages often are: each is its own event (keyed by content).
        concurrentCallers("iterable:events?eventName=order&durableIntake=true&linger=20ms");
    }

    @Test
    void concurrentCallersWhoseAcceptsSyncTheDiskAreEachSentOnce() throws Exception {
        // durableIntakeFsync=true: the embedded queue's accepts go to RocksDB (synced), not to the ring, and the
        // sender claims them from there
        concurrentCallers("iterable:events?eventName=order&durableIntake=true&durableIntakeFsync=true&linger=20ms");
    }

    private void concurrentCallers(String uri) throws Exception {
        int threads = 16;
        int bodies = 150;
        try (IterableEmulator emulator = IterableEmulator.start()) {
            try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
                harness.route("events", uri).camel();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int b = 0; b < bodies; b++) {
                            List<Map<String, Object>> body = new ArrayList<>();
                            for (int r = 0; r <= b % 3; r++) { // 1, 2 or 3 records a body: groups of uneven parts
                                String n = thread + "-" + b + "-" + r;
                                body.add(Map.of("email", "u" + thread + "@example.com", "n", n, "check", n.hashCode()));
                            }
                            assertEquals(body.size(), harness.sync("events", body).getQueued());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }
            int expected = threads * (bodies / 3 * 6);
            List<Map<?, ?>> fields = emulator.events().stream().<Map<?, ?>> map(e -> (Map<?, ?>) e.get("dataFields")).toList();
            assertEquals(expected, fields.stream().map(f -> f.get("n")).distinct().count(),
                    "every record");
            assertEquals(expected, fields.size(), "each record once");
            for (Map<?, ?> f : fields) {
                assertEquals(f.get("n").hashCode(), ((Number) f.get("check")).intValue(), "a record as its caller gave it");
            }
        }
    }

    @Test
    void twoContextsDrainOnePostgresQueueAndSendEachRecordOnce() throws Exception {
        DataSource ds = PostgresState.dataSourceOrSkip();
        PostgresState.dropTables(ds);
        // no eventIdColumn: Iterable (and the emulator) would update an event sent twice under its id, hiding a
        // duplicate; without one, a record sent twice is two events
        String uri = "iterable:events?eventName=order&durableIntake=true&syncId=one-queue";
        try (IterableEmulator emulator = IterableEmulator.start()) {
            // the first context claims what it queued and holds it in its batches (an hour's linger) ...
            try (SyncHarness first = new SyncHarness(emulator, state.resolve("a"), ds)) {
                first.route("events", uri + "&linger=1h");
                for (int i = 1; i <= 100; i++) {
                    first.sync("events", event(i));
                }
                for (int i = 0; i < 300 && unclaimed(ds) > 0; i++) {
                    Thread.sleep(100);
                }
                assertEquals(0, unclaimed(ds), "the first context claimed its records");
                // ... while a second context starts on the same queue and both take messages: the second must not
                // take the first one's claims (on main it released them when it started, and sent them again)
                try (SyncHarness second = new SyncHarness(emulator, state.resolve("b"), ds)) {
                    second.route("events", uri + "&linger=20ms");
                    for (int i = 101; i <= 200; i++) {
                        (i % 2 == 0 ? first : second).sync("events", event(i));
                    }
                }
            }
            // both stopped, each draining what it held
            assertEquals(200, emulator.events()
                    .stream()
                    .map(e -> ((Map<?, ?>) e.get("dataFields")).get("eventId"))
                    .distinct()
                    .count(), "every event");
            assertEquals(200, emulator.events().size(), "each event once");
            assertEquals(0, count(ds, "SELECT COUNT(*) FROM iterable_intake"), "the queue is empty");
        }
    }

    private static long unclaimed(DataSource ds) throws Exception {
        return count(ds, "SELECT COUNT(*) FROM iterable_intake WHERE claimed = FALSE");
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void refusedRecordsAreKeptWithTheirReasonsAndShownByTheDevConsole() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?durableIntake=true&linger=50ms");
            CamelContext camel = harness.camel();
            harness.sync("users", Map.of("email", "ann@example.com", "plan", "pro"));
            for (int i = 0; i < 300 && emulator.users().isEmpty(); i++) {
                Thread.sleep(100);
            }
            // plan is a string in Iterable now: Iterable refuses an object (RequestFieldsTypesMismatched)
            harness.sync("users", Map.of("email", "bob@example.com", "plan", Map.of("tier", "gold")));
            harness.sync("users", Map.of("email", "cy@example.com", "plan", "free"));
            DevConsole console = PluginHelper.getDevConsoleResolver(camel).resolveDevConsole("iterable");
            String text = "";
            for (int i = 0; i < 300 && !text.contains("durable intake: 0 queued, 1 failed"); i++) {
                Thread.sleep(100);
                text = String.valueOf(console.call(DevConsole.MediaType.TEXT));
            }
            assertEquals(List.of("ann@example.com", "cy@example.com"),
                    emulator.users().stream().map(u -> (String) u.get("email")).sorted().toList());
            assertTrue(text.contains("durable intake: 0 queued, 1 failed"), text);
            assertTrue(
                    text.contains("failed record (primary key 'bob@example.com'): the value {\"tier\":\"gold\"} does not fit"),
                    text);
        }
    }
}
