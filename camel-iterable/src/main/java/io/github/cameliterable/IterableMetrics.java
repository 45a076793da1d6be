package io.github.cameliterable;

import io.github.cameliterable.client.ApiCall;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;

/**
 * The metrics of one endpoint: records by outcome after each run, and every API call attempt (by Iterable
 * endpoint and status, with latency and bytes, retries and 429s). Recorded into Micrometer when the application has
 * a {@code MeterRegistry}, and into a JMX MBean otherwise.
 */
interface IterableMetrics extends AutoCloseable {

    void attempted(ApiCall call, int attempt, int status, long durationNanos);

    void runEnded(SyncReport report);

    @Override
    void close();

    /** Micrometer when a MeterRegistry is in the Camel registry (and Micrometer on the classpath), JMX otherwise. */
    static IterableMetrics create(CamelContext camel, String syncType, String syncId) {
        if (MicrometerPresence.AVAILABLE) {
            IterableMetrics micrometer = MicrometerMetrics.lookup(camel, syncType, syncId);
            if (micrometer != null) {
                return micrometer;
            }
        }
        return JmxMetrics.register(camel, syncType, syncId);
    }

    /** Checked once, so that nothing links to Micrometer's classes when the application does not have them. */
    final class MicrometerPresence {
        static final boolean AVAILABLE = present();

        private MicrometerPresence() {
        }

        private static boolean present() {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false, IterableMetrics.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }
}
