package io.github.cameliterable.examples.bench;

/**
 * Scenario 3's dry run alone, for comparing two builds: one variant ({@code -Dvariant=hash}, change detection on, or
 * {@code plain}, off) run {@code -Dwarm=4} times, then {@code -Dpasses=6} times measured, each pass printing the
 * process's CPU a record, its wall time a record, its minor page faults (a pass with many is still growing the
 * heap) and the bytes allocated a record (the same for the same build, however busy the machine); last, the median.
 * Fewer variants and more passes than {@link ClientCostBench}: what two builds differ by is
 * smaller than what one machine varies by between runs, so alternate the builds and compare medians. Run it under
 * {@code taskset -c 0} to see what a record costs with the JVM's threads on one core; with {@code -Dshape=warehouse}
 * for rows as a JDBC component hands them over ({@link DryRunPass}).
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.DryRunBench [-Dvariant=hash|plain -Drows=1000000 -Dwarm=4 -Dpasses=6]
 * </pre>
 */
public final class DryRunBench {
    private DryRunBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        String variant = System.getProperty("variant", "hash");
        long rows = Bench.longProperty("rows", 1_000_000);
        long warm = Bench.longProperty("warm", 4);
        int passes = (int) Math.max(1, Bench.longProperty("passes", 6));
        long ceiling = Bench.longProperty("ceiling", 83_580);
        Bench.machine("Scenario 3, the dry run alone (" + variant + ")");
        try (DryRunPass pass = new DryRunPass(variant, rows, "bench-dry-run")) {
            for (long i = 0; i < warm; i++) {
                pass.getAsLong();
            }
            double[] nanos = new double[passes];
            for (int i = 0; i < passes; i++) {
                long faults = Bench.minorFaults();
                long allocated = Bench.allocatedBytes();
                long cpu = Bench.processCpuNanos();
                long start = System.nanoTime();
                pass.getAsLong();
                nanos[i] = (Bench.processCpuNanos() - cpu) / (double) rows;
                System.out.printf("pass %d: %,.0f ns of process CPU a record, %,.0f ns of wall time, %s minor faults,"
                        + " %,.0f bytes allocated a record%n", i + 1, nanos[i], (System.nanoTime() - start) / (double) rows,
                        Bench.n(Bench.minorFaults() - faults), (Bench.allocatedBytes() - allocated) / (double) rows);
            }
            double median = Bench.median(nanos); // sorts them: the range is their ends
            System.out.printf("%s: median %,.0f ns a record (%,.0f to %,.0f) = %.1fx the ceiling per core%n", variant,
                    median, nanos[0], nanos[passes - 1], 1e9 / median / ceiling);
        }
        System.exit(0);
    }
}
