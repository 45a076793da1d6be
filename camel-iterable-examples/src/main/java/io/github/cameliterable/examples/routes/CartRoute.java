package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Carts: each cart row updates the user's shopping cart ({@code commerce/updateCart}) the first time it appears, ever;
 * carts are inserts, a changed cart row is skipped.
 *
 * <p>
 * Two routes: a schedule ({@code timer:cart}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:cart}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class CartRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:cart?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("cart-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:cart");

        from("direct:cart").routeId("cart")
                .to("sql:select k.cart_id, c.email, k.items from carts k join customers c on c.id = k.customer_id?outputType=StreamList")
                .to("iterable:cart?primaryKey=cart_id&itemsColumn=items")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
