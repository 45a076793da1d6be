package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Scenario 7: a Kafka topic of single-record messages (JSON text, as a producer writes them) consumed by camel-kafka,
 * users and events, into LimitsStub (Iterable's rate limits and 4 MB enforced). The broker runs in this JVM
 * (KafkaClusterTestKit, one combined broker and controller, KRaft), on the same 2 cores: the topic is filled before
 * the clock starts, and each mode reads it from the start with its own consumer group. Modes, each the route of
 * docs/streams.md:
 * <ul>
 * <li>{@code durable}: camel-kafka's default consumer (one message an exchange, the offset committed after it) with
 * {@code consumersCount} consumers, and the durable intake;</li>
 * <li>{@code batching}: {@code batching=true} (a poll's records in one exchange), shared batches;</li>
 * <li>{@code batching-durable}: {@code batching=true} and the durable intake.</li>
 * </ul>
 * Records/s is delivered records over the time from the route's start until the stub counted every record of the
 * topic; "again" counts records delivered twice.
 * Change detection is off, as in scenario 6, so that the stream path itself is measured.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples -Pkafka compile exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.KafkaStreamBench [-Drows=1000000 -Dpartitions=8]
 *   [-Dmodes=durable,batching,batching-durable -DconsumersCount=8 -DmaxPollRecords=5000 -Dtypes=users,events]
 * </pre>
 */
public final class KafkaStreamBench {
    private KafkaStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        int partitions = (int) Bench.longProperty("partitions", 8);
        int consumers = (int) Bench.longProperty("consumersCount", partitions);
        int maxPoll = (int) Bench.longProperty("maxPollRecords", 5000);
        List<String> modes = List.of(System.getProperty("modes", "durable,batching,batching-durable").split(","));
        List<String> typeNames = List.of(System.getProperty("types", "users,events").split(","));
        Bench.machine("Scenario 7: " + Bench.n(rows) + " single-record Kafka messages (" + partitions
                + " partitions), camel-kafka into Iterable");
        Path kafkaDir = Bench.tempDirectory("kafka-bench");
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(kafkaDir).build())
                .setConfigProp("num.partitions", partitions)
                .setConfigProp("offsets.topic.replication.factor", (short) 1)
                // consumers start at once (a production broker waits 3 s for more members before the first assignment)
                .setConfigProp("group.initial.rebalance.delay.ms", 0)
                .build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            String brokers = kafka.bootstrapServers();
            List<StreamType> chosen = StreamType.ALL.stream().filter(t -> typeNames.contains(t.name())).toList();
            for (StreamType type : chosen) {
                produce(kafka, brokers, "bench-" + type.name(), partitions, rows, type.row());
            }
            System.out.printf("%-8s %-44s %10s %9s %8s %12s %8s %6s %8s%n", "type", "mode", "records", "seconds",
                    "requests", "records/s", "ceiling", "429s", "again");
            for (StreamType type : chosen) {
                for (String mode : modes) {
                    run(type, mode, brokers, "bench-" + type.name(), rows, consumers, maxPoll);
                }
            }
        } finally {
            Bench.deleteRecursively(kafkaDir);
        }
        System.exit(0);
    }

    /** Fills the topic with one JSON object a message, keyed by the record's email. */
    private static void produce(KafkaClusterTestKit kafka, String brokers, String topic, int partitions, long rows,
            LongFunction<Map<String, Object>> row) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // a retried batch must not wedge the fill (the idempotent producer's sequence checks did once, on a busy
        // machine): the records carry their own ids, and the runs count records, not offsets
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (long i = 0; i < rows; i++) {
                Map<String, Object> record = row.apply(i);
                producer.send(new ProducerRecord<>(topic, String.valueOf(record.get("email")),
                        json.writeValueAsString(record)));
            }
            producer.flush();
        }
        System.out.printf("%-8s   (topic %s: %s messages produced in %.1f s, before the clock)%n", "", topic,
                Bench.n(rows), Bench.seconds(System.nanoTime() - start));
    }

    private static void run(StreamType type, String mode, String brokers, String topic, long rows, int consumers,
            int maxPoll) throws Exception {
        boolean batching = mode.startsWith("batching");
        boolean durable = mode.endsWith("durable");
        String from = "kafka:" + topic + "?brokers=" + brokers + "&groupId=bench-" + mode + "&autoOffsetReset=earliest"
                + (batching ? "&batching=true&maxPollRecords=" + maxPoll + "&pollTimeoutMs=1000" : "")
                + "&consumersCount=" + consumers;
        String to = type.uri() + "&syncId=" + mode + (durable ? "&durableIntake=true" : "");
        try (LimitsStub stub = new LimitsStub(true)) {
            Path state = Bench.tempDirectory("kafka-bench-state");
            CamelContext camel = Bench.camel(stub.baseUri(), "bench-api-key", state, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:warm").to(type.uri() + "&syncId=warm");
                    from(from).routeId("stream").autoStartup(false).to(to);
                }
            });
            try {
                // the bytes of one record as sent, from a model run, for the ceiling (and a warmed JIT)
                SyncReport warm = Bench.sync(camel, "warm", Bench.rows(20_000, i -> false, type.row()));
                long ceiling = type.ceiling(warm);
                Thread.sleep(1500);
                stub.reset();
                long start = System.nanoTime();
                camel.getRouteController().startRoute("stream");
                long deadline = start + TimeUnit.MINUTES.toNanos(10);
                while (stub.records(type.bulkPath()) < rows) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(type.name() + ", " + mode + ": " + stub.records(type.bulkPath())
                                + " of " + rows + " records arrived in 10 minutes");
                    }
                    Thread.sleep(20);
                }
                double seconds = Bench.seconds(System.nanoTime() - start);
                long records = stub.records(type.bulkPath());
                double rate = records / seconds;
                String label = (batching ? "batching=true" : "one message an exchange") + (durable ? ", durable" : ", shared")
                        + (batching ? "" : ", " + consumers + " consumers");
                // again: records delivered twice (a consumer group's rebalance hands a partition over from its last
                // committed offset: Kafka's at-least-once; change detection, off here, would send them once)
                System.out.printf("%-8s %-44s %10s %9.1f %8d %12s %8s %6d %8s%n", type.name(), label, Bench.n(records),
                        seconds, stub.requests(type.bulkPath()), Bench.n(rate), Bench.pct(rate / ceiling), stub.count429(),
                        Bench.n(records - rows));
            } finally {
                camel.close();
                Bench.deleteRecursively(state);
            }
        }
    }
}
