package io.github.cameliterable.examples.bench;

/**
 * Scenario 2: custom events through {@code events/trackBulk} (10 requests/s; no size limit published, the component
 * keeps 4 MB a request), about 250 bytes of JSON per event.
 * <pre>
 * mvn -B -q -pl camel-iterable-examples exec:java \
 *   -Dexec.mainClass=io.github.cameliterable.examples.bench.EventsThroughputBench [-Drows=1000000 -DcountRows=100000 -DhttpRows=20000]
 * </pre>
 */
public final class EventsThroughputBench {
    private EventsThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Throughput.run(new Throughput.Spec("Scenario 2: events/trackBulk under Iterable's limits (10 req/s, 4 MB kept)",
                "iterable:events?eventName=productViewed&primaryKey=id&eventIdColumn=id", "/api/events/trackBulk", 10,
                "{\"events\":[", "]}", "/api/events/track", 2000, Bench::eventRow, Throughput::eventTrackBody));
        System.exit(0);
    }
}
