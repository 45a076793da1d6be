package io.github.cameliterable.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.slf4j.LoggerFactory;

/**
 * What the benchmarks share: the row generators (lazy iterators, never lists), a Camel context wired to an Iterable
 * base URI, a heap watcher, the machine's description and number formatting. Each benchmark is a plain main run
 * with {@code mvn -pl camel-iterable-examples exec:java -Dexec.mainClass=...}; see docs/performance.md.
 */
final class Bench {
    /** Iterable's limit on one users/bulkUpdate body: 4 MB. */
    static final long FOUR_MB = 4L * 1024 * 1024;

    private Bench() {
    }

    /**
     * Quiet logs (WARN everywhere), so that no log line costs time in a measurement: the emulator's test-jar brings a
     * logback-test.xml that turns the call log on at DEBUG.
     */
    static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            for (ch.qos.logback.classic.Logger logger : logback.getLoggerList()) {
                logger.setLevel(org.slf4j.Logger.ROOT_LOGGER_NAME.equals(logger.getName())
                        ? ch.qos.logback.classic.Level.WARN
                        : null);
            }
        }
    }

    static long longProperty(String name, long defaultValue) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? defaultValue : Long.parseLong(value.replace("_", "").replace(",", ""));
    }

    static void machine(String title) {
        Runtime rt = Runtime.getRuntime();
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        System.out.printf(Locale.ROOT, "== %s%n", title);
        System.out.printf(Locale.ROOT,
                "machine: %d cores (nproc), %.1f GiB RAM, load average %.2f; JDK %s (%s); max heap %d MiB%n",
                rt.availableProcessors(), physical / (1024.0 * 1024 * 1024),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), rt.maxMemory() / (1024 * 1024));
    }

    // ---- rows

    /**
     * User rows of about 250 bytes of JSON each once mapped ({@code {"email":...,"dataFields":{...}}}): row {@code i}
     * has email {@code user<i>@example.com}; {@code version} changes a data field's value (a changed row).
     */
    static Map<String, Object> userRow(long i, int version) {
        Map<String, Object> row = new LinkedHashMap<>(16);
        row.put("email", email(i));
        row.put("firstName", FIRST[(int) (i % FIRST.length)]);
        row.put("lastName", LAST[(int) ((i / 7) % LAST.length)]);
        row.put("city", CITY[(int) ((i / 3) % CITY.length)]);
        row.put("country", COUNTRY[(int) (i % COUNTRY.length)]);
        row.put("plan", PLAN[(int) ((i / 11) % PLAN.length)]);
        row.put("signupDate", "2024-0" + (1 + i % 9) + "-1" + (i % 10));
        row.put("orders", (int) (i % 97));
        row.put("lifetimeValue", (i % 100_000) / 100.0);
        row.put("optIn", i % 3 != 0);
        row.put("favoriteCategory", CATEGORY[(int) ((i / 5) % CATEGORY.length)] + (version == 0 ? "" : "-v" + version));
        return row;
    }

    /** Event rows of about 250 bytes of JSON each once mapped; {@code id} is the primary key and event id. */
    static Map<String, Object> eventRow(long i) {
        Map<String, Object> row = new LinkedHashMap<>(16);
        row.put("id", "evt-" + i);
        row.put("email", email(i % 1_000_000));
        row.put("sku", "SKU-" + (100_000 + i % 900_000));
        row.put("productName", CATEGORY[(int) (i % CATEGORY.length)] + " " + LAST[(int) ((i / 3) % LAST.length)]);
        row.put("quantity", (int) (1 + i % 5));
        row.put("price", (i % 10_000) / 100.0);
        row.put("currency", "EUR");
        row.put("channel", i % 2 == 0 ? "web" : "app");
        row.put("campaign", "spring-sale-" + (i % 20));
        row.put("page", "/catalog/" + CATEGORY[(int) ((i / 7) % CATEGORY.length)].toLowerCase(Locale.ROOT));
        return row;
    }

    static String email(long i) {
        return "user" + (1_000_000_000L + i) + "@example.com";
    }

    /**
     * Rows {@code 0 .. count-1} made lazily by {@code make}, skipping the indexes {@code skip} accepts: the model is
     * never in memory as a whole.
     */
    static Iterator<Map<String, Object>> rows(long count, LongPredicate skip,
            java.util.function.LongFunction<Map<String, Object>> make) {
        return new Iterator<>() {
            private long next = advance(0);

            private long advance(long from) {
                long i = from;
                while (i < count && skip.test(i)) {
                    i++;
                }
                return i;
            }

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Map<String, Object> next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                Map<String, Object> row = make.apply(next);
                next = advance(next + 1);
                return row;
            }
        };
    }

    static Iterator<Map<String, Object>> users(long count) {
        return rows(count, i -> false, i -> userRow(i, 0));
    }

    /**
     * The throughput ceiling of a bulk endpoint: its request rate times how many records of {@code bytesPerRecord}
     * (plus the comma between records) fit in one body of {@code maxBody} bytes less the envelope.
     */
    static long ceiling(int requestsPerSecond, long maxBody, int envelope, double bytesPerRecord) {
        return requestsPerSecond * (long) Math.floor((maxBody - envelope) / (bytesPerRecord + 1));
    }

    // ---- camel

    /** A started CamelContext whose iterable component talks to {@code baseUri}. */
    static CamelContext camel(String baseUri, String apiKey, Path stateDirectory, RoutesBuilder routes) throws Exception {
        return camel(baseUri, apiKey, stateDirectory, routes, c -> {
        });
    }

    /** As above; {@code setup} configures the component before the routes start (endpoints copy its options). */
    static CamelContext camel(String baseUri, String apiKey, Path stateDirectory, RoutesBuilder routes,
            java.util.function.Consumer<IterableComponent> setup) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(apiKey);
        component.getConfiguration().setBaseUri(baseUri);
        if (stateDirectory != null) {
            component.getConfiguration().setStateDirectory(stateDirectory.toString());
        }
        setup.accept(component);
        camel.addRoutes(routes);
        camel.start();
        return camel;
    }

    /**
     * A pool on PostgreSQL ({@code -Dpg.url}, {@code -Dpg.user}) with the state store's tables of {@code tablePrefix}
     * dropped. The driver runs with its defaults, as a user's DataSource does, unless
     * {@code -Dpg.reWriteBatchedInserts=true}.
     */
    static JdbcConnectionPool postgresPool(String tablePrefix) throws SQLException {
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setUrl(System.getProperty("pg.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        pg.setUser(System.getProperty("pg.user", "postgres"));
        pg.setReWriteBatchedInserts(Boolean.getBoolean("pg.reWriteBatchedInserts"));
        JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of("state", "run_keys", "first_seen", "intake", "intake_failed", "lease")) {
                st.execute("DROP TABLE IF EXISTS " + tablePrefix + table);
            }
        }
        return pool;
    }

    static SyncReport sync(CamelContext camel, String route, Object body) {
        return camel.createProducerTemplate().requestBody("direct:" + route, body, SyncReport.class);
    }

    static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of the regular files under {@code dir}. */
    static long sizeOnDisk(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- measuring

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The median of {@code values} (sorted in place): the middle one, or the mean of the middle two. */
    static double median(double[] values) {
        java.util.Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * The process's minor page faults so far (Linux's /proc/self/stat; -1 elsewhere): a heap still growing touches new
     * pages, and on a virtual machine each first touch costs microseconds of the process's CPU.
     */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The bytes the JVM's live threads have allocated so far (the same figure for the same code and rows, whatever the
     * machine's speed: a way to compare two builds that a noisy machine's CPU figures cannot tell apart); a thread that
     * ended is not counted, so read it on runs that start no thread of their own.
     */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    /**
     * CPU ticks (1/100 s) of each group of the process's threads (Linux's /proc; names with their digits taken out),
     * native ones included (the collector's, the JIT's, RocksDB's); empty elsewhere. A thread that ended is not listed.
     */
    static Map<String, Long> threadGroupsCpuTicks() {
        Map<String, Long> groups = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9#]+", "N");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return groups;
    }

    static String n(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024));
    }

    /** Samples the heap every 20 ms: the peak used, and the peak of the heap still used after a collection (live set). */
    static final class HeapWatch implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakUsed;
        private volatile long peakAfterGc;

        HeapWatch() {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long afterGc = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    afterGc += pool.getCollectionUsage().getUsed();
                }
            }
            peakUsed = Math.max(peakUsed, used);
            peakAfterGc = Math.max(peakAfterGc, afterGc);
        }

        long peakUsed() {
            return peakUsed;
        }

        long peakAfterGc() {
            return peakAfterGc;
        }

        @Override
        public void close() {
            sample();
            running = false;
            thread.interrupt();
        }
    }

    private static final String[] FIRST = {"Amelia", "Benjamin", "Charlotte", "Daniel", "Elena", "Farid", "Greta",
            "Hiroshi", "Ingrid", "Jonas", "Katarina", "Lukas", "Maja", "Nikolai", "Olivia", "Pedro"};
    private static final String[] LAST = {"Andersson", "Bergstrom", "Castellano", "Dubois", "Eriksen", "Fontaine",
            "Gonzalez", "Hoffmann", "Ivanova", "Johansson", "Kowalski", "Lindqvist", "Moreau", "Novak"};
    private static final String[] CITY = {"Amsterdam", "Barcelona", "Copenhagen", "Dublin", "Edinburgh", "Frankfurt",
            "Gothenburg", "Helsinki", "Innsbruck", "Lisbon", "Marseille", "Oslo"};
    private static final String[] COUNTRY = {"NL", "ES", "DK", "IE", "GB", "DE", "SE", "FI", "AT", "PT", "FR", "NO"};
    private static final String[] PLAN = {"free", "starter", "professional", "enterprise"};
    private static final String[] CATEGORY = {"Outdoor", "Kitchen", "Electronics", "Garden", "Books", "Toys",
            "Fashion", "Sports"};
}
