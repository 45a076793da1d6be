package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * User actions: each deletion request deletes the user ({@code DELETE users/{email}}), once per email, ever
 * ({@code mode=forget} would forget instead).
 *
 * <p>
 * Two routes: a schedule ({@code timer:user-actions}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:user-actions}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed,
 * never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class UserActionsRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:user-actions?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("user-actions-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:user-actions");

        from("direct:user-actions").routeId("user-actions")
                .to("sql:select email from deletion_requests?outputType=StreamList")
                .to("iterable:userActions?mode=delete")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
