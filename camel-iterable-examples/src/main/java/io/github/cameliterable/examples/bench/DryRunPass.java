package io.github.cameliterable.examples.bench;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * One build's side of {@link AbBench}: scenario 3's dry run ({@code -Dvariant=hash|plain}) on a CamelContext of its
 * own; each call runs one model of {@code -Drows} users and returns how many it read. Made by {@link AbBench} in the
 * build's own class loader, so that it runs that build's component.
 */
public final class DryRunPass implements LongSupplier, AutoCloseable {
    private final long rows = Bench.longProperty("rows", 500_000);
    private final String variant = System.getProperty("variant", "hash");
    private final Path state = Bench.tempDirectory("bench-ab");
    private final LimitsStub sink = new LimitsStub(false);
    private final CamelContext camel;

    public DryRunPass() throws Exception {
        Bench.quietLogs();
        camel = Bench.camel(sink.baseUri(), "bench-api-key", state, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plain").to("iterable:users?dryRun=true&changeDetection=false");
                from("direct:hash").to("iterable:users?dryRun=true&syncId=bench-ab");
            }
        }, component -> component.getRateLimits().setEnabled(false));
    }

    @Override
    public long getAsLong() {
        Bench.sync(camel, variant, Bench.users(rows));
        return rows;
    }

    @Override
    public void close() throws Exception {
        camel.close();
        sink.close();
        Bench.deleteRecursively(state);
    }
}
