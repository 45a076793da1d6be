package io.github.cameliterable.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.cameliterable.IterableSyncException;
import io.github.cameliterable.emulator.FaultPlan;
import io.github.cameliterable.emulator.IterableEmulator;
import io.github.cameliterable.support.SyncHarness;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * camel-kafka's {@code batching=true}: the body is a {@code List<Exchange>}, one exchange per polled record whose body
 * is the record's value (camel-kafka 4.22's KafkaRecordBatchingProcessor.processExchange: {@code createExchange} per
 * ConsumerRecord with the value as body and the kafka.* headers, then {@code message.setBody(exchangeList)} on a new
 * exchange). Built here as camel-kafka builds it, without a Kafka broker (its server jars would be the heaviest
 * dependency of the test classpath). Each exchange's body is one record, in every mode.
 */
class KafkaBatchingBodyTest {
    @TempDir
    Path state;

    /** The body camel-kafka hands the route for one poll: String values, as with its default StringDeserializer. */
    private static List<Exchange> poll(CamelContext camel, int from, int to, String value) {
        List<Exchange> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            Exchange record = new DefaultExchange(camel);
            record.getMessage().setBody(value.replace("#", String.valueOf(i)));
            record.getMessage().setHeader("kafka.TOPIC", "orders");
            record.getMessage().setHeader("kafka.PARTITION", 0);
            record.getMessage().setHeader("kafka.OFFSET", (long) i);
            records.add(record);
        }
        return records;
    }

    /** The same poll with byte[] values, as with camel-kafka's {@code valueDeserializer} set to ByteArrayDeserializer. */
    private static List<Exchange> bytesPoll(CamelContext camel, int from, int to, String value) {
        List<Exchange> records = poll(camel, from, to, value);
        records.forEach(r -> r.getMessage().setBody(r.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8)));
        return records;
    }

    private static final String EVENT = "{\"email\":\"user#@example.com\",\"eventId\":\"ev-#\",\"amount\":#}";
    private static final String USER = "{\"email\":\"user#@example.com\",\"plan\":\"p#\"}";

    @Test
    void sharedBatchesTakeEachExchangesBodyAsARecord() throws Exception {
        eachBodyIsAnEvent(camel -> poll(camel, 1, 50, EVENT));
    }

    @Test
    void byteArrayValuesAreRecordsToo() throws Exception {
        eachBodyIsAnEvent(camel -> bytesPoll(camel, 1, 50, EVENT));
    }

    /** The 50 records of a poll in shared batches: each an event, once. */
    private void eachBodyIsAnEvent(Function<CamelContext, List<Exchange>> poll) throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("events", "iterable:events?eventName=order&eventIdColumn=eventId&linger=20ms");
            SyncReport report = harness.sync("events", poll.apply(harness.camel()));
            assertEquals(50, report.getReceived(), report.toString());
            assertEquals(50, report.getSucceeded(), report.toString());
            assertEquals(50, emulator.events().stream().map(e -> e.get("id")).distinct().count());
        }
    }

    @Test
    void aKeysLastVersionInAPollIsTheOneThatLands() throws Exception {
        // a compacted topic's poll holds several versions of a key, oldest first: as a stream, the last one lands
        // (taken as a model, a repeated key was a duplicate and the first, oldest version won)
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?linger=20ms");
            List<Exchange> records = poll(harness.camel(), 1, 3, USER);
            records.addAll(poll(harness.camel(), 1, 1, "{\"email\":\"user#@example.com\",\"plan\":\"gold\"}"));
            records.addAll(poll(harness.camel(), 1, 1, "{\"email\":\"user#@example.com\",\"plan\":\"platinum\"}"));
            SyncReport report = harness.sync("users", records);
            assertEquals(5, report.getReceived(), report.toString());
            assertEquals(0, report.getFailed(), report.toString());
            assertEquals("platinum", ((java.util.Map<?, ?>) emulator.user("user1@example.com")
                    .orElseThrow()
                    .get("dataFields")).get("plan"));
            assertEquals("p2", ((java.util.Map<?, ?>) emulator.user("user2@example.com")
                    .orElseThrow()
                    .get("dataFields")).get("plan"));
            // the same poll again (camel-kafka redelivers what it did not commit): nothing changed, nothing sent
            List<Exchange> again = poll(harness.camel(), 1, 3, USER);
            again.addAll(poll(harness.camel(), 1, 1, "{\"email\":\"user#@example.com\",\"plan\":\"platinum\"}"));
            SyncReport second = harness.sync("users", again);
            assertEquals(0, second.getFailed(), second.toString());
            assertEquals("platinum", ((java.util.Map<?, ?>) emulator.user("user1@example.com")
                    .orElseThrow()
                    .get("dataFields")).get("plan"));
        }
    }

    @Test
    void aTombstonesEmptyBodyIsSaidInTheReport() throws Exception {
        // camel-kafka without batching hands a compacted topic's tombstone as an exchange whose body is null
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users");
            SyncReport report = harness.sync("users", null);
            assertEquals(0, report.getReceived(), report.toString());
            assertTrue(report.toString().contains("the exchange's body was empty (null): nothing to sync"), report.toString());
        }
    }

    @Test
    void theDurableIntakeQueuesEachExchangesBodyAsARecord() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start()) {
            try (SyncHarness harness = new SyncHarness(emulator, state, null)) {
                harness.route("events", "iterable:events?eventName=order&eventIdColumn=eventId&durableIntake=true&linger=1h");
                SyncReport report = harness.sync("events", poll(harness.camel(), 1, 50, EVENT));
                assertEquals(50, report.getQueued(), report.toString());
            }
            // the context's stop drained the queue
            assertEquals(50, emulator.events().size());
            assertEquals(50, emulator.events().stream().map(e -> e.get("id")).distinct().count());
        }
    }

    @Test
    void aPollIterableNeverAnsweredFailsItsExchangeSoThatKafkaDoesNotCommitIt() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("events", "iterable:events?eventName=order&eventIdColumn=eventId&maxAttempts=2&initialBackoff=10ms");
            emulator.faults(FaultPlan.builder().rate503(1.0).build());
            CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                    () -> harness.sync("events", poll(harness.camel(), 1, 50, EVENT)));
            IterableSyncException cause = assertInstanceOf(IterableSyncException.class, failed.getCause());
            assertTrue(cause.getMessage().contains("Iterable did not answer for 50 records after all retries"),
                    cause.getMessage());
            emulator.faults(FaultPlan.none());
            // the poll again, as camel-kafka redelivers an uncommitted one
            assertEquals(50, harness.sync("events", poll(harness.camel(), 1, 50, EVENT)).getSucceeded());
            assertEquals(50, emulator.events().size());
        }
    }

    @Test
    void aSnapshotTakesThePollAsTheWholeModel() throws Exception {
        try (IterableEmulator emulator = IterableEmulator.start();
                SyncHarness harness = new SyncHarness(emulator, state, null)) {
            harness.route("users", "iterable:users?snapshot=true&deleteBehavior=delete&maxRemovalPercent=100");
            SyncReport first = harness.sync("users", poll(harness.camel(), 1, 40, USER));
            assertEquals(40, first.getNew(), first.toString());
            assertEquals(40, emulator.users().size());
            // the next poll holds 30 of them: the 10 others are removed, as from any model
            SyncReport second = harness.sync("users", poll(harness.camel(), 1, 30, USER));
            assertEquals(30, second.getUnchanged(), second.toString());
            assertEquals(10, second.getRemoved(), second.toString());
        }
    }
}
