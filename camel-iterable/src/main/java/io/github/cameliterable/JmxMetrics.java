package io.github.cameliterable;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics as a JMX MBean, {@code io.github.cameliterable:type=sync,context=<camel>,syncId=<id>}, for
 * applications without Micrometer: summed record outcomes, calls by endpoint and status, retries, 429s, bytes and
 * latency.
 */
public final class JmxMetrics implements IterableMetrics, SyncMetricsMBean {
    private static final Logger LOG = LoggerFactory.getLogger(JmxMetrics.class);

    private final String syncType;
    private final String syncId;
    private final ObjectName name;
    private final AtomicLong runs = new AtomicLong();
    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong maxBytes = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private final AtomicLong timedCalls = new AtomicLong();
    private volatile String lastReport = "";

    private JmxMetrics(String syncType, String syncId, ObjectName name) {
        this.syncType = syncType;
        this.syncId = syncId;
        this.name = name;
    }

    static JmxMetrics register(CamelContext camel, String syncType, String syncId) {
        ObjectName name = null;
        try {
            name = new ObjectName("io.github.cameliterable:type=sync,context=" + ObjectName.quote(camel.getName())
                                  + ",syncId=" + ObjectName.quote(syncId));
            JmxMetrics metrics = new JmxMetrics(syncType, syncId, name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(metrics, SyncMetricsMBean.class), name);
            return metrics;
        } catch (Exception e) {
            LOG.warn("Could not register the Iterable metrics MBean {}: {}", name, e.getMessage());
            return new JmxMetrics(syncType, syncId, null);
        }
    }

    /** The record counts of a run by outcome, the same names for Micrometer and JMX. */
    static Map<String, Long> recordCounts(SyncReport report) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("new", report.getNew());
        counts.put("changed", report.getChanged());
        counts.put("unchanged", report.getUnchanged());
        counts.put("removed", report.getRemoved());
        counts.put("duplicates", report.getDuplicates());
        counts.put("invalid", report.getInvalid());
        counts.put("sent", report.getSent());
        counts.put("succeeded", report.getSucceeded());
        counts.put("failed", report.getFailed());
        counts.put("skipped", report.getSkipped());
        counts.put("deferred", report.getDeferred());
        return counts;
    }

    @Override
    public void attempted(ApiCall call, int attempt, int status, long durationNanos) {
        calls.computeIfAbsent(call.endpoint().name() + " " + status, k -> new AtomicLong()).incrementAndGet();
        if (attempt > 1) {
            retries.incrementAndGet();
        }
        if (status == 429) {
            rateLimited.incrementAndGet();
        }
        bytes.addAndGet(call.bodyBytes());
        maxBytes.accumulateAndGet(call.bodyBytes(), Math::max);
        latencyNanos.addAndGet(durationNanos);
        timedCalls.incrementAndGet();
    }

    @Override
    public void runEnded(SyncReport report) {
        runs.incrementAndGet();
        recordCounts(report).forEach((outcome, n) -> records.computeIfAbsent(outcome, k -> new AtomicLong()).addAndGet(n));
        lastReport = report.toString();
    }

    @Override
    public void close() {
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (Exception e) {
                LOG.debug("The Iterable metrics MBean {} was already gone", name);
            }
        }
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public String getSyncType() {
        return syncType;
    }

    @Override
    public String getSyncId() {
        return syncId;
    }

    @Override
    public long getRuns() {
        return runs.get();
    }

    @Override
    public Map<String, Long> getRecords() {
        return snapshot(records);
    }

    @Override
    public Map<String, Long> getApiCalls() {
        return snapshot(calls);
    }

    @Override
    public long getRetries() {
        return retries.get();
    }

    @Override
    public long getRateLimited() {
        return rateLimited.get();
    }

    @Override
    public long getRequestBytes() {
        return bytes.get();
    }

    @Override
    public long getMaxRequestBytes() {
        return maxBytes.get();
    }

    @Override
    public double getMeanLatencyMillis() {
        long n = timedCalls.get();
        return n == 0 ? 0 : latencyNanos.get() / 1e6 / n;
    }

    @Override
    public String getLastReport() {
        return lastReport;
    }
}
