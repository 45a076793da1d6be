package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.state.JdbcStateStore;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Scenarios 4 and 5: change detection at scale. A generated model of {@code rows} users (made lazily, never a list)
 * is synced once (all new), again unchanged (nothing to send), then with 1% changed, 0.1% added and 0.1% removed,
 * with {@code snapshot=true}, on the embedded default store (under a fresh stateDirectory; its size on disk is
 * printed once the store is closed) and on PostgreSQL; {@code -Dstore=h2} runs the JDBC store on an H2 file instead.
 * The sink answers at once and does not rate-limit (the component's rate limiter is off too), so the state store is
 * what is measured. Checks that the second run sends exactly the changed
 * and added rows and removes exactly the removed ones; prints each run's time and peak heap.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.ChangeDetectionBench [-Drows=1000000 -Dstore=both|embedded|postgres|h2 -Druns=3|2|1]
 * </pre>
 * Scenario 5 is the first run under a 256 MB heap (exec:java runs in Maven's JVM, so MAVEN_OPTS sets it):
 * <pre>
 * MAVEN_OPTS=-Xmx256m mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.ChangeDetectionBench -Drows=1000000 -Dstore=embedded -Druns=1
 * </pre>
 * PostgreSQL: {@code -Dpg.url=jdbc:postgresql://127.0.0.1:5432/test -Dpg.user=postgres}; its tables are prefixed
 * {@code bench_} and dropped first. The driver runs with its defaults, as a user's DataSource does;
 * {@code -Dpg.reWriteBatchedInserts=true} sets the driver option that turns batches of inserts into multi-row ones.
 */
public final class ChangeDetectionBench {
    private ChangeDetectionBench() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogs();
        long rows = Bench.longProperty("rows", 1_000_000);
        if (rows % 1000 != 0) {
            throw new IllegalArgumentException("-Drows must be a multiple of 1000");
        }
        String store = System.getProperty("store", "both");
        int runs = (int) Bench.longProperty("runs", 3);
        Bench.machine("Scenario 4: change detection at scale, " + Bench.n(rows) + " rows");
        List<String> results = new ArrayList<>();
        try (LimitsStub sink = new LimitsStub(false)) {
            if (store.equals("both") || store.equals("embedded")) {
                Path dir = Bench.tempDirectory("bench-state-embedded");
                try {
                    results.addAll(runAll("embedded (stateDirectory)", sink, rows, runs, dir,
                            component -> component.getConfiguration().setStateDirectory(dir.toString())));
                } finally {
                    Bench.deleteRecursively(dir);
                }
            }
            if (store.equals("h2")) {
                // the JDBC store on an H2 file: what the embedded default was before the RocksDB store
                Path dir = Bench.tempDirectory("bench-state-h2");
                JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("state") + ";WRITE_DELAY=0",
                        "sa", "");
                try {
                    JdbcStateStore h2Store = new JdbcStateStore(h2);
                    results.addAll(runAll("H2 (JDBC store, file)", sink, rows, runs, dir,
                            component -> component.getConfiguration().setStateStore(h2Store)));
                } finally {
                    h2.dispose();
                    Bench.deleteRecursively(dir);
                }
            }
            if (store.equals("both") || store.equals("postgres")) {
                JdbcConnectionPool pool = Bench.postgresPool("bench_");
                try {
                    JdbcStateStore pgStore = new JdbcStateStore(pool, "bench_");
                    results.addAll(runAll("PostgreSQL (127.0.0.1, driver defaults)", sink, rows, runs, null,
                            component -> component.getConfiguration().setStateStore(pgStore)));
                } finally {
                    pool.dispose();
                }
            }
        }
        System.out.println("summary:");
        results.forEach(r -> System.out.println("  " + r));
        System.exit(0);
    }

    private static List<String> runAll(String storeName, LimitsStub sink, long rows, int runs, Path stateDirectory,
            java.util.function.Consumer<IterableComponent> setup) throws Exception {
        List<String> out = new ArrayList<>();
        CamelContext camel = Bench.camel(sink.baseUri(), "bench-api-key", null, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:model").to("iterable:users?snapshot=true&syncId=bench-change-detection");
            }
        }, component -> {
            component.getRateLimits().setEnabled(false);
            setup.accept(component);
        });
        try {
            long changed = rows / 100;
            long added = rows / 1000;
            long removed = rows / 1000;
            out.add(run(storeName, "run 1 (all new)", camel, sink, Bench.rows(rows, i -> false, i -> Bench.userRow(i, 0)),
                    rows, rows, 0, 0));
            if (runs > 1) {
                out.add(run(storeName, "run 2 (nothing changed)", camel, sink,
                        Bench.rows(rows, i -> false, i -> Bench.userRow(i, 0)), 0, 0, 0, 0));
                // -Drepeat=N: the unchanged run N times more, the JIT's work for it done (the steady state)
                for (long again = 1; again <= Bench.longProperty("repeat", 0); again++) {
                    out.add(run(storeName, "run 2 again (" + again + ")", camel, sink,
                            Bench.rows(rows, i -> false, i -> Bench.userRow(i, 0)), 0, 0, 0, 0));
                }
            }
            if (runs > 2) {
                // i % 1000 == 0 left the model, i % 100 == 1 changed, rows .. rows + rows/1000 - 1 are new
                Iterator<Map<String, Object>> second = Bench.rows(rows + added, i -> i < rows && i % 1000 == 0,
                        i -> Bench.userRow(i, i < rows && i % 100 == 1 ? 1 : 0));
                out.add(run(storeName, "run 3 (1% changed, 0.1% added, 0.1% removed)", camel, sink, second,
                        changed + added, added, changed, removed));
            }
        } finally {
            camel.close();
        }
        if (stateDirectory != null) {
            // every run leaves the model's row count in the state (run 3 adds as many rows as it removes)
            long bytes = Bench.sizeOnDisk(stateDirectory);
            // the keys are user<10 digits>@example.com, 26 bytes each
            String line = String.format(java.util.Locale.ROOT,
                    "%-36s state on disk, store closed: %,d bytes for %,d rows, %.1f bytes a row (%.1f beyond the 26-byte key)",
                    storeName, bytes, rows, bytes / (double) rows, bytes / (double) rows - 26);
            System.out.println(line);
            out.add(line);
        }
        return out;
    }

    private static String run(String storeName, String name, CamelContext camel, LimitsStub sink,
            Iterator<Map<String, Object>> model, long expectSent, long expectNew, long expectChanged,
            long expectRemoved) {
        sink.reset();
        SyncReport report;
        long start = System.nanoTime();
        Bench.HeapWatch heap = new Bench.HeapWatch();
        try (heap; Profile profile = Boolean.getBoolean("profile") ? new Profile("change-detection") : null) {
            report = Bench.sync(camel, "model", model);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        double seconds = Bench.seconds(System.nanoTime() - start);
        long received = sink.records("/api/users/bulkUpdate");
        boolean exact = report.getSent() == expectSent && received == expectSent && report.getNew() == expectNew
                && report.getChanged() == expectChanged && report.getRemoved() == expectRemoved
                && report.getFailed() == 0;
        String line = String.format(java.util.Locale.ROOT,
                "%-36s %-46s %8.1f s %11s rows/s  received %,d  sent %,d (new %,d, changed %,d, unchanged %,d) removed %,d"
                        + "  peak heap %s (after GC %s, max %s)  delta %s",
                storeName, name, seconds, Bench.n(report.getReceived() / seconds), report.getReceived(), report.getSent(),
                report.getNew(), report.getChanged(), report.getUnchanged(), report.getRemoved(), Bench.mib(heap.peakUsed()),
                Bench.mib(heap.peakAfterGc()), Bench.mib(Runtime.getRuntime().maxMemory()),
                exact ? "EXACT (expected sent " + expectSent + ", removed " + expectRemoved + ")"
                        : "WRONG (expected sent " + expectSent + ", new " + expectNew + ", changed " + expectChanged
                                + ", removed " + expectRemoved + "; the sink received " + received + ")");
        System.out.println(line);
        return line;
    }
}
