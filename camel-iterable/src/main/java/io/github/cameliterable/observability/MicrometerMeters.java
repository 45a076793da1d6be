package io.github.cameliterable.observability;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.sync.SyncReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

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
        MeterRegistry registry = registryOf(camel.getRegistry());
        return registry == null ? null : new MicrometerMeters(registry, syncType, syncId);
    }

    /**
     * camel-micrometer's bean name first, then the only registry, then the composite over several (as Spring Boot
     * makes with more than one exporter), so that the meters reach every exporter of the application.
     */
    private static MeterRegistry registryOf(Registry beans) {
        MeterRegistry named = beans.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (named != null) {
            return named;
        }
        Set<MeterRegistry> registries = beans.findByType(MeterRegistry.class);
        if (registries.size() == 1) {
            return registries.iterator().next();
        }
        return registries.stream().filter(CompositeMeterRegistry.class::isInstance).findFirst().orElse(null);
    }

    @Override
    public void attempted(ApiCall call, int attempt, int status, long durationNanos) {
        String endpoint = call.endpoint().name();
        Counter.builder("iterable.api.calls")
                .description("Requests sent to Iterable, retries included")
                .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint, "status", String.valueOf(status))
                .register(registry)
                .increment();
        Timer.builder("iterable.api.latency")
                .description("Time Iterable took to answer")
                .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
        DistributionSummary.builder("iterable.request.bytes")
                .description("Request body sizes (batch bytes)")
                .baseUnit("bytes")
                .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                .register(registry)
                .record(call.bodyBytes());
        if (attempt > 1) {
            Counter.builder("iterable.retries")
                    .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                    .register(registry)
                    .increment();
        }
        if (status == 429) {
            Counter.builder("iterable.rate.limited")
                    .tags("syncType", syncType, "syncId", syncId, "endpoint", endpoint)
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void runEnded(SyncReport report) {
        report.recordCounts()
                .forEach((outcome, count) -> Counter.builder("iterable.records")
                        .description("Records by outcome, summed over runs")
                        .tags("syncType", syncType, "syncId", syncId, "outcome", outcome)
                        .register(registry)
                        .increment(count));
        Counter.builder("iterable.runs").tags("syncType", syncType, "syncId", syncId).register(registry).increment();
    }
}
