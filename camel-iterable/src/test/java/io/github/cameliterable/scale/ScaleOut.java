package io.github.cameliterable.scale;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import io.github.cameliterable.support.LocalRedis;
import io.github.cameliterable.support.PostgresState;

/**
 * Several JVMs on one Iterable project: {@code jvms} child processes ({@link ScaleOutWorker}), state in PostgreSQL,
 * together sync {@code records} users and as many events into one {@link FakeIterableProject}, each JVM its share,
 * all at once. Prints per endpoint the requests, records, 429s, the busiest second and the rate as a share of
 * Iterable's limit; exits 1 unless every record landed once, no 429 came and both rates reached 90% of the limit.
 * <pre>
 * ITERABLE_TEST_PG_DB=test mvn -B -pl camel-iterable test-compile exec:java -Dexec.skip=false \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.github.cameliterable.scale.ScaleOut \
 *     -Dexec.args="postgresql 300000 250"
 * </pre>
 * Arguments: rate limiter ({@code postgresql}, {@code redis} at redis://127.0.0.1:6379, or {@code local} to see
 * what happens without a shared one), records (users, and as many events), batch size, JVMs (3), the project's rule
 * ({@code window}, the default: no more than the limit in any one second; or {@code bucket}, Iterable's limit as the
 * emulator models it).
 */
public final class ScaleOut {
    static final String API_KEY = "scale-out-key-0123456789abcdef";

    /** What the JVMs reported and what the project saw. */
    record Outcome(FakeIterableProject.Endpoint users, FakeIterableProject.Endpoint events, List<String> results,
            List<Integer> exitCodes, double seconds) {
    }

    private ScaleOut() {
    }

    public static void main(String[] args) throws Exception {
        String rateLimiter = args.length > 0 ? args[0] : "postgresql";
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        int jvms = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        FakeIterableProject.Rule rule = FakeIterableProject.Rule
                .valueOf(args.length > 4 ? args[4].toUpperCase(java.util.Locale.ROOT) : "WINDOW");
        try (FakeIterableProject project = new FakeIterableProject(API_KEY, rule)) {
            System.out.printf("scale-out: %d JVMs, %,d users and %,d events, batchSize %d, rateLimiter=%s, state in %s,"
                    + " the project refuses by %s, load average %s%n", jvms, records, records, batchSize,
                    rateLimiter, PostgresState.url(), rule, loadAverage());
            Outcome outcome = run(project, rateLimiter, rateLimiter, jvms, records, batchSize, 1.0);
            outcome.results().forEach(System.out::println);
            // the first refusals show how they came about: who sent the requests of the crowded second, and when
            outcome.users().refusals.stream().limit(3).forEach(r -> System.out.println("users/bulkUpdate " + r));
            outcome.events().refusals.stream().limit(3).forEach(r -> System.out.println("events/trackBulk " + r));
            System.out.printf("%-22s %9s %9s %9s %6s %8s %9s %7s %9s%n", "endpoint", "requests", "records", "distinct",
                    "429s", "seconds", "req/s", "limit", "of limit");
            print("users/bulkUpdate", outcome.users(), batchSize);
            print("events/trackBulk", outcome.events(), batchSize);
            System.out.printf("requests per JVM: users %s, events %s; wall time %.1f s; load average %s%n",
                    outcome.users().requestsBySender, outcome.events().requestsBySender, outcome.seconds(), loadAverage());
            boolean met = outcome.exitCodes().stream().allMatch(code -> code == 0)
                    && outcome.users().distinct.size() == records && outcome.users().records.get() == records
                    && outcome.events().distinct.size() == records && outcome.events().records.get() == records
                    && outcome.users().tooMany.get() == 0 && outcome.events().tooMany.get() == 0
                    && outcome.users().shareOfLimit() >= 0.9 && outcome.events().shareOfLimit() >= 0.9;
            System.out.println("goals (every record once, zero 429s, >= 90% of each limit): " + (met ? "MET" : "MISSED"));
            System.exit(met ? 0 : 1);
        }
    }

    private static void print(String name, FakeIterableProject.Endpoint e, int batchSize) {
        double span = e.spanSeconds();
        System.out.printf("%-22s %9d %,9d %,9d %6d %8.1f %9.2f %7d %8.1f%%   busiest second %d requests"
                + " (%d+1 within %.0f ms at the closest), %,.0f records/s of a %,d ceiling%n", name, e.requests(),
                e.records.get(), e.distinct.size(), e.tooMany.get(),
                span, span == 0 ? 0 : (e.requests() - 1) / span, e.limit, 100 * e.shareOfLimit(), e.busiestSecond(), e.limit,
                e.tightestSpanMillis(),
                span == 0 ? 0 : e.records.get() / span, e.limit * batchSize);
    }

    /**
     * Starts {@code jvms} workers on {@code project}, each with its share of the records, users and events each on
     * the rate limiter named, together allowed {@code shareOfLimits} of Iterable's limits, and waits for them.
     */
    static Outcome run(FakeIterableProject project, String usersRateLimiter, String eventsRateLimiter, int jvms,
            int records, int batchSize, double shareOfLimits)
            throws Exception {
        forgetEarlierRuns();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = classPath();
        List<Process> workers = new ArrayList<>();
        List<String> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        long start = System.nanoTime();
        int share = records / jvms;
        for (int w = 0; w < jvms; w++) {
            int first = w * share;
            int count = w == jvms - 1 ? records - first : share;
            String name = "w" + (w + 1);
            Process worker = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=scale-worker-logback.xml", "-cp", classPath,
                    ScaleOutWorker.class.getName(), name, project.baseUri(), API_KEY, PostgresState.url(),
                    usersRateLimiter, eventsRateLimiter, LocalRedis.URI, String.valueOf(first), String.valueOf(count),
                    String.valueOf(batchSize), String.valueOf(shareOfLimits))
                    .redirectErrorStream(true)
                    .start();
            workers.add(worker);
            Thread reader = new Thread(() -> collect(name, worker, results), "scale-out-" + name);
            reader.start();
            readers.add(reader);
        }
        List<Integer> exitCodes = new ArrayList<>();
        for (Process worker : workers) {
            exitCodes.add(worker.waitFor());
        }
        for (Thread reader : readers) {
            reader.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(project.endpoint(FakeIterableProject.USERS), project.endpoint(FakeIterableProject.EVENTS),
                List.copyOf(results), exitCodes, seconds);
    }

    /** Keeps the RESULT line, and any WARN or ERROR line, of a worker's output. */
    private static void collect(String name, Process worker, List<String> results) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT") || line.contains("WARN") || line.contains("ERROR")
                        || line.startsWith("Exception") || line.startsWith("\tat ")) {
                    results.add(name + ": " + line);
                }
            }
        } catch (IOException e) {
            results.add(name + ": output lost: " + e);
        }
    }

    /** The state of earlier runs would make every record UNCHANGED: the runs start from empty state. */
    private static void forgetEarlierRuns() throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresState.url(), "postgres", "");
                Statement st = c.createStatement()) {
            for (String table : List.of("iterable_state", "iterable_run_keys", "iterable_first_seen")) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
                    if (rs.next()) {
                        st.execute("DELETE FROM " + table + " WHERE sync_id LIKE 'scale-%'");
                    }
                }
            }
        }
    }

    /** The test class path: exec:java's class loader's URLs, else the JVM's (surefire sets it to the test's). */
    private static String classPath() throws URISyntaxException {
        ClassLoader loader = ScaleOut.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return entries.stream().collect(Collectors.joining(File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
