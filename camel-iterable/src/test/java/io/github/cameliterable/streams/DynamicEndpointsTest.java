package io.github.cameliterable.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.IterableEndpoint;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records routed to endpoints by {@code toD}: the first messages of a URI reach it on several threads at once, and
 * Camel's cache of a {@code toD} stops the endpoints it evicts while other exchanges complete.
 */
class DynamicEndpointsTest {
    @TempDir
    Path directory;

    @Test
    void aUriFirstResolvedByEightThreadsAtOnceIsOneEndpoint() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.builder().rateLimits(false).start();
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            CamelContext camel = toD(harness, "iterable:lists?listName=${header.list}", 0);
            // 8 consecutive messages a list: each list's first 8 reach its URI together
            List<CompletableFuture<Object>> sent = send(camel.createProducerTemplate(), 400, i -> "L" + i / 8);
            List<String> failures = failures(sent);
            // 205 of 400 failed before ("The syncId ... is already used by" the same URI); then 4 to 16, while an
            // endpoint created and not started yet looked stopped (Camel's isStoppingOrStopped) to a second thread
            assertEquals(List.of(), failures);
            long members = emulator.lists().values().stream().mapToLong(id -> emulator.listMembers(id).size()).sum();
            assertEquals(400, members);
            assertEquals(50, camel.getEndpoints().stream().filter(IterableEndpoint.class::isInstance).count());
        }
    }

    @Test
    void endpointsEvictedFromATodsCacheStopWithoutStallingTheRoute() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.builder().rateLimits(false).start();
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            CamelContext camel = toD(harness, "iterable:events?eventName=${header.list}", 3);
            // 12 names through a cache of 3: an endpoint is evicted (stopped) while exchanges complete on it
            List<CompletableFuture<Object>> sent = send(camel.createProducerTemplate(), 240, i -> "E" + i % 12);
            List<String> failures = failures(sent);
            // every exchange completes within the wait (before, an eviction's stop waited for the completion that
            // evicted it: 565 s for this test); a message that reaches an endpoint Camel has just evicted is refused
            // ("is stopped"), Camel's eviction of a prototype endpoint, which a larger cache avoids; Camel's own cache
            // may refuse it first, in its words, when the producer it handed out was stopped meanwhile (1 run in 6 of
            // 2026-12-04's CI)
            assertTrue(failures.stream()
                    .allMatch(f -> f.contains("The iterable endpoint is stop")
                            || f.contains("No producer, this processor has not been started: ProducerCache")),
                    failures.stream().distinct().toList().toString());
            assertEquals(240 - failures.size(), emulator.events().size());
        }
    }

    @Test
    void theEndpointsOfAToDShareOneHttpClient() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.builder().rateLimits(false).start();
                SyncHarness harness = new SyncHarness(emulator, directory, null)) {
            Set<Thread> before = httpClientThreads();
            CamelContext camel = toD(harness, "iterable:events?eventName=${header.list}", 0);
            List<CompletableFuture<Object>> sent = send(camel.createProducerTemplate(), 100, i -> "E" + i);
            assertEquals(List.of(), failures(sent));
            assertEquals(100, emulator.events().size());
            assertEquals(100, camel.getEndpoints().stream().filter(IterableEndpoint.class::isInstance).count());
            // one HttpClient per endpoint held a selector thread and its workers each until the JVM collected it: 308
            // threads for these 100 endpoints before. One client now, whose workers (a cached pool, as the JDK's own)
            // follow the answers handled at once, not the endpoints: 12 to 15 in runs of this test
            Set<Thread> added = httpClientThreads();
            added.removeAll(before);
            List<String> names = added.stream().map(Thread::getName).sorted().toList();
            assertEquals(1, names.stream().filter(name -> name.endsWith("-SelectorManager")).count(), names.toString());
            assertTrue(added.size() <= 30, added.size() + " threads: " + names);
        }
    }

    /** The live threads of java.net.http clients: the JDK's own (HttpClient-N-...) and the component's executors. */
    private static Set<Thread> httpClientThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()
                    && (thread.getName().startsWith("HttpClient-") || thread.getName().startsWith("IterableHttp-"))) {
                threads.add(thread);
            }
        }
        return threads;
    }

    /**
     * A route from {@code seda:in} (8 consumers) to {@code uri} by {@code toD}, with Camel's cache or one of
     * {@code cacheSize}.
     */
    private static CamelContext toD(SyncHarness harness, String uri, int cacheSize) throws Exception {
        CamelContext camel = harness.camel();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (cacheSize == 0) {
                    from("seda:in?concurrentConsumers=8&size=10000").toD(uri);
                } else {
                    from("seda:in?concurrentConsumers=8&size=10000").toD(uri, cacheSize);
                }
            }
        });
        return camel;
    }

    private static List<CompletableFuture<Object>> send(ProducerTemplate template, int count,
            java.util.function.IntFunction<String> header) {
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(template.asyncRequestBodyAndHeader("seda:in", Map.of("email", "s" + i + "@example.com", "plan", "p"),
                    "list", header.apply(i)));
        }
        return sent;
    }

    /** The messages of the exchanges that failed (their causes'). */
    private static List<String> failures(List<CompletableFuture<Object>> sent) throws Exception {
        Map<Integer, String> failed = new ConcurrentHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(60, TimeUnit.SECONDS); // a TimeoutException fails the test: a stalled route
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                failed.put(i, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
        return new ArrayList<>(failed.values());
    }
}
