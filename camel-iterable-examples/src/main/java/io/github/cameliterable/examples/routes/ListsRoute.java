package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Lists: the members of the {@code vip-customers} segment are the members of the static list of that name (found or
 * created); snapshot runs, so a customer that left the segment is unsubscribed from the list.
 *
 * <p>
 * Two routes: a schedule ({@code timer:lists}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:lists}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class ListsRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:lists?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("lists-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:lists");

        from("direct:lists").routeId("lists")
                .to("sql:select c.email from segment_members s join customers c on c.id = s.customer_id where s.segment = 'vip-customers'?outputType=StreamList")
                .to("iterable:lists?listName=vip-customers&snapshot=true")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
