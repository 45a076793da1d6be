package io.github.cameliterable.scale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.cameliterable.support.PostgresState;
import io.github.cameliterable.sync.SyncReport;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The JVM that {@link FailoverTest} kills: a CamelContext on the shared PostgreSQL state running, at once, a users
 * snapshot ({@link #users}) and first-seen user deletions ({@link #actions}). Prints {@code STARTED} once both runs
 * are under way, and a {@code REPORT} line per run if it lives that long. Arguments: Iterable base URI, API key, JDBC
 * URL, users endpoint URI, actions endpoint URI, users, actions.
 */
public final class FailoverWorker {
    private FailoverWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext camel = PostgresState.camelOnState(args[0], args[1], args[2])) {
            camel.addRoutes(routes(args[3], args[4]));
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            CompletableFuture<SyncReport> users = producer.asyncRequestBody("direct:users",
                    users(Integer.parseInt(args[5]), "pro"), SyncReport.class);
            CompletableFuture<SyncReport> actions = producer.asyncRequestBody("direct:actions",
                    actions(Integer.parseInt(args[6])), SyncReport.class);
            System.out.println("STARTED");
            System.out.println("REPORT users " + users.get().counts());
            System.out.println("REPORT actions " + actions.get().counts());
        }
    }

    static RouteBuilder routes(String usersUri, String actionsUri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:users").to(usersUri);
                from("direct:actions").to(actionsUri);
            }
        };
    }

    /** Users {@code 0 .. count - 1} on the plan given. */
    static List<Map<String, Object>> users(int count, String plan) {
        return IntStream.range(0, count).mapToObj(i -> Map.<String, Object> of("email", user(i), "plan", plan)).toList();
    }

    static String user(int i) {
        return "user" + i + "@failover.example.com";
    }

    /** The users to delete, once each ever: {@code count} of them. */
    static List<Map<String, Object>> actions(int count) {
        return IntStream.range(0, count).mapToObj(i -> Map.<String, Object> of("email", deleted(i))).toList();
    }

    static String deleted(int i) {
        return "gone" + i + "@failover.example.com";
    }
}
