package io.github.cameliterable;

import java.util.Map;

/** What the Iterable metrics MBean shows (JMX, when the application has no Micrometer registry). */
public interface SyncMetricsMBean {
    String getSyncType();

    String getSyncId();

    long getRuns();

    Map<String, Long> getRecords();

    Map<String, Long> getApiCalls();

    long getRetries();

    long getRateLimited();

    long getRequestBytes();

    long getMaxRequestBytes();

    double getMeanLatencyMillis();

    String getLastReport();
}
