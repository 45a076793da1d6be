package io.github.cameliterable.streams;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream's updates of one record, in the order the source gave them, land in that order: the durable intake claims
 * them into several requests, and a request holding a user whose earlier version is still in flight (answered 429,
 * retried) waits for it. Without that, the older version landed last in a few users of 300 in every round.
 */
class KeyOrderTest {
    @TempDir
    Path state;

    @Test
    void theLastVersionOfEachUserLandsLastThoughRequestsAreRetried() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            emulator.faults(FaultPlan.builder().seed(7).rate429(0.3).build());
            harness.route("users", "iterable:users?durableIntake=true&linger=5ms");
            for (int round = 0; round < 3; round++) {
                // three versions of each user, one message each, as a partition of a topic hands them over
                for (int i = 0; i < 300; i++) {
                    for (int v = 1; v <= 3; v++) {
                        harness.sync("users", Map.of("email", "user" + i + "@example.com", "version", round * 10 + v));
                    }
                }
                String last = String.valueOf(round * 10 + 3);
                for (int wait = 0; wait < 1_000 && !allAt(emulator, last); wait++) {
                    Thread.sleep(10);
                }
                assertEquals(Map.of(last, 300L), versions(emulator), "round " + round + ": the users' versions");
            }
        }
    }

    /**
     * A version that goes back to an earlier one ({@code pro}, {@code free}, {@code pro}) is sent, though it equals
     * what the state acknowledged or the chunk's first record: before, it was counted unchanged or a duplicate and
     * Iterable kept {@code free} (97 to 99 users of 100). Messages of one SEDA consumer, in order, the defaults.
     */
    @Test
    void aVersionBackToAnEarlierOneLandsLast() throws Exception {
        for (String uri : new String[]{"iterable:users", "iterable:users?durableIntake=true&syncId=durable-users"}) {
            try (IterableEmulator emulator = IterableEmulator.start();
                    SyncHarness harness = new SyncHarness(emulator, state.resolve(uri.length() + ""), null)) {
                harness.route("users", uri);
                CamelContext camel = harness.camel();
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("seda:in").routeId("in").to("direct:users");
                    }
                });
                // half the users have "pro" acknowledged before: their last "pro" equals the state's hash
                for (int i = 0; i < 100; i += 2) {
                    harness.sync("users", Map.of("email", "user" + i + "@example.com", "version", "pro"));
                }
                NotifyBuilder done = new NotifyBuilder(camel).fromRoute("in").whenDone(300).create();
                ProducerTemplate template = camel.createProducerTemplate();
                for (int i = 0; i < 100; i++) {
                    for (String version : new String[]{"pro", "free", "pro"}) {
                        template.sendBody("seda:in", Map.of("email", "user" + i + "@example.com", "version", version));
                    }
                }
                assertTrue(done.matches(60, TimeUnit.SECONDS), "the exchanges completed");
                for (int wait = 0; wait < 1_000 && !versions(emulator).equals(Map.of("pro", 100L)); wait++) {
                    Thread.sleep(10);
                }
                assertEquals(Map.of("pro", 100L), versions(emulator), uri + ": the users' last versions");
            }
        }
    }

    private static Map<String, Long> versions(IterableEmulator emulator) {
        return emulator.users()
                .stream()
                .collect(Collectors.groupingBy(user -> String.valueOf(((Map<?, ?>) user.get("dataFields")).get("version")),
                        Collectors.counting()));
    }

    private static boolean allAt(IterableEmulator emulator, String version) {
        return versions(emulator).equals(Map.of(version, 300L));
    }
}
