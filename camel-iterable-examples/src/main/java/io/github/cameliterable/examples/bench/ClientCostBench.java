package io.github.cameliterable.examples.bench;

import java.nio.file.Path;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Scenario 3: what the client costs per record, without any HTTP and without any rate limit: the component in
 * {@code dryRun} reads, maps, validates, hashes, (optionally) classifies against the state store, serializes and
 * packs every record into 4 MB request bodies, and sends nothing. Prints records per second of wall time and per
 * CPU-second of the whole process (the run is one thread: that is records per second per core), and a JFR profile.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.ClientCostBench [-Drows=1000000 -Dceiling=83580]
 * </pre>
 */
public final class ClientCostBench {
    private ClientCostBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        // scenario 1's ceiling for these rows (5 req/s x users of ~250 bytes a 4 MB request); -Dceiling to change
        long ceiling = Bench.longProperty("ceiling", Bench.ceiling(5, Bench.FOUR_MB, 12,
                Bench.userJsonBytes(new com.fasterxml.jackson.databind.ObjectMapper())));
        Bench.machine("Scenario 3: client cost per record (dryRun: no HTTP, no rate limit)");
        Path state = Bench.tempDirectory("bench-client-cost");
        CamelContext camel = Bench.camel("http://127.0.0.1:9", "bench-api-key", state, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plain").to("iterable:users?dryRun=true&changeDetection=false");
                from("direct:detect").to("iterable:users?dryRun=true&syncId=bench-client-cost");
            }
        });
        try {
            // warm-up: the JIT compiles the path before anything is timed
            Bench.sync(camel, "plain", Bench.users(200_000));
            Bench.sync(camel, "detect", Bench.users(100_000));
            System.out.printf("%-44s %10s %8s %8s %13s %15s%n", "variant", "records", "wall s", "CPU s", "records/s",
                    "records/CPU-s");
            double plain = measure(camel, "plain", "mapping + serialization (changeDetection=false)", rows, true);
            double detect = measure(camel, "detect", "+ change detection on embedded H2", rows, Boolean.getBoolean("profileDetect"));
            System.out.printf("ceiling of scenario 1: %s records/s; goal 10x = %s records/s per core%n", Bench.n(ceiling),
                    Bench.n(10.0 * ceiling));
            System.out.printf("goal >= 10x the ceiling: without change detection %s (%.1fx), with change detection %s (%.1fx)%n",
                    plain >= 10.0 * ceiling ? "MET" : "MISSED", plain / ceiling,
                    detect >= 10.0 * ceiling ? "MET" : "MISSED", detect / ceiling);
        } finally {
            camel.close();
            Bench.deleteRecursively(state);
        }
        System.exit(0);
    }

    private static double measure(CamelContext camel, String route, String name, long rows, boolean profile) throws Exception {
        long cpu = Bench.processCpuNanos();
        long start = System.nanoTime();
        SyncReport report;
        try (Profile p = profile ? new Profile("client-cost-" + route) : null) {
            report = Bench.sync(camel, route, Bench.users(rows));
            double wall = Bench.seconds(System.nanoTime() - start);
            double cpuSeconds = Bench.seconds(Bench.processCpuNanos() - cpu);
            if (report.getSent() != rows || report.getFailed() != 0) {
                throw new IllegalStateException("unexpected report: " + report.counts());
            }
            System.out.printf("%-44s %10s %8.1f %8.1f %13s %15s%n", name, Bench.n(rows), wall, cpuSeconds,
                    Bench.n(rows / wall), Bench.n(rows / cpuSeconds));
            return rows / cpuSeconds;
        }
    }
}
