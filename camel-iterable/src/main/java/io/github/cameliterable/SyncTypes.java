package io.github.cameliterable;

import io.github.cameliterable.client.DailyCaps;
import io.github.cameliterable.sync.CartSync;
import io.github.cameliterable.sync.CatalogSync;
import io.github.cameliterable.sync.EmailSync;
import io.github.cameliterable.sync.ListsSync;
import io.github.cameliterable.sync.UserActionsSync;
import io.github.cameliterable.sync.EventsSync;
import io.github.cameliterable.sync.SyncType;
import io.github.cameliterable.sync.UsersSync;

/** The endpoint path to its sync type. */
final class SyncTypes {
    private SyncTypes() {
    }

    static SyncType create(String name, IterableConfiguration configuration, DailyCaps caps) {
        return switch (name) {
            case "users" -> new UsersSync(configuration);
            case "events" -> new EventsSync(configuration);
            case "cart" -> new CartSync(configuration);
            case "catalog" -> new CatalogSync(configuration);
            case "lists" -> new ListsSync(configuration);
            case "email" -> new EmailSync(configuration);
            case "userActions" -> new UserActionsSync(configuration, caps);
            default -> throw new IllegalArgumentException(
                    "Unknown sync type '" + name + "': use users, events, cart, catalog, lists, email or userActions");
        };
    }
}
