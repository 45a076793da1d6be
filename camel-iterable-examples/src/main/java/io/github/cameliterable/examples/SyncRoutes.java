package io.github.cameliterable.examples;

import java.util.List;

import io.github.cameliterable.examples.routes.CartRoute;
import io.github.cameliterable.examples.routes.CatalogRoute;
import io.github.cameliterable.examples.routes.EmailRoute;
import io.github.cameliterable.examples.routes.EventsRoute;
import io.github.cameliterable.examples.routes.ListsRoute;
import io.github.cameliterable.examples.routes.PurchasesRoute;
import io.github.cameliterable.examples.routes.UserActionsRoute;
import io.github.cameliterable.examples.routes.UsersRoute;
import org.apache.camel.builder.RouteBuilder;

/** The examples' sync routes, in the order a run goes through them (users first: later syncs need the users). */
public final class SyncRoutes {
    /** One sync: the {@code direct:} name, the sync type it uses, its Java DSL route and its YAML file. */
    public record Sync(String name, String syncType, RouteBuilder javaRoute, String yamlRoute) {
    }

    private SyncRoutes() {
    }

    public static List<Sync> all() {
        return List.of(
                new Sync("users", "users", new UsersRoute(), "routes/users.yaml"),
                new Sync("events", "events", new EventsRoute(), "routes/events.yaml"),
                new Sync("purchases", "events", new PurchasesRoute(), "routes/purchases.yaml"),
                new Sync("cart", "cart", new CartRoute(), "routes/cart.yaml"),
                new Sync("catalog", "catalog", new CatalogRoute(), "routes/catalog.yaml"),
                new Sync("lists", "lists", new ListsRoute(), "routes/lists.yaml"),
                new Sync("email", "email", new EmailRoute(), "routes/email.yaml"),
                new Sync("user-actions", "userActions", new UserActionsRoute(), "routes/user-actions.yaml"));
    }
}
