package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Custom events: each app event row is tracked once ({@code events/trackBulk}) with its own name, time and id; the
 * event id makes a changed or replayed row modify its event instead of duplicating it.
 *
 * <p>
 * Two routes: a schedule ({@code timer:events}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:events}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class EventsRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:events?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("events-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:events");

        from("direct:events").routeId("events")
                .to("sql:select e.id, c.email, e.event_name, e.occurred_at, e.screen from app_events e join customers c on c.id = e.customer_id?outputType=StreamList")
                .to("iterable:events?eventNameColumn=event_name&createdAtColumn=occurred_at&eventIdColumn=id&primaryKey=id")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
