package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Scenarios 1 and 2: one bulk endpoint under Iterable's rate limits (the sink enforces them and answers 429
 * beyond), three ways side by side in one run: this component packing by bytes, the same component packing by count
 * ({@code batchSize=1000}, as count-packed tools do), and a plain Camel route posting each record with camel-http to
 * the single-record endpoint. The sink's rate limit is the clock. {@code -Dsink=stub} (default) or
 * {@code -Dsink=emulator}
 * (which checks one request in {@code -DcontractSample=10} per endpoint against Iterable's spec).
 * The component runs with its defaults (change detection on, the embedded state store in a fresh directory) unless
 * {@code -DchangeDetection=false}.
 */
final class Throughput {

    /** What differs between users and events. */
    record Spec(String title, String uri, String bulkPath, int bulkPerSecond, String envelopePrefix, String envelopeSuffix,
            String singlePath, int singlePerSecond, LongFunction<Map<String, Object>> row,
            java.util.function.Function<Map<String, Object>, Map<String, Object>> singleBody) {
    }

    private Throughput() {
    }

    /** Where the requests go: the emulator, or the stub that enforces Iterable's limits and nothing else. */
    interface Sink extends AutoCloseable {
        String describe();

        String baseUri();

        int port();

        String apiKey();

        long requestCount(String path);

        long count429();

        void reset();

        @Override
        void close();

        /** The emulator with rate limits on, checking one request in {@code contractSample} against Iterable's spec. */
        static Sink emulator(int contractSample) {
            io.github.cameliterable.emulator.IterableEmulator emulator = io.github.cameliterable.emulator.IterableEmulator
                    .builder()
                    .rateLimits(true)
                    .contractMode(true)
                    .contractSampleEvery(contractSample)
                    .start();
            return new Sink() {
                public String describe() {
                    return "the Iterable emulator (rate limits on, contract validation "
                            + (!emulator.contractMode() ? "off: no api-docs.json found"
                                    : contractSample == 1 ? "of every request"
                                            : "of 1 request in " + contractSample + " per endpoint")
                            + "), in this JVM";
                }

                public String baseUri() {
                    return emulator.baseUri();
                }

                public int port() {
                    return emulator.port();
                }

                public String apiKey() {
                    return emulator.apiKey();
                }

                public long requestCount(String path) {
                    return emulator.requestCount(path);
                }

                public long count429() {
                    return emulator.count429();
                }

                public void reset() {
                    emulator.reset();
                }

                public void close() {
                    emulator.close();
                }
            };
        }

        static Sink stub() throws java.io.IOException {
            LimitsStub stub = new LimitsStub(true);
            return new Sink() {
                public String describe() {
                    return "LimitsStub: Iterable's rate limits and 4 MB limit enforced (429/413), no work per record, in this JVM";
                }

                public String baseUri() {
                    return stub.baseUri();
                }

                public int port() {
                    return stub.port();
                }

                public String apiKey() {
                    return "bench-api-key";
                }

                public long requestCount(String path) {
                    return stub.requests(path);
                }

                public long count429() {
                    return stub.count429();
                }

                public void reset() {
                    stub.reset();
                }

                public void close() {
                    stub.close();
                }
            };
        }
    }

    static void run(Spec spec) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        long countRows = Bench.longProperty("countRows", 100_000);
        long httpRows = Bench.longProperty("httpRows", 20_000);
        Bench.machine(spec.title());
        int envelope = spec.envelopePrefix().length() + spec.envelopeSuffix().length();

        String sinkName = System.getProperty("sink", "stub");
        int contractSample = (int) Bench.longProperty("contractSample", 10);
        try (Sink sink = sinkName.equals("emulator") ? Sink.emulator(contractSample) : Sink.stub()) {
            System.out.println("sink: " + sink.describe());
            String singleUri = "http://127.0.0.1:" + sink.port() + spec.singlePath()
                    + "?throwExceptionOnFailure=false&httpMethod=POST";
            Map<Integer, AtomicLong> singleStatuses = new java.util.concurrent.ConcurrentHashMap<>();
            // the defaults (change detection on, the embedded state store) unless -DchangeDetection=false; a fresh
            // state directory, so that the first run is all new, and a syncId per variant so none sees another's keys
            boolean changeDetection = !"false".equals(System.getProperty("changeDetection"));
            String options = changeDetection ? "" : "&changeDetection=false";
            String separator = spec.uri().contains("?") ? "&" : "?";
            // -Dstore=postgres: the state in PostgreSQL (tables bench_tp_*, dropped first) instead of the embedded store
            JdbcConnectionPool postgres = "postgres".equals(System.getProperty("store")) ? Bench.postgresPool("bench_tp_")
                    : null;
            System.out.println("change detection: " + (!changeDetection ? "off"
                    : postgres != null ? "on (the default), PostgreSQL state store (-Dstore=postgres)"
                            : "on (the default), embedded state store"));
            Path state = Bench.tempDirectory("bench-throughput-state");
            CamelContext camel = Bench.camel(sink.baseUri(), sink.apiKey(), state, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:warmup").to(spec.uri() + separator + "syncId=bench-warmup" + options);
                    from("direct:bytes").to(spec.uri() + separator + "syncId=bench-bytes" + options);
                    from("direct:count").to(spec.uri() + separator + "syncId=bench-count&batchSize=1000" + options);
                    // what a Camel user writes without this component: one request per record, throttled to the
                    // endpoint's published limit
                    from("direct:single")
                            .split(body())
                            .streaming()
                            .throttle(spec.singlePerSecond())
                            .totalRequestsMode()
                            .timePeriodMillis(1000)
                            .process(e -> e.getMessage().setBody(spec.singleBody().apply(e.getMessage().getBody(Map.class))))
                            .marshal()
                            .json(JsonLibrary.Jackson)
                            .setHeader("Api-Key", constant(sink.apiKey()))
                            .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                            .to(singleUri)
                            .process(e -> singleStatuses.computeIfAbsent(
                                    e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                                    k -> new AtomicLong()).incrementAndGet())
                            .end();
                }
            }, component -> {
                if (postgres != null) {
                    component.getConfiguration().setStateStore(new JdbcStateStore(postgres, "bench_tp_"));
                }
            });
            try {
                // warm up the JIT and the connections on a small run (-Dwarmup rows), then start from an empty emulator
                Bench.sync(camel, "warmup", Bench.rows(Bench.longProperty("warmup", 50_000), i -> false, spec.row()));
                Thread.sleep(1500);
                sink.reset();

                // ---- ours: packed by bytes
                Bench.HeapWatch heap = new Bench.HeapWatch();
                long start = System.nanoTime();
                SyncReport ours;
                try (heap; Profile profile = Boolean.getBoolean("profile") ? new Profile("throughput") : null) {
                    ours = Bench.sync(camel, "bytes", Bench.rows(rows, i -> false, spec.row()));
                }
                double oursSeconds = Bench.seconds(System.nanoTime() - start);
                long oursCalls = sink.requestCount(spec.bulkPath());
                long ours429 = sink.count429();
                double bytesPerRecord = (ours.getRequestBytes() - (double) ours.getApiCalls() * envelope
                        - (ours.getSent() - ours.getApiCalls())) / ours.getSent();
                long ceiling = Bench.ceiling(spec.bulkPerSecond(), Bench.FOUR_MB, envelope, bytesPerRecord);
                double oursRate = ours.getSucceeded() / oursSeconds;
                sink.reset();
                Thread.sleep(1500);

                // ---- count-packed: batchSize=1000
                start = System.nanoTime();
                SyncReport count = Bench.sync(camel, "count", Bench.rows(countRows, i -> false, spec.row()));
                double countSeconds = Bench.seconds(System.nanoTime() - start);
                long countCalls = sink.requestCount(spec.bulkPath());
                long count429 = sink.count429();
                double countRate = count.getSucceeded() / countSeconds;
                sink.reset();
                Thread.sleep(1500);

                // ---- plain Camel route, one record per request
                start = System.nanoTime();
                camel.createProducerTemplate().sendBody("direct:single", Bench.rows(httpRows, i -> false, spec.row()));
                double singleSeconds = Bench.seconds(System.nanoTime() - start);
                long single2xx = singleStatuses.entrySet()
                        .stream()
                        .filter(e -> e.getKey() / 100 == 2)
                        .mapToLong(e -> e.getValue().get())
                        .sum();
                long single429 = sink.count429();
                double singleRate = single2xx / singleSeconds;

                System.out.printf(
                        "bytes per record as sent: %.1f (+1 comma); envelope %d bytes; ceiling = %d req/s x floor((4 MiB - %d) / %.1f) = %s records/s%n",
                        bytesPerRecord, envelope, spec.bulkPerSecond(), envelope, bytesPerRecord + 1, Bench.n(ceiling));
                System.out.printf("%-32s %10s %9s %8s %12s %8s %6s %9s%n", "variant", "records", "seconds", "requests",
                        "records/s", "ceiling", "429s", "failed");
                line("ours (packed by bytes)", ours.getSucceeded(), oursSeconds, oursCalls, oursRate, ceiling, ours429,
                        ours.getFailed());
                line("ours, batchSize=1000 (count)", count.getSucceeded(), countSeconds, countCalls, countRate, ceiling,
                        count429, count.getFailed());
                line("camel-http, 1 record/request", single2xx, singleSeconds, httpRows, singleRate, ceiling, single429,
                        httpRows - single2xx);
                System.out.printf("records per request: ours %.0f, count-packed %.0f; single-record statuses %s%n",
                        (double) ours.getSent() / Math.max(1, ours.getApiCalls()),
                        (double) count.getSent() / Math.max(1, count.getApiCalls()), statuses(singleStatuses));
                System.out.printf("ours vs count-packed: %.1fx; ours vs per-record route: %.1fx%n", oursRate / countRate,
                        oursRate / singleRate);
                System.out.printf("extrapolated to %s records: ours %.1f s, count-packed %.1f s, per-record %.1f s"
                        + " (count-packed measured on %s, per-record on %s records)%n",
                        Bench.n(rows), rows / oursRate, rows / countRate, rows / singleRate, Bench.n(countRows),
                        Bench.n(httpRows));
                System.out.printf("goals: >= 90%% of the ceiling: %s (%s); >= 10x count-packed: %s; zero 429s: %s%n",
                        oursRate >= 0.9 * ceiling ? "MET" : "MISSED", Bench.pct(oursRate / ceiling),
                        oursRate >= 10 * countRate ? "MET" : "MISSED", ours429 == 0 ? "MET" : "MISSED");
                System.out.println("ours report: " + ours.counts());
                System.out.printf("ours heap: peak %s, after GC %s, max %s%n", Bench.mib(heap.peakUsed()),
                        Bench.mib(heap.peakAfterGc()), Bench.mib(Runtime.getRuntime().maxMemory()));
            } finally {
                camel.close();
                Bench.deleteRecursively(state);
                if (postgres != null) {
                    postgres.dispose();
                }
            }
        }
    }

    private static String statuses(Map<Integer, AtomicLong> statuses) {
        Map<Integer, Long> out = new LinkedHashMap<>();
        statuses.forEach((k, v) -> out.put(k, v.get()));
        return out.toString();
    }

    private static void line(String name, long records, double seconds, long requests, double rate, long ceiling, long c429,
            long failed) {
        System.out.printf("%-32s %10s %9.1f %8d %12s %8s %6d %9d%n", name, Bench.n(records), seconds, requests, Bench.n(rate),
                Bench.pct(rate / ceiling), c429, failed);
    }

    /** {@code {"email": ..., "dataFields": {every other column}}}: the users/update body. */
    static Map<String, Object> userUpdateBody(Map<String, Object> row) {
        Map<String, Object> data = new LinkedHashMap<>(row);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", data.remove("email"));
        body.put("dataFields", data);
        return body;
    }

    /** {@code {"email": ..., "eventName": ..., "id": ..., "dataFields": {...}}}: the events/track body. */
    static Map<String, Object> eventTrackBody(Map<String, Object> row) {
        Map<String, Object> data = new LinkedHashMap<>(row);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", data.remove("email"));
        body.put("eventName", "productViewed");
        body.put("id", data.remove("id"));
        body.put("dataFields", data);
        return body;
    }
}
