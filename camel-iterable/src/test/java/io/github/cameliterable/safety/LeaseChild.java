package io.github.cameliterable.safety;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The other process of {@link TwoJvmLeaseTest}: a CamelContext of its own on the shared PostgreSQL state, running
 * one snapshot of the model, then printing its report. Arguments: Iterable base URI, API key, JDBC URL, endpoint URI,
 * model size.
 */
public final class LeaseChild {
    private LeaseChild() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext camel = PostgresState.camelOnState(args[0], args[1], args[2])) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:model").routeId("model").to(args[3]);
                }
            });
            camel.start();
            SyncReport report = camel.createProducerTemplate()
                    .requestBody("direct:model", model(Integer.parseInt(args[4])),
                            SyncReport.class);
            System.out.println("REPORT " + report.counts());
        }
    }

    static List<Map<String, Object>> model(int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> Map.<String, Object> of("email", "m" + i + "@example.com", "n", i))
                .toList();
    }
}
