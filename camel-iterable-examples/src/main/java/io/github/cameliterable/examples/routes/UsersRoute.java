package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Users: every customer becomes an Iterable user profile ({@code users/bulkUpdate}), with mapped and nested fields;
 * snapshot runs, so customers that left the table are counted as removed ({@code deleteBehavior=nothing} keeps their
 * profiles).
 *
 * <p>
 * Two routes: a schedule ({@code timer:users}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:users}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class UsersRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:users?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("users-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:users");

        from("direct:users").routeId("users")
                .to("sql:select email, first_name, last_name, city, plan, lifetime_value, signed_up_at from customers?outputType=StreamList")
                .to("iterable:users?matchBy=email&snapshot=true"
                        + "&fields=first_name:firstName,last_name:lastName,city:address.city,plan,lifetime_value:lifetimeValue,signed_up_at:signedUpAt")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
