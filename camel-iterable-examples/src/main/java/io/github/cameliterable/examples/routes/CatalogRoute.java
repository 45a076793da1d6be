package io.github.cameliterable.examples.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Catalog: the products table becomes the {@code products} catalog (created when missing); snapshot runs with
 * {@code deleteBehavior=delete}, so a product that left the table is deleted from the catalog.
 *
 * <p>
 * Two routes: a schedule ({@code timer:catalog}, off with {@code examples.schedule.enabled=false}) hands over to
 * {@code direct:catalog}, which reads the model with camel-sql ({@code outputType=StreamList}: rows are streamed, never
 * all held in memory) and syncs it; the body then is the sync report, logged under {@code iterable.sync}.
 */
public class CatalogRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("timer:catalog?delay={{examples.schedule.delay:5000}}&period={{examples.schedule.period:3600000}}")
                .routeId("catalog-schedule")
                .autoStartup("{{examples.schedule.enabled:true}}")
                .to("direct:catalog");

        from("direct:catalog").routeId("catalog")
                .to("sql:select sku, title, category, price, in_stock from products?outputType=StreamList")
                .to("iterable:catalog?catalogName=products&idColumn=sku&createCatalog=true&snapshot=true&deleteBehavior=delete")
                .log(LoggingLevel.INFO, "iterable.sync", "${body}");
    }
}
