package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Purchases (the events sync type with {@code eventType=purchase}): each order is tracked through
 * {@code commerce/trackPurchase} with its items (a JSON array column) and total.
 *
 * <p>
 * Two routes: a schedule ({@code timer:purchases}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:purchases}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed,
 * never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class PurchasesRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:purchases?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("purchases-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:purchases");

        from("direct:purchases").routeId("purchases")
                .to("sql:select o.order_id, c.email, o.items, o.total, o.ordered_at from orders o join customers c on c.id = o.customer_id?outputType=StreamList")
                .to("iterable:events?eventType=purchase&itemsColumn=items&totalColumn=total&eventIdColumn=order_id&primaryKey=order_id&createdAtColumn=ordered_at")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
