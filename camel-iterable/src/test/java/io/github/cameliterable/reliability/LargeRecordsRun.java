package io.github.cameliterable.reliability;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A first run of large records (default 2,000 of 1 MB), read lazily as from a database cursor, into a sink that
 * reads each request and answers success at once: shows the heap a run needs does not grow with the record size
 * times the read-ahead. Prints the counts, the time and the peak heap; exits 0 when every record succeeded.
 * <pre>
 * mvn -B -q -pl camel-iterable -am test-compile
 * mvn -B -q -pl camel-iterable dependency:build-classpath -Dmdep.outputFile=target/test.classpath
 * java -Xmx256m -cp camel-iterable/target/test-classes:camel-iterable/target/classes:$(cat camel-iterable/target/test.classpath) \
 *   io.github.cameliterable.reliability.LargeRecordsRun 2000 1048576
 * </pre>
 */
public final class LargeRecordsRun {
    /** The most heap seen in use, sampled every 20 ms (garbage not yet collected included). */
    private static final AtomicLong PEAK = new AtomicLong();
    /** The most heap found in use just after a collection: what the run really holds. */
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
    private LargeRecordsRun() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int chars = args.length > 1 ? Integer.parseInt(args[1]) : 1024 * 1024;
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            byte[] answer = "{\"successCount\":0,\"failCount\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        sink.start();
        Path state = Files.createTempDirectory("large-records");
        CamelContext camel = new DefaultCamelContext();
        boolean complete;
        try {
            IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
            component.getConfiguration().setApiKey("large-records-key");
            component.getConfiguration().setBaseUri("http://127.0.0.1:" + sink.getAddress().getPort());
            component.getConfiguration().setStateDirectory(state.toString());
            component.getRateLimits().setEnabled(false);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:sync").to("iterable:users");
                }
            });
            camel.start();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Runtime jvm = Runtime.getRuntime();
                    PEAK.accumulateAndGet(jvm.totalMemory() - jvm.freeMemory(), Math::max);
                    long live = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
                        live += afterGc == null ? 0 : afterGc.getUsed();
                    }
                    PEAK_AFTER_GC.accumulateAndGet(live, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            SyncReport report = camel.createProducerTemplate()
                    .requestBody("direct:sync", rows(records, chars), SyncReport.class);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            long peak = PEAK.get();
            System.out.printf(
                    "records=%d chars=%d received=%d succeeded=%d failed=%d seconds=%.1f peakHeapUsedMiB=%d peakAfterGcMiB=%d maxHeapMiB=%d%n",
                    records, chars, report.getReceived(), report.getSucceeded(), report.getFailed(), seconds, peak >> 20,
                    PEAK_AFTER_GC.get() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            complete = report.getSucceeded() == records;
        } finally {
            camel.stop();
            sink.stop(0);
        }
        System.exit(complete ? 0 : 1);
    }

    /** Rows made one at a time, each with its own large text, so that only what the run holds stays in memory. */
    static Iterator<Map<String, Object>> rows(int records, int chars) {
        return Reliability.lazily(records, i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("email", "large" + i + "@example.com");
            row.put("notes", String.valueOf((char) ('a' + i % 26)).repeat(chars));
            return row;
        });
    }
}
