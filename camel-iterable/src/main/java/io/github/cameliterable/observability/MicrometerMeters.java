package io.github.cameliterable.observability;

import java.util.concurrent.TimeUnit;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.sync.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/**
 * Micrometer meters, tagged by sync type and syncId: {@code iterable.records} (by outcome), {@code iterable.api.calls}
 * (by Iterable endpoint and status), {@code iterable.api.latency}, {@code iterable.request.bytes},
 * {@code iterable.retries}, {@code iterable.rate.limited} and {@code iterable.runs}. Loaded only when Micrometer is on
 * the classpath.
 */
final class MicrometerMeters implements SyncMetrics.Sink {
    private final MeterRegistry registry;
    private final String syncType;
    private final String syncId;

    private MicrometerMeters(MeterRegistry registry, String syncType, String syncId) {
        this.registry = registry;
        this.syncType = syncType;
        this.syncId = syncId;
    }

    /** The meters of one sync in the application's registry, or null when the Camel registry holds none. */
    static SyncMetrics.Sink lookup(CamelContext camel, String syncType, String syncId) {
        MeterRegistry registry = camel.getRegistry().findSingleByType(MeterRegistry.class);
        return registry == null ? null : new MicrometerMeters(registry, syncType, syncId);
    }

    @Override
    public void attempted(ApiCall call, int attempt, int status, long durationNanos) {
        String endpoint = call.endpoint().name();
        Counter.builder("iterable.api.calls").description("Requests sent to Iterable, retries included")
                .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint, "status", String.valueOf(status))
                .register(registry).increment();
        Timer.builder("iterable.api.latency").description("Time Iterable took to answer")
                .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                .register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder("iterable.request.bytes").description("Request body sizes (batch bytes)")
                .baseUnit("bytes").tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                .register(registry).record(call.bodyBytes());
        if (attempt > 1) {
            Counter.builder("iterable.retries").tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                    .register(registry).increment();
        }
        if (status == 429) {
            Counter.builder("iterable.rate.limited").tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                    .register(registry).increment();
        }
    }

    @Override
    public void runEnded(SyncReport report) {
        report.recordCounts().forEach((outcome, count) -> Counter.builder("iterable.records")
                .description("Records by outcome, summed over runs")
                .tags("syncType", syncType, "syncId", syncId, "outcome", outcome)
                .register(registry).increment(count));
        Counter.builder("iterable.runs").tags("syncType", syncType, "syncId", syncId).register(registry).increment();
    }
}
