package io.github.cameliterable.scale;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import io.github.cameliterable.IterableComponent;
import io.github.cameliterable.client.ApiEndpoint;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * One JVM of {@link ScaleOut}: a CamelContext as a user's replica has it (state in PostgreSQL, the rate limiter
 * chosen by {@code rateLimiter}), syncing its share of users and events at once, each a model streamed from an
 * iterator. Prints one {@code RESULT} line and exits 0 when every record succeeded.
 * <p>
 * Arguments: {@code name baseUri apiKey postgresUrl usersRateLimiter eventsRateLimiter redisUri firstRecord records
 * batchSize share}, where {@code share} is the part of Iterable's limits the JVMs together may use (1.0: all).
 */
public final class ScaleOutWorker {
    private ScaleOutWorker() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String baseUri = args[1];
        String apiKey = args[2];
        String postgresUrl = args[3];
        String usersRateLimiter = args[4];
        String eventsRateLimiter = args[5];
        String redisUri = args[6];
        int first = Integer.parseInt(args[7]);
        int count = Integer.parseInt(args[8]);
        int batchSize = Integer.parseInt(args[9]);
        double share = Double.parseDouble(args[10]);

        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setURL(postgresUrl);
        pg.setUser("postgres");
        pg.setReWriteBatchedInserts(true);
        JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
        pool.setMaxConnections(8);
        CamelContext camel = new DefaultCamelContext();
        boolean complete;
        try {
            camel.getRegistry().bind("state", pool);
            IterableComponent iterable = camel.getComponent("iterable", IterableComponent.class);
            iterable.getConfiguration().setApiKey(apiKey);
            iterable.getConfiguration().setBaseUri(baseUri);
            iterable.getConfiguration().setStateDataSource(pool);
            String options = "&batchSize=" + batchSize + "&rateLimiterRedisUri=" + redisUri;
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:users").to("iterable:users?syncId=scale-users-" + name + options + "&rateLimiter="
                            + usersRateLimiter + rateLimit(ApiEndpoint.USERS_BULK_UPDATE, share));
                    from("direct:events").to("iterable:events?eventName=scale_test&eventIdColumn=id&primaryKey=id"
                            + "&syncId=scale-events-" + name + options + "&rateLimiter="
                            + eventsRateLimiter + rateLimit(ApiEndpoint.EVENTS_TRACK_BULK, share));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            long start = System.nanoTime();
            CompletableFuture<SyncReport> users = producer.asyncRequestBody("direct:users",
                    records(first, count, i -> user(name, i)), SyncReport.class);
            CompletableFuture<SyncReport> events = producer.asyncRequestBody("direct:events",
                    records(first, count, i -> event(name, i)), SyncReport.class);
            SyncReport u = users.get();
            SyncReport e = events.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RESULT %s users.succeeded=%d users.failed=%d users.rateLimited=%d events.succeeded=%d"
                    + " events.failed=%d events.rateLimited=%d seconds=%.1f%n", name, u.getSucceeded(),
                    u.getFailed(), u.getRateLimited(), e.getSucceeded(), e.getFailed(), e.getRateLimited(), seconds);
            complete = u.getFailed() == 0 && e.getFailed() == 0 && u.getSucceeded() == count && e.getSucceeded() == count;
        } finally {
            camel.stop();
            pool.dispose();
        }
        System.exit(complete ? 0 : 1);
    }

    /** The rateLimit option that keeps to {@code share} of the endpoint's published limit. */
    private static String rateLimit(ApiEndpoint endpoint, double share) {
        return share >= 1 ? "" : "&rateLimit=" + Math.max(1, (int) (endpoint.requestsPerSecond() * share));
    }

    static Map<String, Object> user(String worker, int i) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("email", String.format("%s-%07d@scale.example.com", worker, i));
        user.put("firstName", "User " + i);
        user.put("plan", i % 3 == 0 ? "pro" : "free");
        user.put("score", i % 1000);
        return user;
    }

    static Map<String, Object> event(String worker, int i) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", String.format("%s-e%07d", worker, i));
        event.put("email", String.format("%s-%07d@scale.example.com", worker, i));
        event.put("amount", i % 500);
        return event;
    }

    /** A model streamed from an iterator, never all in memory. */
    private static Iterator<Map<String, Object>> records(int first, int count,
            IntFunction<Map<String, Object>> record) {
        return new Iterator<>() {
            private int next = first;

            @Override
            public boolean hasNext() {
                return next < first + count;
            }

            @Override
            public Map<String, Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return record.apply(next++);
            }
        };
    }
}
