package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Scenario 6: a stream of single-record messages, users and events, into LimitsStub (Iterable's rate limits and 4 MB
 * enforced), in the two stream modes of docs/streams.md:
 * <ul>
 * <li>shared batches: {@code seda} with {@code consumers} concurrent consumers, each exchange waiting for Iterable's
 * answer to its own record;</li>
 * <li>durable intake: {@code producers} threads sending synchronously, each message completing once queued in the
 * embedded state store; the run loop sends the queue in the background.</li>
 * </ul>
 * Records/s is delivered records over the time from the first message until the stub counted the last record.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.StreamBench [-Drows=1000000 -Dconsumers=500 -Dproducers=8]
 *   [-Dmodes=shared,durable -Dtypes=users,events -Dwarmup=1000000 -Dfsync=true -Dprofile=true -Dstore=postgres]
 * </pre>
 */
public final class StreamBench {
    private StreamBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        int consumers = (int) Bench.longProperty("consumers", 500);
        int producers = (int) Bench.longProperty("producers", 8);
        // messages sent through the durable intake before it is measured (0: measured in a cold JVM); a stream runs for
        // hours, so the scenario measures a JIT that has finished compiling: after 200,000 messages C2 still compiled
        // during the measured run (events at 0.65 to 0.80 of the ceiling, against 0.93 after 1,000,000)
        long warmup = Bench.longProperty("warmup", 1_000_000);
        // -Dmodes=durable for a smoke of the durable intake alone
        List<String> modes = List.of(System.getProperty("modes", "shared,durable").split(","));
        boolean postgres = "postgres".equals(System.getProperty("store"));
        Bench.machine("Scenario 6: " + Bench.n(rows) + " single-record messages, shared batches and durable intake");
        System.out.printf("%-8s %-34s %10s %9s %8s %12s %8s %6s%n", "type", "mode", "records", "seconds", "requests",
                "records/s", "ceiling", "429s");
        // -Dtypes=users for one type alone
        List<String> types = List.of(System.getProperty("types", "users,events").split(","));
        for (StreamType type : StreamType.ALL) {
            if (!types.contains(type.name())) {
                continue;
            }
            try (LimitsStub stub = new LimitsStub(true)) {
                Path state = Bench.tempDirectory("stream-bench");
                // -Dstore=postgres: the state and the durable intake in PostgreSQL (tables bench_stream_*), else embedded
                JdbcConnectionPool pool = postgres ? Bench.postgresPool("bench_stream_") : null;
                CamelContext camel = Bench.camel(stub.baseUri(), "bench-api-key", state, new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:warm").to(type.uri() + "&syncId=warm");
                        // stopped after its mode: its idle consumers would poll through the durable intake's run
                        from("seda:shared?concurrentConsumers=" + consumers + "&size=" + (4 * consumers))
                                .routeId("shared")
                                .autoStartup(modes.contains("shared"))
                                .to(type.uri() + "&syncId=shared");
                        // -Dfsync=true: each accept (group) syncs the write-ahead log to the disk
                        from("direct:durable").to(type.uri() + "&syncId=durable&durableIntake=true&durableIntakeFsync="
                                + Boolean.getBoolean("fsync"));
                        // the same route with a sync of its own, for the JIT's warm-up
                        from("direct:durable-warmup").to(type.uri() + "&syncId=durable-warmup&durableIntake=true"
                                + "&durableIntakeFsync=" + Boolean.getBoolean("fsync"));
                    }
                }, component -> {
                    if (pool != null) {
                        component.getConfiguration().setStateStore(new JdbcStateStore(pool, "bench_stream_"));
                    }
                });
                try {
                    // the bytes of one record as sent, from a model run, for the ceiling
                    SyncReport warm = Bench.sync(camel, "warm", Bench.rows(20_000, i -> false, type.row()));
                    double bytesPerRecord = type.bytesPerRecord(warm);
                    long ceiling = type.ceiling(warm);
                    Thread.sleep(1500);
                    stub.reset();

                    if (modes.contains("shared")) {
                        long start = System.nanoTime();
                        send(camel, producers, rows, i -> camel.createProducerTemplate(),
                                (template, i) -> template.sendBody("seda:shared?blockWhenFull=true", type.row().apply(i)));
                        double seconds = awaitDelivered(stub, type.bulkPath(), rows, start);
                        line(type.name(), "shared batches, " + consumers + " consumers", stub, type.bulkPath(), seconds,
                                ceiling);
                        Thread.sleep(1500);
                        stub.reset();
                        camel.getRouteController().stopRoute("shared");
                    }
                    if (!modes.contains("durable")) {
                        continue;
                    }
                    if (warmup > 0) {
                        // the JIT compiles the durable path (Camel's exchange, the intake, RocksDB's JNI) on the same two
                        // cores: a stream runs for hours, so the scenario measures after it, and says what the warm-up got
                        long warmStart = System.nanoTime();
                        send(camel, producers, warmup, i -> camel.createProducerTemplate(),
                                (template, i) -> template.requestBody("direct:durable-warmup", type.row().apply(3 * rows + i)));
                        double warmSeconds = awaitDelivered(stub, type.bulkPath(), warmup, warmStart);
                        System.out.printf("%-8s   (JIT warm-up: %s messages through the durable intake in %.1f s, %s records/s,"
                                + " %s of the ceiling)%n", "", Bench.n(warmup), warmSeconds, Bench.n(warmup / warmSeconds),
                                Bench.pct(warmup / warmSeconds / ceiling));
                        Thread.sleep(1500);
                        stub.reset();
                    }
                    long start = System.nanoTime();
                    long cpuStart = Bench.processCpuNanos();
                    double intake;
                    double seconds;
                    // -Dprofile=true: a JFR profile of the durable intake (Profile), printed after its line
                    try (Profile profile = Boolean.getBoolean("profile") ? new Profile("stream-" + type.name()) : null) {
                        send(camel, producers, rows, i -> camel.createProducerTemplate(),
                                (template, i) -> template.requestBody("direct:durable", type.row().apply(rows + i)));
                        intake = Bench.seconds(System.nanoTime() - start);
                        seconds = awaitDelivered(stub, type.bulkPath(), rows, start);
                    }
                    double cpuMicros = (Bench.processCpuNanos() - cpuStart) / 1000.0 / rows;
                    line(type.name(), "durable intake, " + producers + " sync producers", stub, type.bulkPath(), seconds,
                            ceiling);
                    // the JVM's CPU, the stub's included: on 2 cores, 0.9 of the ceiling needs 2 / (0.9 * ceiling) s a record
                    System.out.printf("%-8s   (durable intake: %s messages/s queued; %.1f us of CPU a record, the stub's"
                            + " included; ceiling %s records/s at %.0f bytes a record)%n", "", Bench.n(rows / intake),
                            cpuMicros, Bench.n(ceiling), bytesPerRecord);
                } finally {
                    camel.close();
                    Bench.deleteRecursively(state);
                    if (pool != null) {
                        pool.dispose();
                    }
                }
            }
        }
        System.exit(0);
    }

    private interface Send {
        void send(ProducerTemplate template, long i) throws Exception;
    }

    /** Sends rows 0..rows-1 from {@code threads} threads, each with its own template. */
    private static void send(CamelContext camel, int threads, long rows, LongFunction<ProducerTemplate> templates,
            Send send) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ProducerTemplate template = templates.apply(t);
            Thread worker = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < rows;) {
                    try {
                        send.send(template, i);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static double awaitDelivered(LimitsStub stub, String path, long rows, long start) throws InterruptedException {
        while (stub.records(path) < rows) {
            Thread.sleep(20);
        }
        return Bench.seconds(System.nanoTime() - start);
    }

    private static void line(String type, String mode, LimitsStub stub, String path, double seconds, long ceiling) {
        long records = stub.records(path);
        double rate = records / seconds;
        System.out.printf("%-8s %-34s %10s %9.1f %8d %12s %8s %6d%n", type, mode, Bench.n(records), seconds,
                stub.requests(path), Bench.n(rate), Bench.pct(rate / ceiling), stub.count429());
    }
}
