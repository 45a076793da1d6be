package io.github.cameliterable.examples.bench;

import java.nio.file.Path;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Scenario 3: what the client costs per record, without any rate limit: the component in {@code dryRun} reads,
 * maps, validates, (optionally) hashes, serializes and packs every record into 4 MB request bodies and sends
 * nothing (a dry run skips the state store); then, for the state store's share, real runs with change detection on
 * the embedded store against a stub that answers at once ({@code -DstateRows}, default 200,000): a first run (all new,
 * sent and acknowledged) and an unchanged rerun. Prints records per second of wall time and per CPU-second of the
 * whole process (a run is one thread: that is records per second per core) and of the run loop's thread alone (the
 * "loop" column: the model's reading, which for this bench is generating its rows, mapping, hashing and serializing,
 * without the collector's and the JIT's threads, so less sensitive to a busy machine), and a JFR profile of the first
 * variant.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.ClientCostBench [-Drows=1000000 -DstateRows=200000 -Dceiling=83580]
 * </pre>
 */
public final class ClientCostBench {
    private ClientCostBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        // scenario 1's ceiling as it measured it for these rows: 5 req/s x floor((4 MiB - 12) / 250.9 bytes a user)
        long ceiling = Bench.longProperty("ceiling", 83_580);
        Bench.machine("Scenario 3: client cost per record (dryRun: no HTTP, no rate limit)");
        Path state = Bench.tempDirectory("bench-client-cost");
        long stateRows = Bench.longProperty("stateRows", Math.min(rows, 200_000));
        try (LimitsStub sink = new LimitsStub(false)) {
            CamelContext camel = Bench.camel(sink.baseUri(), "bench-api-key", state, new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:plain").to("iterable:users?dryRun=true&changeDetection=false");
                    from("direct:hash").to("iterable:users?dryRun=true&syncId=bench-client-cost-hash");
                    from("direct:detect").to("iterable:users?syncId=bench-client-cost");
                }
            }, component -> component.getRateLimits().setEnabled(false));
            try {
                // warm-up: the JIT compiles the path before anything is timed
                Bench.sync(camel, "plain", Bench.users(200_000));
                Bench.sync(camel, "hash", Bench.users(100_000));
                System.out.printf("%-58s %10s %8s %8s %11s %14s %15s%n", "variant", "records", "wall s", "CPU s", "records/s",
                        "records/CPU-s", "loop: rec/CPU-s");
                double plain = measure(camel, "plain", "dryRun, changeDetection=false: map, serialize, pack", rows, true);
                double hash = measure(camel, "hash", "dryRun, changeDetection=true: + row hash (no store)", rows, false);
                double first = measure(camel, "detect", "embedded store, stub sink: first run (classify, send, ack)", stateRows,
                        Boolean.getBoolean("profileDetect"));
                double unchanged = measure(camel, "detect", "embedded store, stub sink: rerun, all unchanged (classify)",
                        stateRows,
                        false);
                System.out.printf("ceiling of scenario 1: %s records/s; goal 10x = %s records/s per core%n", Bench.n(ceiling),
                        Bench.n(10.0 * ceiling));
                System.out.printf("goal >= 10x the ceiling per core: no change detection %s (%.1fx); with the row hash %.1fx;"
                        + " with the embedded store %.1fx (first run), %.1fx (unchanged rerun)%n",
                        plain >= 10.0 * ceiling ? "MET" : "MISSED", plain / ceiling, hash / ceiling, first / ceiling,
                        unchanged / ceiling);
            } finally {
                camel.close();
                Bench.deleteRecursively(state);
            }
        }
        System.exit(0);
    }

    private static double measure(CamelContext camel, String route, String name, long rows, boolean profile) throws Exception {
        long cpu = Bench.processCpuNanos();
        long loopCpu = Bench.syncThreadsCpuNanos();
        long start = System.nanoTime();
        SyncReport report;
        try (Profile p = profile ? new Profile("client-cost-" + route) : null) {
            report = Bench.sync(camel, route, Bench.users(rows));
            double wall = Bench.seconds(System.nanoTime() - start);
            double cpuSeconds = Bench.seconds(Bench.processCpuNanos() - cpu);
            double loopSeconds = Bench.seconds(Bench.syncThreadsCpuNanos() - loopCpu);
            if (report.getReceived() != rows || report.getFailed() != 0) {
                throw new IllegalStateException("unexpected report: " + report.counts());
            }
            System.out.printf("%-58s %10s %8.1f %8.1f %11s %14s %15s%n", name, Bench.n(rows), wall, cpuSeconds,
                    Bench.n(rows / wall), Bench.n(rows / cpuSeconds), Bench.n(rows / loopSeconds));
            return rows / cpuSeconds;
        }
    }
}
