package io.github.cameliterable.reliability;

import java.util.Iterator;
import java.util.Map;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The process {@link CrashSafetyTest} kills: syncs users 1..count, streamed, into the Iterable at baseUri, with its
 * state in stateDirectory. The API key comes from the environment (ITERABLE_API_KEY), not the command line.
 * <pre>java -cp ... CrashingSync baseUri stateDirectory count</pre>
 */
public final class CrashingSync {
    /** The endpoint both the crashing run and the runs after it use: same syncId, same state. */
    static final String URI = "iterable:users?snapshot=true&deleteBehavior=delete&batchSize=50&maxConcurrentRequests=2"
            + "&rateLimit=1000&" + Reliability.FAST_RETRIES;

    private CrashingSync() {
    }

    public static void main(String[] args) throws Exception {
        String baseUri = args[0];
        String stateDirectory = args[1];
        int count = Integer.parseInt(args[2]);
        CamelContext camel = new DefaultCamelContext();
        IterableComponent component = camel.getComponent("iterable", IterableComponent.class);
        component.getConfiguration().setApiKey(System.getenv("ITERABLE_API_KEY"));
        component.getConfiguration().setBaseUri(baseUri);
        component.getConfiguration().setStateDirectory(stateDirectory);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to(URI);
            }
        });
        camel.start();
        System.out.println("SYNC STARTED");
        SyncReport report = camel.createProducerTemplate().requestBody("direct:users", users(count), SyncReport.class);
        System.out.println("SYNC FINISHED " + report);
        camel.stop();
    }

    /** Users 1..count as a stream of rows, never all in memory. */
    static Iterator<Map<String, Object>> users(int count) {
        return Reliability.lazily(count, Reliability::user);
    }
}
