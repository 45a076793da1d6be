package io.github.cameliterable.examples.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Scenario 3: what the client costs per record, without any rate limit: the component in {@code dryRun} reads,
 * maps, validates, (optionally) hashes and classifies, serializes and packs every record into 4 MB request bodies and
 * sends nothing (a dry run reads the state and writes only the run's keys); then, for the state store's share, real
 * runs with change detection on the embedded store against a stub that answers at once ({@code -DstateRows}, default
 * 200,000): a first run (all new, sent and acknowledged, after a warm-up run on another sync id) and an unchanged
 * rerun. Each variant runs twice: the first pass carries the JIT's compiles (the {@code JIT s} column), the second is
 * the steady state of a long sync, what a record costs once the JVM is warm. Prints records per second of wall time,
 * per CPU-second of the whole process (records per second per core), and per CPU-second of the run's own threads (the
 * "run" column: the loop and the mapper, the process less the JIT's, the collector's, RocksDB's and Camel's threads;
 * Linux only), and the pass's minor page faults (the {@code faults} column, Linux only: a heap still growing touches
 * new pages, each first touch microseconds of CPU on a virtual machine, so a pass with many is not yet the steady
 * state). Last, the benchmark's rows are made alone, without the component (the source's own cost, a warehouse
 * driver's in a real route), and the steady figures are printed less that cost too. {@code -Dthreads=true} prints
 * each thread group's CPU. The row hash's variant runs again over the same users as a JDBC component hands them over
 * (upper-case names in Camel's map that ignores case, a Timestamp, a BigDecimal, nulls: a warehouse route's records),
 * with that source's own cost measured and taken out the same way. With {@code -Dpasses=N} each variant also prints the
 * median of its steady passes that grew no heap (under 1,000 page faults): what a record costs once the heap has its
 * size, without the one-time cost of its new pages. {@code -Dprofile=plain|hash|driver|detect} records a
 * JFR profile of that variant's last pass
 * (starting a recording makes the JIT compile again: read its CPU figures with that in mind).
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.ClientCostBench [-Drows=1000000 -DstateRows=200000 -Dceiling=83580 -Dpasses=2]
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
                    from("direct:detectWarm").to("iterable:users?syncId=bench-client-cost-warm-up");
                }
            }, component -> component.getRateLimits().setEnabled(false));
            try {
                // warm-up: the JIT compiles the path before anything is timed; each variant is then run twice, and the
                // second pass is the steady state of a long sync (the JIT done, what a record costs from then on)
                Bench.sync(camel, "plain", Bench.users(200_000));
                Bench.sync(camel, "hash", Bench.users(100_000));
                System.out.printf("%-58s %10s %8s %8s %6s %11s %14s %15s %8s%n", "variant", "records", "wall s", "CPU s",
                        "JIT s",
                        "records/s", "records/CPU-s", "run: rec/CPU-s", "faults");
                double[] plain = twice(camel, "plain", "dryRun, changeDetection=false: map, serialize, pack", rows,
                        "plain".equals(System.getProperty("profile")));
                double[] hash = twice(camel, "hash", "dryRun, changeDetection=true: + row hash (no store)", rows,
                        "hash".equals(System.getProperty("profile")));
                // the same users as a JDBC component hands them over (upper-case names in a map that ignores case, a
                // Timestamp, a BigDecimal, nulls): what a warehouse route's records are
                Bench.sync(camel, "hash", Bench.rows(100_000, i -> false, DryRunPass::warehouseRow));
                double[] driver = twice(camel, "hash", "  the same, rows as a JDBC driver gives them", rows,
                        "driver".equals(System.getProperty("profile")), DRIVER_ROWS);
                // the first run's warm-up is a run of its own on another sync id, so that the timed one finds no state
                measure(camel, "detectWarm", "embedded store, stub sink: first run, warm-up (another syncId)", stateRows,
                        false);
                double first = measure(camel, "detect", "embedded store, stub sink: first run (classify, send, ack)", stateRows,
                        "detect".equals(System.getProperty("profile")));
                // the rerun's steady state as the dry runs': the median of the passes after its first (-Dpasses)
                double unchanged = twice(camel, "detect", "embedded store, stub sink: rerun, all unchanged (classify)",
                        stateRows, false)[1];
                System.out.printf("ceiling of scenario 1: %s records/s; goal 10x = %s records/s per core%n", Bench.n(ceiling),
                        Bench.n(10.0 * ceiling));
                // the rows' own making (a warehouse driver's work in a real route) is in every figure above; measured
                // alone, it tells what the component itself costs a record
                double sourceNanos = sourceNanos(rows, USER_ROWS);
                double driverNanos = sourceNanos(rows, DRIVER_ROWS);
                System.out.printf("the benchmark's rows made alone (the source, not the component): %.0f ns a row (%.0f ns"
                        + " a driver's row); less it, steady: no change detection %.1fx, with the row hash %.1fx (%.1fx"
                        + " for a driver's rows)%n", sourceNanos, driverNanos, lessSource(plain[1], sourceNanos) / ceiling,
                        lessSource(hash[1], sourceNanos) / ceiling, lessSource(driver[1], driverNanos) / ceiling);
                System.out.printf("goal >= 10x the ceiling per core, steady state (first pass in brackets): no change"
                        + " detection %.1fx (%.1fx); with the row hash %s, %.1fx (%.1fx); with the embedded store %.1fx (first run"
                        + " after a warm-up), %.1fx (unchanged rerun, steady); a driver's rows with the row hash %.1fx%n",
                        plain[1] / ceiling, plain[0] / ceiling, hash[1] >= 10.0 * ceiling ? "MET" : "MISSED",
                        hash[1] / ceiling, hash[0] / ceiling, first / ceiling, unchanged / ceiling, driver[1] / ceiling);
            } finally {
                camel.close();
                Bench.deleteRecursively(state);
            }
        }
        System.exit(0);
    }

    /** The benchmark's users as maps of their names as sent, of text, numbers and booleans. */
    private static final LongFunction<Iterator<Map<String, Object>>> USER_ROWS = Bench::users;
    /** The same users as a JDBC component gives them ({@link DryRunPass}'s {@code -Dshape=warehouse}). */
    private static final LongFunction<Iterator<Map<String, Object>>> DRIVER_ROWS = rows -> Bench.rows(rows, i -> false,
            DryRunPass::warehouseRow);

    /** The process CPU a row the benchmark's source takes to make and hand over, alone: the median of 5 passes. */
    private static double sourceNanos(long rows, LongFunction<Iterator<Map<String, Object>>> source) {
        double[] passes = new double[5];
        long sink = 0;
        for (int p = 0; p < passes.length; p++) {
            long cpu = Bench.processCpuNanos();
            for (Iterator<Map<String, Object>> it = source.apply(rows); it.hasNext();) {
                Map<String, Object> row = it.next();
                sink += row.size() + row.get("email").hashCode();
            }
            passes[p] = (Bench.processCpuNanos() - cpu) / (double) rows;
        }
        return sink == 42 ? 0 : Bench.median(passes);
    }

    /** Records per CPU-second once the source's share of each record ({@code sourceNanos}) is taken out. */
    private static double lessSource(double recordsPerCpuSecond, double sourceNanos) {
        return 1e9 / (1e9 / recordsPerCpuSecond - sourceNanos);
    }

    /**
     * Records per process CPU-second of a first pass and of the steady passes after it over the same rows: the second,
     * or with {@code -Dpasses=N} (N > 2) the median of the N - 1 after the first (a busy machine's CPU figures vary by a
     * third between passes).
     */
    private static double[] twice(CamelContext camel, String route, String name, long rows, boolean profile) throws Exception {
        return twice(camel, route, name, rows, profile, USER_ROWS);
    }

    /** As {@link #twice(CamelContext, String, String, long, boolean)}, over the rows of {@code source}. */
    private static double[] twice(CamelContext camel, String route, String name, long rows, boolean profile,
            LongFunction<Iterator<Map<String, Object>>> source) throws Exception {
        double first = measure(camel, route, name, rows, false, source);
        int passes = (int) Math.max(2, Bench.longProperty("passes", 2));
        double[] steady = new double[passes - 1];
        java.util.List<Double> settled = new java.util.ArrayList<>();
        for (int i = 0; i < steady.length; i++) {
            steady[i] = measure(camel, route, "  the same again (steady state)", rows, profile && i == steady.length - 1,
                    source);
            if (lastFaults >= 0 && lastFaults < SETTLED_FAULTS) {
                settled.add(steady[i]);
            }
        }
        double median = Bench.median(steady);
        if (steady.length > 1) {
            // a pass that grew the heap paid for its new pages (tens of microseconds each on a virtual machine), once in
            // the JVM's life: the passes that grew none are what a record costs once the heap has its size
            System.out.printf("  median of the %d steady passes: %s records/CPU-s; of the %d that grew no heap (under"
                    + " %,d faults): %s%n", steady.length, Bench.n(median), settled.size(), SETTLED_FAULTS,
                    settled.isEmpty() ? "-"
                            : Bench.n(Bench.median(settled.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray())));
        }
        return new double[]{first, median};
    }

    /** Fewer minor page faults than this in a pass: it grew no heap. */
    private static final long SETTLED_FAULTS = 1_000;
    /** The last pass's minor page faults (-1 where Linux's /proc does not tell). */
    private static long lastFaults = -1;

    private static double measure(CamelContext camel, String route, String name, long rows, boolean profile) throws Exception {
        return measure(camel, route, name, rows, profile, USER_ROWS);
    }

    private static double measure(CamelContext camel, String route, String name, long rows, boolean profile,
            LongFunction<Iterator<Map<String, Object>>> source) throws Exception {
        long faults = Bench.minorFaults();
        long cpu = Bench.processCpuNanos();
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        Map<String, Long> threadsBefore = Bench.threadGroupsCpuTicks();
        long start = System.nanoTime();
        SyncReport report;
        try (Profile p = profile ? new Profile("client-cost-" + route) : null) {
            report = Bench.sync(camel, route, source.apply(rows));
            double wall = Bench.seconds(System.nanoTime() - start);
            double cpuSeconds = Bench.seconds(Bench.processCpuNanos() - cpu);
            Map<String, Long> threadsAfter = Bench.threadGroupsCpuTicks();
            Map<String, Long> spent = new TreeMap<>();
            threadsAfter.forEach((group, ticks) -> spent.put(group, ticks - threadsBefore.getOrDefault(group, 0L)));
            // the run's own threads: the process less every other thread still alive (the JIT, the collector, RocksDB's,
            // Camel's); the mapper's thread ends with its run, so /proc no longer lists it, but the process counted it
            long others = spent.entrySet()
                    .stream()
                    .filter(group -> !group.getKey().startsWith("IterableSync"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            double runSeconds = threadsAfter.isEmpty() ? Double.NaN : cpuSeconds - others / 100.0;
            if (report.getReceived() != rows || report.getFailed() != 0) {
                throw new IllegalStateException("unexpected report: " + report.counts());
            }
            double jitSeconds = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit) / 1000.0;
            System.out.printf("%-58s %10s %8.1f %8.1f %6.1f %11s %14s %15s %8s%n", name, Bench.n(rows), wall, cpuSeconds,
                    jitSeconds, Bench.n(rows / wall), Bench.n(rows / cpuSeconds), Bench.n(rows / runSeconds),
                    Bench.n(Bench.minorFaults() - faults));
            if (Boolean.getBoolean("threads")) {
                spent.forEach((group, ticks) -> {
                    if (ticks > 0) {
                        System.out.printf("    %-40s %6.2f CPU s%n", group, ticks / 100.0);
                    }
                });
            }
            lastFaults = faults < 0 ? -1 : Bench.minorFaults() - faults;
            return rows / cpuSeconds;
        }
    }
}
