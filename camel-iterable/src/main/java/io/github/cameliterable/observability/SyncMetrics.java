package io.github.cameliterable.observability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;

/**
 * The metrics of one endpoint's sync: records by outcome summed over runs, and every API call attempt (by Iterable
 * endpoint and status, with latency and bytes, retries and 429s). Kept here for Camel's management (the endpoint's
 * managed attributes) and forwarded to Micrometer when the application has a {@code MeterRegistry}.
 */
public final class SyncMetrics {
    /** Where the metrics also go: Micrometer, when present. */
    interface Sink {
        void attempted(ApiCall call, int attempt, int status, long durationNanos);

        void runEnded(SyncReport report);
    }

    /** A report with nothing counted: the outcomes' names. */
    private static final SyncReport NO_RUN = new SyncReport("", "", false);

    private final Sink micrometer;
    private final AtomicLong runs = new AtomicLong();
    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong requestBytes = new AtomicLong();
    private final AtomicLong maxRequestBytes = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private final AtomicLong timedCalls = new AtomicLong();

    SyncMetrics(Sink micrometer) {
        this.micrometer = micrometer;
    }

    /** Metrics that also go to Micrometer when a MeterRegistry is in the Camel registry (and on the classpath). */
    public static SyncMetrics create(CamelContext camel, String syncType, String syncId) {
        return new SyncMetrics(MicrometerPresence.AVAILABLE ? MicrometerMeters.lookup(camel, syncType, syncId) : null);
    }

    public void attempted(ApiCall call, int attempt, int status, long durationNanos) {
        calls.computeIfAbsent(call.endpoint().name() + " " + status, k -> new AtomicLong()).incrementAndGet();
        if (attempt > 1) {
            retries.incrementAndGet();
        }
        if (status == 429) {
            rateLimited.incrementAndGet();
        }
        requestBytes.addAndGet(call.bodyBytes());
        maxRequestBytes.accumulateAndGet(call.bodyBytes(), Math::max);
        latencyNanos.addAndGet(durationNanos);
        timedCalls.incrementAndGet();
        if (micrometer != null) {
            micrometer.attempted(call, attempt, status, durationNanos);
        }
    }

    public void runEnded(SyncReport report) {
        runs.incrementAndGet();
        report.forEachRecordCount((outcome, n) -> {
            if (n != 0) {
                records.computeIfAbsent(outcome, k -> new AtomicLong()).addAndGet(n);
            }
        });
        if (micrometer != null) {
            micrometer.runEnded(report);
        }
    }

    /** Sets every sum back to zero (Micrometer's meters are the application's and stay). */
    public void reset() {
        runs.set(0);
        records.clear();
        calls.clear();
        retries.set(0);
        rateLimited.set(0);
        requestBytes.set(0);
        maxRequestBytes.set(0);
        latencyNanos.set(0);
        timedCalls.set(0);
    }

    public long runs() {
        return runs.get();
    }

    /** Records by outcome (the report's names), summed over runs; every outcome once a run ended, zero or not. */
    public Map<String, Long> records() {
        Map<String, Long> copy = snapshot(records);
        if (runs.get() > 0) {
            NO_RUN.forEachRecordCount((outcome, zero) -> copy.putIfAbsent(outcome, zero));
        }
        return copy;
    }

    /** Attempts by "ENDPOINT status". */
    public Map<String, Long> apiCalls() {
        return snapshot(calls);
    }

    public long retries() {
        return retries.get();
    }

    public long rateLimited() {
        return rateLimited.get();
    }

    public long requestBytes() {
        return requestBytes.get();
    }

    public long maxRequestBytes() {
        return maxRequestBytes.get();
    }

    public double meanLatencyMillis() {
        long n = timedCalls.get();
        return n == 0 ? 0 : latencyNanos.get() / 1e6 / n;
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Checked once, so that nothing links to Micrometer's classes when the application does not have them. */
    private static final class MicrometerPresence {
        static final boolean AVAILABLE = present();

        private MicrometerPresence() {
        }

        private static boolean present() {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false, SyncMetrics.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
